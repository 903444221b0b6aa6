import { TestDatabases } from '@backstage/backend-test-utils';
import { Knex } from 'knex';
import { DatabaseReadinessStore } from './DatabaseReadinessStore';

const databases = TestDatabases.create();

describe.each(databases.eachSupportedId())(
  'DatabaseReadinessStore on %s',
  databaseId => {
    let knex: Knex;

    beforeEach(async () => {
      knex = await databases.init(databaseId);
      await DatabaseReadinessStore.create({
        database: { getClient: async () => knex },
      });
    });

    const TABLES = [
      'readiness_facts',
      'readiness_collector_runs',
      'readiness_results',
      'readiness_entities',
      'readiness_history',
      'readiness_attestations',
    ];

    it('migrates up and down, and up again', async () => {
      for (const table of TABLES) {
        expect(await knex.schema.hasTable(table)).toBe(true);
      }
      await DatabaseReadinessStore.rollbackAll(knex);
      for (const table of TABLES) {
        expect(await knex.schema.hasTable(table)).toBe(false);
      }
      await DatabaseReadinessStore.create({
        database: { getClient: async () => knex },
      });
      expect(await knex.schema.hasTable('readiness_history')).toBe(true);
    });

    it('skips migrations when the database service says so', async () => {
      const fresh = await databases.init(databaseId);
      await DatabaseReadinessStore.create({
        database: { getClient: async () => fresh, migrations: { skip: true } },
      });
      expect(await fresh.schema.hasTable('readiness_facts')).toBe(false);
    });
  },
);
