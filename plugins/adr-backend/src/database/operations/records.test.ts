import { TestDatabases } from '@backstage/backend-test-utils';
import {
  adrWrite,
  migratedDatabase,
  sourceWrite,
} from '../__testUtils__/adrWrites';
import { getRecord, getRecordGraph, listEntityRecords } from './records';
import { writeFolder } from './writeFolder';

const databases = TestDatabases.create();

describe.each(databases.eachSupportedId())(
  'record operations on %s',
  databaseId => {
    it("lists one entity's ADRs by number, answers one, and its supersede links", async () => {
      const knex = await migratedDatabase(databases, databaseId);
      const entityRef = 'component:default/a';
      const link = {
        entityRef,
        target: '0001-a.md',
        path: '0001-a.md',
        number: 1,
        title: 'Title of 0001-a.md',
      };
      await writeFolder({
        knex,
        source: sourceWrite(entityRef, 'group:default/x'),
        adrs: [
          adrWrite('notes.md', { number: null }),
          adrWrite('0002-b.md', { supersedes: [link], consulted: ['Carol'] }),
          adrWrite('0001-a.md', { status: 'superseded' }),
        ],
        now: new Date(),
      });
      await writeFolder({
        knex,
        source: sourceWrite('component:default/other', null),
        adrs: [adrWrite('0001-a.md')],
        now: new Date(),
      });
      const staleCutoff = '2024-06-01';

      expect(
        (await listEntityRecords({ knex, entityRef, staleCutoff })).map(
          adr => adr.path,
        ),
      ).toEqual(['0001-a.md', '0002-b.md', 'notes.md']);
      expect(
        await getRecord({ knex, entityRef, path: '0002-b.md', staleCutoff }),
      ).toMatchObject({
        number: 2,
        body: 'Body of 0002-b.md',
        consulted: ['Carol'],
        informed: [],
        sourceLocation: 'file:/repo/0002-b.md',
        supersedes: [link],
      });
      // Filtered out reads as missing.
      expect(
        await getRecord({
          knex,
          entityRef,
          path: '0002-b.md',
          staleCutoff,
          permission: { column: 'owner', values: ['group:default/y'] },
        }),
      ).toBeUndefined();
      const graph = await getRecordGraph({ knex, entityRef });
      expect(graph.map(node => node.path).sort()).toEqual([
        '0001-a.md',
        '0002-b.md',
        'notes.md',
      ]);
      expect(graph.find(node => node.path === '0002-b.md')).toEqual({
        path: '0002-b.md',
        number: 2,
        title: 'Title of 0002-b.md',
        status: 'accepted',
        statusRaw: 'Accepted',
        date: '2024-01-01',
        supersedes: [link],
        supersededBy: [],
      });
    });
  },
);
