import { TestDatabases } from '@backstage/backend-test-utils';
import { Knex } from 'knex';
import { DatabaseAdrStore } from './DatabaseAdrStore';

const databases = TestDatabases.create();

describe.each(databases.eachSupportedId())(
  'DatabaseAdrStore on %s',
  databaseId => {
    let knex: Knex;

    beforeEach(async () => {
      knex = await databases.init(databaseId);
      await DatabaseAdrStore.create({
        database: { getClient: async () => knex },
      });
    });

    it('migrates up and down', async () => {
      expect(await knex.schema.hasTable('adr_records')).toBe(true);
      expect(await knex.schema.hasTable('adr_sources')).toBe(true);
      await DatabaseAdrStore.rollbackAll(knex);
      expect(await knex.schema.hasTable('adr_records')).toBe(false);
      expect(await knex.schema.hasTable('adr_sources')).toBe(false);
      // And up again, as a redeploy after a rollback would.
      await DatabaseAdrStore.create({
        database: { getClient: async () => knex },
      });
      expect(await knex.schema.hasTable('adr_records')).toBe(true);
    });

    it('skips migrations when the database service says so', async () => {
      const fresh = await databases.init(databaseId);
      await DatabaseAdrStore.create({
        database: {
          getClient: async () => fresh,
          migrations: { skip: true },
        },
      });
      expect(await fresh.schema.hasTable('adr_records')).toBe(false);
    });
  },
);
