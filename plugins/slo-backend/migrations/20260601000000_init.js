// @ts-check

/**
 * The SLO store.
 *
 * - slo_entities: one row per component with SLOs (tier and/or OpenSLO file),
 *   with the problems found reading its definitions.
 * - slo_definitions: one row per SLO, rebuilt from the catalog on every run.
 * - slo_sli_minutes: ingested SLI data, one bucket per SLO and minute
 *   (minutes since the epoch); ingestion replaces a bucket, so a retried
 *   batch does not double-count.
 * - slo_sli_hours: hourly roll-ups (hours since the epoch), kept equal to the
 *   sum of their minutes in the same transaction; `minutes_pruned` marks an
 *   hour whose minutes retention has deleted (it can no longer be changed).
 * - slo_summaries: the computed budgets, alerts and burn-down per SLO.
 *
 * Counts are doubles: histogram ingestion can interpolate a fractional good
 * count, and doubles add integers exactly up to 2^53.
 *
 * @param {import('knex').Knex} knex
 */
exports.up = async function up(knex) {
  await knex.schema.createTable('slo_entities', table => {
    table.comment('Components with SLOs and the problems of their definitions');
    table.string('entity_ref', 255).primary().notNullable();
    table.string('title', 255).nullable();
    table.string('owner', 255).nullable();
    table.string('system', 255).nullable();
    table.string('tier', 32).nullable();
    table.text('errors').notNullable().defaultTo('[]');
    table.string('updated_at', 32).notNullable();
    table.index(['owner'], 'slo_entities_owner_idx');
  });

  await knex.schema.createTable('slo_definitions', table => {
    table.comment('One row per SLO, derived from tiers and OpenSLO files');
    table.string('slo_ref', 600).primary().notNullable();
    table.string('entity_ref', 255).notNullable();
    table.text('definition').notNullable();
    table.index(['entity_ref'], 'slo_definitions_entity_idx');
  });

  await knex.schema.createTable('slo_sli_minutes', table => {
    table.comment('Ingested SLI data per SLO and minute');
    table.string('slo_ref', 600).notNullable();
    table.integer('minute').notNullable();
    table.double('good').notNullable();
    table.double('total').notNullable();
    table.primary(['slo_ref', 'minute']);
    table.index(['minute'], 'slo_sli_minutes_minute_idx');
  });

  await knex.schema.createTable('slo_sli_hours', table => {
    table.comment('Hourly roll-ups of slo_sli_minutes');
    table.string('slo_ref', 600).notNullable();
    table.integer('hour').notNullable();
    table.double('good').notNullable();
    table.double('total').notNullable();
    table.integer('minutes_pruned').notNullable().defaultTo(0);
    table.primary(['slo_ref', 'hour']);
    table.index(['hour'], 'slo_sli_hours_hour_idx');
  });

  await knex.schema.createTable('slo_summaries', table => {
    table.comment('Computed budgets, alerts and burn-down per SLO');
    table.string('slo_ref', 600).primary().notNullable();
    table.string('entity_ref', 255).notNullable();
    table.text('summary').notNullable();
    table.text('burn_down').notNullable().defaultTo('[]');
    table.string('computed_at', 32).notNullable();
    table.index(['entity_ref'], 'slo_summaries_entity_idx');
  });
};

/** @param {import('knex').Knex} knex */
exports.down = async function down(knex) {
  await knex.schema.dropTable('slo_summaries');
  await knex.schema.dropTable('slo_sli_hours');
  await knex.schema.dropTable('slo_sli_minutes');
  await knex.schema.dropTable('slo_definitions');
  await knex.schema.dropTable('slo_entities');
};
