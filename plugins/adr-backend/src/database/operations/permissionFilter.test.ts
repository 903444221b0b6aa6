import { TestDatabases } from '@backstage/backend-test-utils';
import {
  adrWrite,
  migratedDatabase,
  sourceWrite,
} from '../__testUtils__/adrWrites';
import { AdrPermissionFilter } from '../AdrStore';
import { searchRecords } from './search';
import { writeFolder } from './writeFolder';

const databases = TestDatabases.create();

describe.each(databases.eachSupportedId())(
  'applyPermission on %s',
  databaseId => {
    it('applies permission criteria as SQL, NOT included', async () => {
      const knex = await migratedDatabase(databases, databaseId);
      const now = new Date();
      await writeFolder({
        knex,
        source: sourceWrite('component:default/a', 'group:default/x'),
        adrs: [adrWrite('0001-a.md')],
        now,
      });
      await writeFolder({
        knex,
        source: sourceWrite('component:default/b', null),
        adrs: [adrWrite('0001-b.md'), adrWrite('0002-b.md')],
        now,
      });
      const count = async (permission: AdrPermissionFilter) =>
        (
          await searchRecords({
            knex,
            filter: {},
            page: { limit: 10, offset: 0, order: 'date' },
            permission,
            staleCutoff: '2024-06-01',
          })
        ).totalCount;
      const owner = {
        column: 'owner' as const,
        values: ['group:default/x'],
      };
      const entity = {
        column: 'entity_ref' as const,
        values: ['component:default/b'],
      };
      expect(await count(owner)).toBe(1);
      // An ADR without an owner is "not owned by x".
      expect(await count({ not: owner })).toBe(2);
      expect(await count({ anyOf: [owner, entity] })).toBe(3);
      expect(await count({ allOf: [owner, entity] })).toBe(0);
      expect(await count({ column: 'owner', values: [] })).toBe(0);
    });
  },
);
