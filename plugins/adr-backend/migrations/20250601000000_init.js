// @ts-check

/**
 * The ADR index: one row per entity whose ADR folder the backend reads
 * (adr_sources) and one row per ADR file (adr_records).
 *
 * Timestamps and dates are ISO strings, so comparing them as text gives the
 * same answer on SQLite and PostgreSQL.
 *
 * @param {import('knex').Knex} knex
 */
exports.up = async function up(knex) {
  await knex.schema.createTable('adr_sources', table => {
    table.comment(
      'One ADR folder per catalog entity with golden-path.io/adr-location',
    );
    table.string('entity_ref', 255).primary().notNullable();
    table.text('annotation').notNullable();
    table.text('location').nullable();
    table.string('owner', 255).nullable();
    table.string('system', 255).nullable();
    table.string('etag', 255).nullable();
    table.string('last_read_at', 32).nullable();
    table.text('error').nullable();
    table.text('warnings').notNullable().defaultTo('[]');
    table.integer('adr_count').notNullable().defaultTo(0);
    table.index(['owner'], 'adr_sources_owner_idx');
  });

  await knex.schema.createTable('adr_records', table => {
    table.comment('One parsed ADR file');
    table.string('entity_ref', 255).notNullable();
    table.string('path', 1024).notNullable();
    table.integer('number').nullable();
    table.text('slug').notNullable();
    table.text('title').nullable();
    table.text('title_sort').nullable();
    table.string('status', 32).nullable();
    table.text('status_raw').nullable();
    table.string('date', 10).nullable();
    // date ?? first_seen_at (YYYY-MM-DD): what "stale" is measured from.
    table.string('age_date', 10).notNullable();
    table.text('decision_makers').notNullable();
    table.text('consulted').notNullable();
    table.text('informed').notNullable();
    table.string('format', 16).notNullable();
    table.string('owner', 255).nullable();
    table.string('system', 255).nullable();
    table.text('supersedes').notNullable();
    table.text('superseded_by').notNullable();
    table.text('warnings').notNullable();
    table.text('body').notNullable();
    table.text('source_location').notNullable();
    // Lower-cased title, body and people, for the LIKE-per-word text filter.
    table.text('search_text').notNullable();
    // Lower-cased decision makers, one per line, for the decisionMaker filter.
    table.text('people_text').notNullable();
    table.string('first_seen_at', 32).notNullable();
    table.string('content_hash', 64).notNullable();
    table.primary(['entity_ref', 'path']);
    table.index(['status'], 'adr_records_status_idx');
    table.index(['date'], 'adr_records_date_idx');
    table.index(['owner'], 'adr_records_owner_idx');
    table.index(['system'], 'adr_records_system_idx');
    table.index(['age_date'], 'adr_records_age_date_idx');
  });
};

/** @param {import('knex').Knex} knex */
exports.down = async function down(knex) {
  await knex.schema.dropTable('adr_records');
  await knex.schema.dropTable('adr_sources');
};
