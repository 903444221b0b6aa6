import type { Migration } from './index';

/**
 * Saga state and the step log. One `sagas` row per saga instance; one
 * `saga_steps` row per attempt of a step's invoke or compensate, in the order
 * they happened. Timestamps are epoch milliseconds (BIGINT).
 */
export const sagaMigrations: Migration[] = [
  {
    name: '100_sagas',
    async up(knex) {
      await knex.schema.createTable('sagas', t => {
        t.string('id', 64).primary();
        t.string('name', 200).notNullable();
        /** running | compensating | completed | compensated | failed */
        t.string('status', 20).notNullable();
        /** JSON: the saga's input, fixed at start. */
        t.text('input').notNullable();
        /** JSON: what the steps returned so far (merged). */
        t.text('state').notNullable();
        /**
         * running: index of the next step to invoke; compensating: index of
         * the next step to compensate (counting down, -1 when none is left).
         */
        t.integer('current_step').notNullable();
        /** The step whose invoke failed (set when compensation starts). */
        t.string('failed_step', 200).nullable();
        /** Why the saga compensated or failed. */
        t.text('error').nullable();
        /** JSON: traceparent/tracestate of the request that started the saga. */
        t.text('trace_context').notNullable();
        /** Optimistic lock: every transition bumps it; a stale runner stops. */
        t.integer('version').notNullable();
        t.bigInteger('created_at').notNullable();
        t.bigInteger('updated_at').notNullable();
        t.index(['status', 'created_at'], 'sagas_status');
      });
      await knex.schema.createTable('saga_steps', t => {
        t.bigIncrements('id').primary();
        t.string('saga_id', 64)
          .notNullable()
          .references('id')
          .inTable('sagas')
          .onDelete('CASCADE');
        t.integer('step_index').notNullable();
        t.string('step', 200).notNullable();
        /** invoke | compensate */
        t.string('phase', 20).notNullable();
        /** started | succeeded | failed | interrupted */
        t.string('status', 20).notNullable();
        t.integer('attempt').notNullable();
        t.text('error').nullable();
        t.bigInteger('started_at').notNullable();
        t.bigInteger('finished_at').nullable();
        t.index(['saga_id', 'id'], 'saga_steps_saga');
      });
    },
    async down(knex) {
      await knex.schema.dropTable('saga_steps');
      await knex.schema.dropTable('sagas');
    },
  },
  {
    name: '101_saga_ownership',
    // saga_steps.status may now also be `refused`: the dependency's breaker or
    // bulkhead refused the attempt (no schema change, the column is a string).
    async up(knex) {
      await knex.schema.alterTable('sagas', t => {
        /**
         * The engine running the saga (SagaEngineOptions.ownerId), null when
         * none does. Claiming a saga sets it and bumps `version`, so a runner
         * that lost its lease is refused at its next transition.
         */
        t.string('owner', 200).nullable();
        /**
         * Epoch ms until which the owner's claim holds: renewed by its
         * heartbeat and at every transition. Past it, recovery in any engine
         * may claim the saga.
         */
        t.bigInteger('lease_expires_at').nullable();
      });
    },
    async down(knex) {
      await knex.schema.alterTable('sagas', t => {
        t.dropColumn('lease_expires_at');
        t.dropColumn('owner');
      });
    },
  },
];
