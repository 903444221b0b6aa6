import { TestDatabases } from '@backstage/backend-test-utils';
import {
  adrWrite,
  migratedDatabase,
  sourceWrite,
} from '../__testUtils__/adrWrites';
import { writeSourceError } from './sources';
import { getCounts, getFacets } from './stats';
import { writeFolder } from './writeFolder';

const databases = TestDatabases.create();

describe.each(databases.eachSupportedId())('stats on %s', databaseId => {
  it('counts facets (decision makers case-insensitively) and sources with errors', async () => {
    const knex = await migratedDatabase(databases, databaseId);
    const now = new Date('2024-01-01T00:00:00Z');
    await writeFolder({
      knex,
      source: sourceWrite('component:default/a', 'group:default/x'),
      adrs: [
        adrWrite('0001-a.md', {
          status: 'proposed',
          date: '2020-01-01',
          decisionMakers: ['Alice Smith', 'alice smith', 'Bob Jones'],
        }),
        adrWrite('0002-a.md', { decisionMakers: ['ALICE SMITH'] }),
      ],
      now,
    });
    await writeFolder({
      knex,
      source: sourceWrite('component:default/b', null),
      adrs: [adrWrite('0001-b.md')],
      now,
    });
    await writeSourceError({
      knex,
      source: sourceWrite('component:default/b', null),
      error: 'gone',
    });

    expect(await getFacets({ knex })).toEqual({
      owners: [{ value: 'group:default/x', count: 2 }],
      systems: [{ value: 'system:default/shop', count: 3 }],
      entities: [
        { value: 'component:default/a', count: 2 },
        { value: 'component:default/b', count: 1 },
      ],
      // Each ADR counts a name once; the first spelling seen is shown.
      decisionMakers: [
        { value: 'Alice Smith', count: 2 },
        { value: 'Bob Jones', count: 1 },
      ],
    });
    expect(
      await getFacets({
        knex,
        permission: { column: 'entity_ref', values: ['component:default/b'] },
      }),
    ).toMatchObject({ owners: [], decisionMakers: [] });

    expect(await getCounts({ knex, staleCutoff: '2024-06-01' })).toEqual({
      total: 3,
      byStatus: {
        proposed: 1,
        accepted: 2,
        rejected: 0,
        deprecated: 0,
        superseded: 0,
        unknown: 0,
      },
      staleProposed: 1,
      entities: 2,
      entitiesWithErrors: 1,
    });
  });
});
