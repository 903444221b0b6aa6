// @ts-check

/**
 * The golden-path drift snapshot: which template version each service is
 * on, computed by a scheduler task and read by every replica. One row, the
 * whole snapshot as JSON (a few hundred bytes per service).
 *
 * @param {import('knex').Knex} knex
 */
exports.up = async function up(knex) {
  await knex.schema.createTable('golden_path_drift', table => {
    table.comment('The latest golden-path drift snapshot (one row)');
    table.string('id', 32).primary().notNullable();
    table.string('generated_at', 32).notNullable();
    table.text('data').notNullable();
  });
};

/** @param {import('knex').Knex} knex */
exports.down = async function down(knex) {
  await knex.schema.dropTable('golden_path_drift');
};
