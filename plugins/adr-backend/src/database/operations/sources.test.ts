import { TestDatabases } from '@backstage/backend-test-utils';
import {
  adrWrite,
  migratedDatabase,
  sourceWrite,
} from '../__testUtils__/adrWrites';
import { listEntityRecords } from './records';
import { searchRecords } from './search';
import {
  deleteSourcesExcept,
  getSource,
  listSourceRefs,
  writeSourceError,
} from './sources';
import { writeFolder } from './writeFolder';

const databases = TestDatabases.create();

describe.each(databases.eachSupportedId())(
  'source operations on %s',
  databaseId => {
    const cutoff = '2024-06-01';

    it('keeps the last good ADRs when a folder read fails, and removes lost entities', async () => {
      const knex = await migratedDatabase(databases, databaseId);
      const a = sourceWrite('component:default/a', null);
      const b = sourceWrite('component:default/b', null);
      const now = new Date();
      await writeFolder({
        knex,
        source: a,
        adrs: [adrWrite('0001-a.md')],
        now,
      });
      await writeFolder({
        knex,
        source: b,
        adrs: [adrWrite('0001-b.md')],
        now,
      });
      await writeSourceError({
        knex,
        source: a,
        error: 'ADR folder x does not exist',
      });
      expect(await getSource({ knex, entityRef: a.entityRef })).toMatchObject({
        error: 'ADR folder x does not exist',
        adrCount: 1,
        lastReadAt: now.toISOString(),
      });
      expect(
        (
          await listEntityRecords({
            knex,
            entityRef: a.entityRef,
            staleCutoff: cutoff,
          })
        ).length,
      ).toBe(1);
      expect(await deleteSourcesExcept({ knex, keep: [b.entityRef] })).toEqual([
        a.entityRef,
      ]);
      expect(await getSource({ knex, entityRef: a.entityRef })).toBeUndefined();
      expect(await listSourceRefs({ knex })).toEqual([b.entityRef]);
      const list = await searchRecords({
        knex,
        filter: {},
        page: { limit: 10, offset: 0, order: 'date' },
        staleCutoff: cutoff,
      });
      expect(list.items.map(i => i.entityRef)).toEqual([b.entityRef]);
    });
  },
);
