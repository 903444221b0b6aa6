import { resolvePackagePath } from '@backstage/backend-plugin-api';
import { TestDatabases } from '@backstage/backend-test-utils';
import { Knex } from 'knex';
import { DatabaseSloStore } from './DatabaseSloStore';
import { HOUR, MINUTE, OTHER, REF, T0 } from './__testUtils__/sloFixtures';

const migrationsDir = resolvePackagePath(
  '@golden-path/plugin-slo-backend',
  'migrations',
);

/** The SLI rows by slo_ref, whichever key the tables have. */
async function sliRows(knex: Knex) {
  const keyed = await knex.schema.hasTable('slo_keys');
  const read = (table: string, time: string, extra: string[]) => {
    const query = knex(table).select([
      'slo_ref',
      time,
      'good',
      'total',
      ...extra,
    ]);
    if (keyed) query.join('slo_keys', 'slo_keys.id', `${table}.slo_id`);
    return query.orderBy(['slo_ref', time]);
  };
  const numbers = (rows: any[]) =>
    rows.map(row =>
      Object.fromEntries(
        Object.entries(row).map(([k, v]) => [
          k,
          k === 'slo_ref' ? v : Number(v),
        ]),
      ),
    );
  return {
    minutes: numbers(await read('slo_sli_minutes', 'minute', [])),
    hours: numbers(await read('slo_sli_hours', 'hour', ['minutes_pruned'])),
  };
}

const databases = TestDatabases.create();

describe.each(databases.eachSupportedId())(
  'DatabaseSloStore on %s',
  databaseId => {
    it('migrates up and down, and up again', async () => {
      const knex = await databases.init(databaseId);
      await DatabaseSloStore.create({
        database: { getClient: async () => knex },
      });
      const tables = [
        'slo_entities',
        'slo_definitions',
        'slo_sli_minutes',
        'slo_sli_hours',
        'slo_summaries',
      ];
      for (const table of tables) {
        expect(await knex.schema.hasTable(table)).toBe(true);
      }
      await DatabaseSloStore.rollbackAll(knex);
      for (const table of tables) {
        expect(await knex.schema.hasTable(table)).toBe(false);
      }
      await DatabaseSloStore.create({
        database: { getClient: async () => knex },
      });
      expect(await knex.schema.hasTable('slo_sli_hours')).toBe(true);
    });

    it('moves SLI rows of the first schema to integer keys and back', async () => {
      const knex = await databases.init(databaseId);
      // Only 20260601000000_init.js: the tables keyed by slo_ref.
      await knex.migrate.up({ directory: migrationsDir });
      expect(await knex.schema.hasTable('slo_keys')).toBe(false);
      const third = 'component:default/gone#gone-availability';
      await knex('slo_definitions').insert({
        slo_ref: REF,
        entity_ref: 'component:default/orders',
        definition: '{}',
      });
      // OTHER and `third` have data but no definition (data outlives it).
      const minutes = [REF, OTHER, third].flatMap((ref, i) =>
        Array.from({ length: 130 }, (_, m) => ({
          slo_ref: ref,
          minute: T0 + m,
          good: 100 + m + i + 0.25,
          total: 200 + m,
        })),
      );
      for (let i = 0; i < minutes.length; i += 100) {
        await knex('slo_sli_minutes').insert(minutes.slice(i, i + 100));
      }
      await knex('slo_sli_hours').insert(
        [REF, OTHER, third].flatMap((ref, i) =>
          [0, 1, 2].map(h => ({
            slo_ref: ref,
            hour: T0 / 60 + h,
            good: 6000 + h + i + 0.5,
            total: 12000 + h,
            minutes_pruned: h === 0 ? 1 : 0,
          })),
        ),
      );
      const before = await sliRows(knex);
      expect(before.minutes).toHaveLength(390);
      expect(before.hours).toHaveLength(9);

      const store = await DatabaseSloStore.create({
        database: { getClient: async () => knex },
      });
      expect(await knex.schema.hasColumn('slo_sli_minutes', 'slo_ref')).toBe(
        false,
      );
      expect(
        (await knex('slo_keys').select('slo_ref').orderBy('slo_ref')).map(
          row => row.slo_ref,
        ),
      ).toEqual([REF, OTHER, third].sort());
      expect(await sliRows(knex)).toEqual(before);
      // The store reads and writes the copied rows by their new ids.
      expect(
        await store.countsBetween(third, T0 * MINUTE, (T0 + 3) * MINUTE),
      ).toEqual({ good: 102.25 + 103.25 + 104.25, total: 603 });
      expect(
        await store.countsBetween(
          OTHER,
          (T0 + 180) * MINUTE,
          T0 * MINUTE + 4 * HOUR,
        ),
      ).toBeNull();
      expect(
        await store.writeBuckets([
          { sloRef: REF, minute: T0 + 5, good: 1, total: 1 },
        ]),
      ).toEqual([{ sloRef: REF, hour: T0 / 60 }]);

      // Down: the first schema again, with the same rows.
      await knex.migrate.down({ directory: migrationsDir });
      expect(await knex.schema.hasTable('slo_keys')).toBe(false);
      expect(await knex.schema.hasColumn('slo_sli_hours', 'slo_ref')).toBe(
        true,
      );
      expect(await sliRows(knex)).toEqual(before);
    });

    it('skips migrations when the database service says so', async () => {
      const fresh = await databases.init(databaseId);
      await DatabaseSloStore.create({
        database: { getClient: async () => fresh, migrations: { skip: true } },
      });
      expect(await fresh.schema.hasTable('slo_sli_minutes')).toBe(false);
    });
  },
);
