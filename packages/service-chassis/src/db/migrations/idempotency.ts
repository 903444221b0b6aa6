import type { Migration } from './index';

/**
 * What participants answered, per idempotency key (withIdempotencyKey), so a
 * repeated request replays the first answer instead of acting twice.
 */
export const idempotencyMigrations: Migration[] = [
  {
    name: '010_idempotency_keys',
    async up(knex) {
      await knex.schema.createTable('idempotency_keys', t => {
        /** The endpoint, e.g. 'POST /payments': keys are scoped per endpoint. */
        t.string('scope', 100).notNullable();
        t.string('key', 200).notNullable();
        /** SHA-256 of the request body: the same key with another body is refused. */
        t.string('fingerprint', 64).notNullable();
        t.integer('status_code').notNullable();
        /** JSON: the response returned to the first request. */
        t.text('response').notNullable();
        t.bigInteger('created_at').notNullable();
        t.primary(['scope', 'key']);
        t.index(['created_at'], 'idempotency_keys_created_at');
      });
    },
    async down(knex) {
      await knex.schema.dropTable('idempotency_keys');
    },
  },
];
