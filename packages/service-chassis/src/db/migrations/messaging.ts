import type { Migration } from './index';

/**
 * Outbox, inbox and dead letters. Timestamps are epoch milliseconds (BIGINT)
 * so SQLite and PostgreSQL compare and sort them the same way.
 */
export const messagingMigrations: Migration[] = [
  {
    name: '001_outbox',
    async up(knex) {
      await knex.schema.createTable('outbox', t => {
        // Insertion order: the relay publishes each aggregate's rows in this order.
        t.bigIncrements('position').primary();
        t.string('id', 64).notNullable().unique();
        t.string('aggregate_type', 200).notNullable();
        t.string('aggregate_id', 200).notNullable();
        t.string('event_type', 200).notNullable();
        t.text('payload').notNullable();
        /** JSON: traceparent, tracestate, idempotency-key. */
        t.text('headers').notNullable();
        t.bigInteger('created_at').notNullable();
        t.bigInteger('published_at').nullable();
        t.integer('attempts').notNullable().defaultTo(0);
        t.bigInteger('next_attempt_at').notNullable();
        t.text('last_error').nullable();
        t.index(['published_at', 'position'], 'outbox_unpublished');
        t.index(
          ['aggregate_type', 'aggregate_id', 'position'],
          'outbox_aggregate',
        );
      });
    },
    async down(knex) {
      await knex.schema.dropTable('outbox');
    },
  },
  {
    name: '002_inbox',
    async up(knex) {
      await knex.schema.createTable('inbox', t => {
        t.string('consumer', 200).notNullable();
        t.string('message_id', 64).notNullable();
        t.string('subject', 400).notNullable();
        t.bigInteger('processed_at').notNullable();
        t.primary(['consumer', 'message_id']);
        t.index(['processed_at'], 'inbox_processed_at');
      });
      await knex.schema.createTable('dead_letter', t => {
        t.bigIncrements('id').primary();
        t.string('consumer', 200).notNullable();
        t.string('message_id', 64).notNullable();
        t.string('subject', 400).notNullable();
        t.text('body').notNullable();
        t.text('headers').notNullable();
        t.text('error').notNullable();
        t.integer('attempts').notNullable();
        t.bigInteger('parked_at').notNullable();
        t.unique(['consumer', 'message_id']);
      });
    },
    async down(knex) {
      await knex.schema.dropTable('dead_letter');
      await knex.schema.dropTable('inbox');
    },
  },
  {
    name: '003_relay_lease',
    async up(knex) {
      // On SQLite (no SKIP LOCKED) one relay replica at a time holds the lease;
      // a crashed owner's lease expires and another replica takes over.
      await knex.schema.createTable('relay_lease', t => {
        t.string('name', 200).primary();
        t.string('owner', 200).notNullable();
        t.bigInteger('expires_at').notNullable();
      });
      // Published rows pile up until cleanup: the relay's scans stay on the
      // pending ones (partial index, same syntax on SQLite and PostgreSQL).
      await knex.raw(
        'CREATE INDEX outbox_pending ON outbox (position) WHERE published_at IS NULL',
      );
      await knex.raw(
        'CREATE INDEX outbox_pending_aggregate ON outbox (aggregate_id, position) WHERE published_at IS NULL',
      );
    },
    async down(knex) {
      await knex.raw('DROP INDEX outbox_pending_aggregate');
      await knex.raw('DROP INDEX outbox_pending');
      await knex.schema.dropTable('relay_lease');
    },
  },
  {
    name: '004_dead_letter_parked_at',
    async up(knex) {
      // Retention cleanup deletes dead letters by age: a poison-message flood
      // can park many, and each batch must not scan them all.
      await knex.schema.alterTable('dead_letter', t => {
        t.index(['parked_at'], 'dead_letter_parked_at');
      });
    },
    async down(knex) {
      await knex.schema.alterTable('dead_letter', t => {
        t.dropIndex(['parked_at'], 'dead_letter_parked_at');
      });
    },
  },
];
