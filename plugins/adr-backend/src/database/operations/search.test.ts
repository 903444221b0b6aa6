import { TestDatabases } from '@backstage/backend-test-utils';
import {
  adrWrite,
  migratedDatabase,
  sourceWrite,
} from '../__testUtils__/adrWrites';
import { searchRecords } from './search';
import { writeFolder } from './writeFolder';

const databases = TestDatabases.create();

describe.each(databases.eachSupportedId())(
  'searchRecords on %s',
  databaseId => {
    it('counts by status in one pass and orders undated ADRs last', async () => {
      const knex = await migratedDatabase(databases, databaseId);
      await writeFolder({
        knex,
        source: sourceWrite('component:default/a', null),
        adrs: [
          adrWrite('0001-a.md', { status: 'proposed', date: '2020-01-01' }),
          adrWrite('0002-b.md', { status: null, date: null }),
          adrWrite('0003-c.md', { status: 'accepted', date: '2024-02-02' }),
        ],
        now: new Date(),
      });
      const result = await searchRecords({
        knex,
        filter: { status: ['proposed', 'unknown'] },
        page: { limit: 10, offset: 0, order: 'date' },
        staleCutoff: '2024-06-01',
      });
      expect(result.totalCount).toBe(2);
      expect(result.staleProposedCount).toBe(1);
      expect(result.counts).toMatchObject({
        proposed: 1,
        accepted: 1,
        unknown: 1,
      });
      expect(result.items.map(i => i.path)).toEqual(['0001-a.md', '0002-b.md']);
    });
  },
);
