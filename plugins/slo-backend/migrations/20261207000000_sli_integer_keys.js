// @ts-check

/**
 * SLI tables keyed by an integer per SLO (issue 19, item 3: SLI store at scale).
 *
 * - slo_keys: slo_ref -> id, one row per SLO that ever had a definition or
 *   SLI data. A row is never changed or deleted, so a store may cache ids
 *   for good. It is a table of its own, not a column of slo_definitions,
 *   because SLI data outlives a definition (an SLO that leaves the catalog
 *   keeps its data until retention removes it, and gets it back when it
 *   returns) and may be ingested before its definition is synced.
 * - slo_sli_minutes (slo_id, minute) and slo_sli_hours (slo_id, hour): the
 *   primary key is the only index. The old tables carried the 600-character
 *   slo_ref in their primary key plus an index on minute (hour), so every
 *   point updated three B-trees (rowid table, key, time index) with long
 *   string keys; ingestion slowed as they grew.
 *
 * Why no index on time: retention deletes `minute < X` (`hour < X`), which
 * an index led by time would serve in one range scan, but every ingested
 * point would pay for keeping it. Retention runs far less often than
 * ingestion, so it prunes per SLO instead: `slo_id in (...) and minute < X`
 * is a range at the start of each SLO's part of the primary key, on SQLite
 * and PostgreSQL alike. Every read (counts, roll-ups, sealed hours) is per
 * SLO and uses the same key.
 *
 * On SQLite the two tables are WITHOUT ROWID: the primary key B-tree is the
 * table, so a point touches one B-tree instead of two (knex's schema builder
 * cannot say so, hence the raw statement). PostgreSQL has no such option;
 * there the table is a heap and the key its one index.
 *
 * Existing rows are copied with their new ids; `down` copies them back.
 *
 * @param {import('knex').Knex} knex
 */
exports.up = async function up(knex) {
  await knex.schema.createTable('slo_keys', table => {
    table.comment('Integer id of every SLO that has a definition or SLI data');
    table.increments('id');
    table.string('slo_ref', 600).notNullable().unique({
      indexName: 'slo_keys_slo_ref_idx',
    });
  });
  await knex.raw(
    `insert into slo_keys (slo_ref)
       select slo_ref from slo_definitions
       union select slo_ref from slo_sli_minutes
       union select slo_ref from slo_sli_hours
       order by slo_ref`,
  );

  await createSliTable(knex, 'slo_sli_minutes_next', 'minute');
  await knex.raw(
    `insert into slo_sli_minutes_next (slo_id, minute, good, total)
       select k.id, m.minute, m.good, m.total
       from slo_sli_minutes m join slo_keys k on k.slo_ref = m.slo_ref`,
  );
  await knex.schema.dropTable('slo_sli_minutes');
  await knex.schema.renameTable('slo_sli_minutes_next', 'slo_sli_minutes');

  await createSliTable(knex, 'slo_sli_hours_next', 'hour');
  await knex.raw(
    `insert into slo_sli_hours_next (slo_id, hour, good, total, minutes_pruned)
       select k.id, h.hour, h.good, h.total, h.minutes_pruned
       from slo_sli_hours h join slo_keys k on k.slo_ref = h.slo_ref`,
  );
  await knex.schema.dropTable('slo_sli_hours');
  await knex.schema.renameTable('slo_sli_hours_next', 'slo_sli_hours');
};

/**
 * @param {import('knex').Knex} knex
 * @param {string} name
 * @param {'minute' | 'hour'} time
 */
async function createSliTable(knex, name, time) {
  // Named after the final table, unlike knex's default `<name>_pkey`, which
  // would keep the temporary name after the rename.
  const pk = time === 'minute' ? 'slo_sli_minutes_pk' : 'slo_sli_hours_pk';
  const pruned =
    time === 'hour' ? 'minutes_pruned integer not null default 0, ' : '';
  if (knex.client.dialect === 'sqlite3') {
    await knex.raw(
      `create table ${name} (slo_id integer not null, ${time} integer not null, ` +
        `good float not null, total float not null, ${pruned}` +
        `constraint ${pk} primary key (slo_id, ${time})) without rowid`,
    );
    return;
  }
  await knex.schema.createTable(name, table => {
    table.comment(
      time === 'minute'
        ? 'Ingested SLI data per SLO (slo_keys.id) and minute'
        : 'Hourly roll-ups of slo_sli_minutes',
    );
    table.integer('slo_id').notNullable();
    table.integer(time).notNullable();
    table.double('good').notNullable();
    table.double('total').notNullable();
    if (time === 'hour') {
      table.integer('minutes_pruned').notNullable().defaultTo(0);
    }
    table.primary(['slo_id', time], pk);
  });
}

/** @param {import('knex').Knex} knex */
exports.down = async function down(knex) {
  // The shape of 20260601000000_init.js, with its constraint and index names.
  await knex.schema.createTable('slo_sli_minutes_prev', table => {
    table.comment('Ingested SLI data per SLO and minute');
    table.string('slo_ref', 600).notNullable();
    table.integer('minute').notNullable();
    table.double('good').notNullable();
    table.double('total').notNullable();
    table.primary(['slo_ref', 'minute'], 'slo_sli_minutes_pkey');
    table.index(['minute'], 'slo_sli_minutes_minute_idx');
  });
  await knex.raw(
    `insert into slo_sli_minutes_prev (slo_ref, minute, good, total)
       select k.slo_ref, m.minute, m.good, m.total
       from slo_sli_minutes m join slo_keys k on k.id = m.slo_id`,
  );
  await knex.schema.dropTable('slo_sli_minutes');
  await knex.schema.renameTable('slo_sli_minutes_prev', 'slo_sli_minutes');

  await knex.schema.createTable('slo_sli_hours_prev', table => {
    table.comment('Hourly roll-ups of slo_sli_minutes');
    table.string('slo_ref', 600).notNullable();
    table.integer('hour').notNullable();
    table.double('good').notNullable();
    table.double('total').notNullable();
    table.integer('minutes_pruned').notNullable().defaultTo(0);
    table.primary(['slo_ref', 'hour'], 'slo_sli_hours_pkey');
    table.index(['hour'], 'slo_sli_hours_hour_idx');
  });
  await knex.raw(
    `insert into slo_sli_hours_prev (slo_ref, hour, good, total, minutes_pruned)
       select k.slo_ref, h.hour, h.good, h.total, h.minutes_pruned
       from slo_sli_hours h join slo_keys k on k.id = h.slo_id`,
  );
  await knex.schema.dropTable('slo_sli_hours');
  await knex.schema.renameTable('slo_sli_hours_prev', 'slo_sli_hours');

  await knex.schema.dropTable('slo_keys');
};
