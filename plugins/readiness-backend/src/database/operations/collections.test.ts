import { TestDatabases } from '@backstage/backend-test-utils';
import { Knex } from 'knex';
import { migratedDatabase } from '../__testUtils__/entityEvaluation';
import { loadCollectorRuns } from './collectorRuns';
import { pruneCollector, writeCollection } from './collections';
import { loadFacts, loadFactVersions } from './facts';

const databases = TestDatabases.create();

describe.each(databases.eachSupportedId())(
  'collection operations on %s',
  databaseId => {
    let knex: Knex;

    beforeEach(async () => {
      knex = await migratedDatabase(databases, databaseId);
    });

    it('stores facts with their time, keeps facts a later run leaves out, and records errors', async () => {
      const first = new Date('2026-01-01T10:00:00Z');
      const later = new Date('2026-01-01T10:30:00Z');
      await writeCollection(knex, {
        collector: 'catalog',
        entities: [
          {
            entityRef: 'component:default/a',
            facts: { 'catalog.tier': 'critical', 'catalog.providedApis': 2 },
            error: null,
          },
          {
            entityRef: 'component:default/b',
            facts: { 'catalog.tier': null, 'catalog.tags': ['x', 'y'] },
            error: null,
          },
        ],
        collectedAt: first,
      });
      await writeCollection(knex, {
        collector: 'catalog',
        entities: [
          {
            entityRef: 'component:default/a',
            facts: { 'catalog.providedApis': 3 },
            error: null,
          },
          {
            entityRef: 'component:default/b',
            facts: {},
            error: 'catalog down',
          },
        ],
        collectedAt: later,
      });
      const facts = await loadFacts(knex);
      expect(Object.fromEntries(facts.get('component:default/a')!)).toEqual({
        'catalog.tier': {
          id: 'catalog.tier',
          value: 'critical',
          collectedAt: first.toISOString(),
          collector: 'catalog',
        },
        'catalog.providedApis': {
          id: 'catalog.providedApis',
          value: 3,
          collectedAt: later.toISOString(),
          collector: 'catalog',
        },
      });
      expect(
        facts.get('component:default/b')!.get('catalog.tags')!.value,
      ).toEqual(['x', 'y']);
      expect(
        facts.get('component:default/b')!.get('catalog.tier')!.value,
      ).toBeNull();
      const some = await loadFacts(knex, [
        'component:default/b',
        'component:default/none',
      ]);
      expect([...some.keys()]).toEqual(['component:default/b']);

      const runs = await loadCollectorRuns(knex);
      expect(runs.get('component:default/b')).toEqual([
        {
          collector: 'catalog',
          entityRef: 'component:default/b',
          ranAt: later.toISOString(),
          error: 'catalog down',
        },
      ]);
      expect(runs.get('component:default/a')![0].error).toBeNull();
    });

    it('raises the fact version of an entity only when a value or an error changes', async () => {
      const write = (
        facts: Record<string, unknown>,
        error: string | null = null,
        collector = 'catalog',
      ) =>
        writeCollection(knex, {
          collector,
          entities: [
            { entityRef: 'component:default/a', facts: facts as any, error },
            { entityRef: 'component:default/b', facts: {}, error: null },
          ],
          collectedAt: new Date(),
        });
      const version = async () =>
        (await loadFactVersions(knex)).get('component:default/a');
      await write({ 'catalog.tier': 'critical' });
      expect(await version()).toBe(1);
      await write({ 'catalog.tier': 'critical' });
      expect(await version()).toBe(1);
      await write({ 'catalog.tier': 'standard' });
      expect(await version()).toBe(2);
      await write({ 'catalog.tier': 'standard' }, 'catalog down');
      expect(await version()).toBe(3);
      await write({}, 'catalog down');
      expect(await version()).toBe(3);
      await write({ 'slo.defined': true }, null, 'slo');
      expect(await version()).toBe(4);
      // b never had a fact or an error: only the collectors' first runs
      // changed something for it (they are no longer awaited).
      expect(
        (await loadFactVersions(knex, ['component:default/b'])).get(
          'component:default/b',
        ),
      ).toBe(2);
    });

    it("prunes one collector's facts and runs of entities that left", async () => {
      const collectedAt = new Date();
      for (const collector of ['catalog', 'slo']) {
        await writeCollection(knex, {
          collector,
          entities: ['a', 'b'].map(name => ({
            entityRef: `component:default/${name}`,
            facts: { [`${collector}.x`]: true },
            error: null,
          })),
          collectedAt,
        });
      }
      expect(
        await pruneCollector(knex, 'catalog', new Set(['component:default/a'])),
      ).toBe(1);
      const facts = await loadFacts(knex);
      expect([...facts.get('component:default/b')!.keys()]).toEqual(['slo.x']);
      expect([...facts.get('component:default/a')!.keys()].sort()).toEqual([
        'catalog.x',
        'slo.x',
      ]);
      const runs = await loadCollectorRuns(knex, ['component:default/b']);
      expect(runs.get('component:default/b')!.map(r => r.collector)).toEqual([
        'slo',
      ]);
    });
  },
);
