// @ts-check

/**
 * The readiness store.
 *
 * - readiness_facts: the newest value of each fact per entity, with the
 *   collector that wrote it and when (a failing collector leaves the last
 *   good value in place).
 * - readiness_collector_runs: per collector and entity, when it last ran and
 *   why it failed (null when it did not).
 * - readiness_fact_versions: per entity, a counter raised in the same
 *   transaction as any change of a fact value or a collector error, so an
 *   evaluation can skip components whose inputs did not change (a counter,
 *   not a time: writers committing out of order cannot hide a change).
 * - readiness_results: the current outcome of each check per entity, with
 *   the facts it was evaluated on. A row is rewritten only when the outcome,
 *   the message or a fact value changes (`signature`), so evaluated_at is
 *   the evaluation that last changed it; evaluating 5,000 unchanged
 *   components writes almost nothing.
 * - readiness_entities: one summary row per evaluated component (level,
 *   counts, the outcome of each check for the org overview).
 * - readiness_history: one row per evaluation that changed a component's
 *   summary, and at least one per component and day it was evaluated;
 *   pruned after goldenPath.readiness.historyDays.
 * - readiness_attestations: append-only audit trail of manual attestations
 *   (the code has no update or delete path for it).
 *
 * Times are ISO strings and days YYYY-MM-DD, so comparing them as text gives
 * the same answer on SQLite and PostgreSQL.
 *
 * @param {import('knex').Knex} knex
 */
exports.up = async function up(knex) {
  await knex.schema.createTable('readiness_facts', table => {
    table.comment('The newest collected value of each fact per entity');
    table.string('entity_ref', 255).notNullable();
    table.string('fact_id', 255).notNullable();
    // JSON of the FactValue.
    table.text('value').notNullable();
    table.string('collector', 100).notNullable();
    table.string('collected_at', 32).notNullable();
    table.primary(['entity_ref', 'fact_id']);
    table.index(['collector'], 'readiness_facts_collector_idx');
  });

  await knex.schema.createTable('readiness_collector_runs', table => {
    table.comment('The last run of each collector per entity, with its error');
    table.string('collector', 100).notNullable();
    table.string('entity_ref', 255).notNullable();
    table.string('ran_at', 32).notNullable();
    table.text('error').nullable();
    table.primary(['collector', 'entity_ref']);
    table.index(['entity_ref'], 'readiness_collector_runs_entity_idx');
  });

  await knex.schema.createTable('readiness_fact_versions', table => {
    table.comment(
      'Raised on every change of the facts or collector errors of an entity',
    );
    table.string('entity_ref', 255).primary().notNullable();
    table.integer('version').notNullable();
  });

  await knex.schema.createTable('readiness_results', table => {
    table.comment('The current outcome of each check per entity');
    table.string('entity_ref', 255).notNullable();
    table.string('check_id', 100).notNullable();
    table.string('outcome', 16).notNullable();
    table.text('message').notNullable();
    // JSON FactSnapshot[]: the facts the check was evaluated on.
    table.text('facts').notNullable();
    // Hash of outcome, message and fact values (not collection times).
    table.string('signature', 64).notNullable();
    table.string('evaluated_at', 32).notNullable();
    table.primary(['entity_ref', 'check_id']);
  });

  await knex.schema.createTable('readiness_entities', table => {
    table.comment('One summary row per evaluated component');
    table.string('entity_ref', 255).primary().notNullable();
    table.string('title', 255).nullable();
    table.string('owner', 255).nullable();
    table.string('system', 255).nullable();
    table.string('domain', 255).nullable();
    table.string('tier', 32).nullable();
    table.string('level', 16).notNullable();
    table.string('required_level', 16).notNullable();
    table.boolean('meets_required').notNullable();
    table.integer('passed').notNullable();
    table.integer('applicable').notNullable();
    // JSON { [checkId]: outcome }: the org overview reads no other table.
    table.text('outcomes').notNullable();
    // Hash of all its results: an unchanged component's results are not
    // even read back.
    table.string('results_signature', 64).notNullable();
    // Hash of what the evaluation read (checks, entity, fact version,
    // attestations): the same inputs need no evaluation.
    table.string('inputs_signature', 64).notNullable();
    table.string('evaluated_at', 32).notNullable();
    table.index(['owner'], 'readiness_entities_owner_idx');
    table.index(['system'], 'readiness_entities_system_idx');
  });

  await knex.schema.createTable('readiness_history', table => {
    table.comment('Evaluations of each component over time, for trends');
    table.bigIncrements('id').primary();
    table.string('entity_ref', 255).notNullable();
    table.string('day', 10).notNullable();
    table.string('evaluated_at', 32).notNullable();
    table.string('level', 16).notNullable();
    table.string('required_level', 16).notNullable();
    table.boolean('meets_required').notNullable();
    table.integer('passed').notNullable();
    table.integer('applicable').notNullable();
    table.index(['entity_ref', 'evaluated_at'], 'readiness_history_entity_idx');
    table.index(['day', 'entity_ref'], 'readiness_history_day_idx');
  });

  await knex.schema.createTable('readiness_attestations', table => {
    table.comment('Append-only audit trail of manual attestations');
    table.string('id', 36).primary().notNullable();
    table.string('entity_ref', 255).notNullable();
    table.string('check_id', 100).notNullable();
    table.string('author', 255).notNullable();
    table.text('comment').notNullable();
    table.string('created_at', 32).notNullable();
    table.string('expires_at', 32).notNullable();
    table.index(
      ['entity_ref', 'check_id', 'expires_at'],
      'readiness_attestations_entity_idx',
    );
    table.index(['expires_at'], 'readiness_attestations_expires_idx');
  });
};

/** @param {import('knex').Knex} knex */
exports.down = async function down(knex) {
  await knex.schema.dropTable('readiness_attestations');
  await knex.schema.dropTable('readiness_history');
  await knex.schema.dropTable('readiness_entities');
  await knex.schema.dropTable('readiness_results');
  await knex.schema.dropTable('readiness_fact_versions');
  await knex.schema.dropTable('readiness_collector_runs');
  await knex.schema.dropTable('readiness_facts');
};
