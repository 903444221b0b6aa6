import { TestDatabases } from '@backstage/backend-test-utils';
import {
  definition,
  migratedDatabase,
  OTHER,
  REF,
} from '../__testUtils__/sloFixtures';
import {
  getDefinitions,
  listDefinitions,
  listEntities,
  replaceDefinitions,
} from './definitions';
import { listSummaries, writeSummaries } from './summaries';

const databases = TestDatabases.create();

describe.each(databases.eachSupportedId())('definitions on %s', databaseId => {
  it('replaces definitions and entities, dropping summaries of gone SLOs', async () => {
    const knex = await migratedDatabase(databases, databaseId);
    const now = new Date('2026-03-02T00:00:00Z');
    await replaceDefinitions({
      knex,
      entities: [
        {
          entityRef: 'component:default/orders',
          title: null,
          owner: 'group:default/team-a',
          system: null,
          tier: 'important',
          errors: ['x'],
        },
      ],
      definitions: [definition(REF), definition(OTHER)],
      now,
    });
    await writeSummaries({
      knex,
      summaries: [REF, OTHER].map(ref => ({
        summary: { ref, entityRef: 'component:default/orders' } as any,
        burnDown: [],
      })),
      computedAt: now,
    });
    await replaceDefinitions({
      knex,
      entities: [],
      definitions: [definition(REF)],
      now,
    });
    expect((await listDefinitions({ knex })).map(d => d.sloRef)).toEqual([REF]);
    expect(await listEntities({ knex })).toEqual([]);
    expect((await listSummaries({ knex })).map(s => s.summary.ref)).toEqual([
      REF,
    ]);
    expect([
      ...(await getDefinitions({ knex, sloRefs: [REF, 'nope#x'] })).keys(),
    ]).toEqual([REF]);
  });
});
