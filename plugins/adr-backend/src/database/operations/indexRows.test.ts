import { TestDatabases } from '@backstage/backend-test-utils';
import {
  adrWrite,
  migratedDatabase,
  sourceWrite,
} from '../__testUtils__/adrWrites';
import { readIndexRows, readRecordBodies, searchRecordKeys } from './indexRows';
import { writeSourceError } from './sources';
import { writeFolder } from './writeFolder';

const databases = TestDatabases.create();

describe.each(databases.eachSupportedId())(
  'the org view rows on %s',
  databaseId => {
    it('reads every ADR without body, the sources, matching keys and bodies', async () => {
      const knex = await migratedDatabase(databases, databaseId);
      await writeFolder({
        knex,
        source: sourceWrite('component:default/b', 'group:default/x'),
        adrs: [
          adrWrite('0002-b.md', {
            title: 'Use Kafka',
            decisionMakers: ['Alice Smith'],
            date: null,
          }),
          adrWrite('0001-a.md', { body: 'we chose 100% kafka' }),
        ],
        now: new Date('2024-05-01T00:00:00Z'),
      });
      await writeSourceError({
        knex,
        source: {
          entityRef: 'component:default/a',
          annotation: './adrs',
          location: null,
          owner: null,
          system: null,
        },
        error: 'gone',
      });

      const { records, sources } = await readIndexRows({ knex });
      expect(records.map(r => r.path)).toEqual(['0001-a.md', '0002-b.md']);
      expect(records[1]).toMatchObject({
        entityRef: 'component:default/b',
        number: 2,
        title: 'Use Kafka',
        titleSort: 'use kafka',
        decisionMakers: ['Alice Smith'],
        peopleText: 'alice smith',
        ageDate: '2024-05-01',
        owner: 'group:default/x',
      });
      expect(records[1]).not.toHaveProperty('body');
      expect(sources).toEqual([
        { entityRef: 'component:default/a', owner: null, hasError: true },
        {
          entityRef: 'component:default/b',
          owner: 'group:default/x',
          hasError: false,
        },
      ]);

      const keys = await searchRecordKeys({ knex, q: 'KAFKA' });
      expect(keys.map(k => k.path).sort()).toEqual(['0001-a.md', '0002-b.md']);
      expect(await searchRecordKeys({ knex, q: '100% kafka' })).toEqual([
        { entityRef: 'component:default/b', path: '0001-a.md' },
      ]);
      expect(await searchRecordKeys({ knex, q: '100_' })).toEqual([]);

      const bodies = await readRecordBodies({
        knex,
        keys: [
          { entityRef: 'component:default/b', path: '0001-a.md' },
          { entityRef: 'component:default/b', path: 'missing.md' },
        ],
      });
      expect([...bodies]).toEqual([
        ['component:default/b\n0001-a.md', 'we chose 100% kafka'],
      ]);
    });
  },
);
