import { TestDatabases } from '@backstage/backend-test-utils';
import { DatabaseSloStore } from './DatabaseSloStore';

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

    it('skips migrations when the database service says so', async () => {
      const fresh = await databases.init(databaseId);
      await DatabaseSloStore.create({
        database: { getClient: async () => fresh, migrations: { skip: true } },
      });
      expect(await fresh.schema.hasTable('slo_sli_minutes')).toBe(false);
    });
  },
);
