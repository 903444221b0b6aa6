import { CacheService } from '@backstage/backend-plugin-api';
import {
  mockServices,
  ServiceFactoryTester,
  TestDatabases,
} from '@backstage/backend-test-utils';
import { Entity } from '@backstage/catalog-model';
import { Knex } from 'knex';
import { ComponentCatalog } from './ComponentCatalog';
import { OverviewSnapshot } from './OverviewSnapshot';
import { ReadinessCommands } from './ReadinessCommands';
import { ReadinessEvaluator } from './ReadinessEvaluator';
import { ReadinessReadModel } from './ReadinessReadModel';
import { eventually } from '@golden-path/plugin-golden-path-node/testUtils';

const databases = TestDatabases.create();

const TABLES = [
  'readiness_facts',
  'readiness_collector_runs',
  'readiness_fact_versions',
  'readiness_results',
  'readiness_entities',
  'readiness_history',
  'readiness_attestations',
];

const REQUIRED_LEVELS = {
  critical: 'gold',
  important: 'silver',
  standard: 'bronze',
  'best-effort': 'none',
} as const;

const component = (name: string, owner = 'team-a'): Entity => ({
  apiVersion: 'backstage.io/v1alpha1',
  kind: 'Component',
  metadata: {
    name,
    namespace: 'default',
    annotations: { 'golden-path.io/tier': 'critical' },
  },
  spec: { type: 'service', lifecycle: 'production', owner, system: 'shop' },
});

/** Backstage's own cache service (memory store), as the plugin gets it. */
async function pluginCache(): Promise<CacheService> {
  return ServiceFactoryTester.from(mockServices.cache.factory()).getSubject(
    'readiness',
  );
}

const SERVICES_QUERY = {
  sort: 'title',
  order: 'asc',
  offset: 0,
  limit: 50,
} as const;

describe.each(databases.eachSupportedId())(
  'the readiness org views on one cache and one %s database',
  databaseId => {
    let knex: Knex;
    let cache: CacheService;
    let catalogEntities: Entity[];
    let clock: number;

    /** A "replica": its own snapshot, read model and commands. */
    const replica = (evaluator: ReadinessEvaluator) => {
      const components = {
        listComponents: async () => catalogEntities,
        systemDomains: async () => new Map([['system:default/shop', null]]),
      } as unknown as ComponentCatalog;
      const snapshot = new OverviewSnapshot({
        cache,
        store: evaluator.store,
        now: () => new Date(clock),
      });
      return {
        readModel: new ReadinessReadModel({
          store: evaluator.store,
          components,
          checks: evaluator.checks,
          facts: [],
          requiredLevels: REQUIRED_LEVELS,
          snapshot,
        }),
        commands: new ReadinessCommands({
          store: evaluator.store,
          evaluator,
          collectors: [],
          components,
          logger: mockServices.logger.mock(),
          checks: evaluator.checks,
          snapshot,
        }),
      };
    };
    const countRows = () =>
      Promise.all(
        TABLES.map(async table =>
          Number(
            (
              (await knex(table).count({ n: '*' })) as Array<{
                n: number | string;
              }>
            )[0].n,
          ),
        ),
      );

    beforeEach(async () => {
      knex = await databases.init(databaseId);
      cache = await pluginCache();
      catalogEntities = [component('alpha'), component('beta', 'team-b')];
      clock = Date.now();
    });

    it('shows on replica B what replica A wrote, never a stale snapshot after a command', async () => {
      const evaluator = await ReadinessEvaluator.fromKnex(knex, {
        requiredLevels: REQUIRED_LEVELS,
      });
      const a = replica(evaluator);
      const b = replica(evaluator);
      await evaluator.store.writeCollection({
        collector: 'catalog',
        entities: [
          {
            entityRef: 'component:default/alpha',
            facts: { 'catalog.ownerIsGroup': true },
            error: null,
          },
        ],
        collectedAt: new Date(clock),
      });

      // Nothing evaluated yet: B builds an empty snapshot.
      expect((await b.readModel.overview({})).totalServices).toBe(0);

      // The scheduled evaluation on A.
      await a.commands.evaluateAll();
      const evaluated = await b.readModel.services(SERVICES_QUERY);
      expect(evaluated.items.map(row => row.entityRef)).toEqual([
        'component:default/alpha',
        'component:default/beta',
      ]);
      const alphaBefore = evaluated.items[0];

      // A GET writes nothing, the snapshot included.
      const before = await countRows();
      await b.readModel.overview({ category: ['resilience'] });
      await b.readModel.rollups('system', {});
      await b.readModel.services({ ...SERVICES_QUERY, q: 'alpha' });
      expect(await countRows()).toEqual(before);

      // An attestation on A: B's next read counts its check as passed.
      await a.commands.attest(
        component('alpha'),
        { checkId: 'failover-drill', comment: 'Drill done' },
        'user:default/mock',
      );
      const attested = (await b.readModel.services(SERVICES_QUERY)).items[0];
      expect(attested.passed).toBe(alphaBefore.passed + 1);
      expect(attested.failingChecks.map(c => c.id)).not.toContain(
        'failover-drill',
      );

      // A collection alone is not a change of the org views (no command
      // evaluated it yet): B answers from its snapshot...
      await evaluator.store.writeCollection({
        collector: 'catalog',
        entities: [
          {
            entityRef: 'component:default/beta',
            facts: { 'catalog.ownerIsGroup': true },
            error: null,
          },
        ],
        collectedAt: new Date(clock),
      });
      const betaBefore = (await b.readModel.services(SERVICES_QUERY)).items[1];
      // ...until A's refresh of that component evaluates it.
      await a.commands.refresh(component('beta', 'team-b'));
      const betaAfter = (await b.readModel.services(SERVICES_QUERY)).items[1];
      expect(betaAfter.passed).toBe(betaBefore.passed + 1);

      // A component that left the catalog: gone after the next evaluation.
      catalogEntities = [component('alpha')];
      await a.commands.evaluateAll();
      const overview = await b.readModel.overview({});
      expect(overview.totalServices).toBe(1);
      expect(overview.choices.owner).toEqual([
        { value: 'group:default/team-a', count: 1 },
      ]);
      expect(overview.trend[overview.trend.length - 1].services).toBe(1);
    });

    it('rebuilds after five minutes what no command saw change', async () => {
      const evaluator = await ReadinessEvaluator.fromKnex(knex, {
        requiredLevels: REQUIRED_LEVELS,
      });
      const a = replica(evaluator);
      await a.commands.evaluateAll();
      expect((await a.readModel.overview({})).totalServices).toBe(2);
      // Written behind the commands' back (another version of the plugin,
      // a manual fix): the snapshot still answers...
      await knex('readiness_entities')
        .where({ entity_ref: 'component:default/beta' })
        .delete();
      expect((await a.readModel.overview({})).totalServices).toBe(2);
      // ...until it is five minutes old: the first read then still answers
      // it and rebuilds in the background.
      clock += 5 * 60 * 1000;
      expect((await a.readModel.overview({})).totalServices).toBe(2);
      expect(
        await eventually(
          async () => (await a.readModel.overview({})).totalServices,
          1,
        ),
      ).toBe(1);
    });

    it('filters by the readable refs before paging; totals of those', async () => {
      const evaluator = await ReadinessEvaluator.fromKnex(knex, {
        requiredLevels: REQUIRED_LEVELS,
      });
      catalogEntities = ['a', 'b', 'c', 'd', 'e'].map(name =>
        component(`svc-${name}`),
      );
      const a = replica(evaluator);
      await a.commands.evaluateAll();
      const entityRefs = new Set([
        'component:default/svc-b',
        'component:default/svc-d',
      ]);
      const first = await a.readModel.services({
        ...SERVICES_QUERY,
        limit: 1,
        entityRefs,
      });
      expect(first).toMatchObject({ totalItems: 2, offset: 0, limit: 1 });
      expect(first.items.map(row => row.entityRef)).toEqual([
        'component:default/svc-b',
      ]);
      const second = await a.readModel.services({
        ...SERVICES_QUERY,
        offset: 1,
        limit: 1,
        entityRefs,
      });
      expect(second.items.map(row => row.entityRef)).toEqual([
        'component:default/svc-d',
      ]);
      const overview = await a.readModel.overview({ entityRefs });
      expect(overview.totalServices).toBe(2);
      expect(overview.trend[overview.trend.length - 1].services).toBe(2);
      // The caller's view is not baked into the snapshot.
      expect((await a.readModel.overview({})).totalServices).toBe(5);
    });
  },
);
