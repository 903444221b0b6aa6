import { CacheService, UrlReaderService } from '@backstage/backend-plugin-api';
import {
  mockServices,
  ServiceFactoryTester,
  TestDatabases,
} from '@backstage/backend-test-utils';
import { Entity } from '@backstage/catalog-model';
import { ConfigReader } from '@backstage/config';
import { ScmIntegrations } from '@backstage/integration';
import { catalogServiceMock } from '@backstage/plugin-catalog-node/testUtils';
import { Knex } from 'knex';
import { DatabaseSloStore } from '../database/DatabaseSloStore';
import { readSloConfig } from '../readSloConfig';
import { BuiltinSliSource } from '../sources/BuiltinSliSource';
import { SliIngestCommand } from './SliIngestCommand';
import { SloComputeCommand } from './SloComputeCommand';
import { SloDefinitionReader } from './SloDefinitionReader';
import { SloReadModel } from './SloReadModel';
import { eventually } from '@golden-path/plugin-golden-path-node/testUtils';

const databases = TestDatabases.create();

function component(name: string, tier: string, owner = 'team-a'): Entity {
  return {
    apiVersion: 'backstage.io/v1alpha1',
    kind: 'Component',
    metadata: {
      name,
      namespace: 'default',
      annotations: { 'golden-path.io/tier': tier },
    },
    spec: { type: 'service', lifecycle: 'production', owner },
  };
}

const ORDERS = 'component:default/orders';
const PAYMENTS = 'component:default/payments';

/**
 * Two replicas: each with its own store, read model and commands (and its
 * own memory), on one database and one cache store, as two backends on one
 * PostgreSQL and one Redis. A command on replica A invalidates the org view
 * replica B serves.
 */
describe.each(databases.eachSupportedId())(
  'the SLO org view of two replicas on %s',
  databaseId => {
    const config = readSloConfig(new ConfigReader({}), '/srv');
    let entities: Entity[];
    let clock: number;

    const replica = async (cache: CacheService, knex: Knex) => {
      const store = await DatabaseSloStore.create({
        database: { getClient: async () => knex },
      });
      const catalog = catalogServiceMock({ entities: [] });
      catalog.getEntities = async () => ({ items: entities });
      const auth = mockServices.auth();
      const readModel = new SloReadModel({
        store,
        catalog,
        auth,
        config,
        cache,
        now: () => clock,
      });
      const compute = new SloComputeCommand({
        store,
        catalog,
        auth,
        logger: mockServices.logger.mock(),
        definitionReader: new SloDefinitionReader({
          // Tier SLOs only: nothing is read from a URL.
          reader: {} as UrlReaderService,
          integrations: ScmIntegrations.fromConfig(new ConfigReader({})),
          config,
        }),
        sources: new Map([['builtin', new BuiltinSliSource(store)]]),
        config,
        onStored: () => readModel.invalidate(),
      });
      const ingest = new SliIngestCommand({ store, config });
      return { store, readModel, compute, ingest };
    };

    let a: Awaited<ReturnType<typeof replica>>;
    let b: Awaited<ReturnType<typeof replica>>;

    const page = (
      readModel: SloReadModel,
      query: Partial<Parameters<SloReadModel['services']>[0]> = {},
    ) =>
      readModel.services({
        sort: 'service',
        order: 'asc',
        offset: 0,
        limit: 50,
        ...query,
      });

    beforeEach(async () => {
      // One cache store for both (a memory store shared by two plugins'
      // cache services stands for Redis).
      const tester = ServiceFactoryTester.from(mockServices.cache.factory());
      const cache = await tester.getSubject('slo');
      entities = [
        component('orders', 'important'),
        component('payments', 'critical', 'team-b'),
      ];
      clock = 1_000_000;
      const knex = await databases.init(databaseId);
      a = await replica(cache, knex);
      b = await replica(cache, knex);
      await a.compute.runOnce();
    });

    it('sees a compute run on the other replica at once', async () => {
      // Both replicas have built their view.
      expect((await b.readModel.overview({})).firingAlerts).toEqual([]);
      expect((await a.readModel.overview({})).totalServices).toBe(2);
      const before = (await page(b.readModel)).items.find(
        row => row.entityRef === PAYMENTS,
      )!;
      expect(before).toMatchObject({ status: 'no-data', burnRate: null });

      // SLI data through replica A: the org view reads no SLI data, so
      // ingestion alone changes nothing there...
      const minute = Math.floor(Date.now() / 60_000) * 60_000;
      const points = Array.from({ length: 5 }, (_, i) => ({
        sloRef: `${PAYMENTS}#payments-error-rate`,
        timestamp: new Date(minute - (i + 1) * 60_000).toISOString(),
        good: 50,
        total: 100,
      }));
      await a.ingest.ingest({ points });
      expect((await b.readModel.overview({})).firingAlerts).toEqual([]);

      // ...the compute run that stores summaries does.
      await a.compute.computeAll();
      const overview = await b.readModel.overview({});
      expect(overview.firingAlerts).toEqual(
        expect.arrayContaining([
          expect.objectContaining({ entityRef: PAYMENTS, severity: 'page' }),
        ]),
      );
      expect(overview.computedAt).toEqual(expect.any(String));
      const burning = await page(b.readModel, {
        sort: 'burnRate',
        order: 'desc',
        limit: 1,
      });
      expect(burning.items[0]).toMatchObject({
        entityRef: PAYMENTS,
        status: 'breaching',
      });
      expect(burning.totalItems).toBe(2);
    });

    it('sees definitions refreshed on the other replica at once', async () => {
      expect((await page(b.readModel)).totalItems).toBe(2);
      entities = [
        ...entities,
        component('search', 'standard'),
        component('billing', 'best-effort', 'team-b'),
      ];
      await a.compute.syncDefinitions();
      const all = await page(b.readModel);
      expect(all.items.map(row => row.entityRef)).toEqual([
        'component:default/billing',
        ORDERS,
        PAYMENTS,
        'component:default/search',
      ]);
      // Paged, and narrowed to what a caller may read before paging.
      const readable = await page(b.readModel, {
        entityRefs: new Set([PAYMENTS, 'component:default/search']),
        limit: 1,
        offset: 1,
      });
      expect(readable).toEqual({
        items: [
          expect.objectContaining({ entityRef: 'component:default/search' }),
        ],
        totalItems: 2,
        offset: 1,
        limit: 1,
      });
      const overview = await b.readModel.overview({
        entityRefs: new Set([PAYMENTS, 'component:default/search']),
      });
      expect(overview.totalServices).toBe(2);
      expect(overview.tiers.map(t => [t.tier, t.services])).toEqual([
        ['critical', 1],
        ['important', 0],
        ['standard', 1],
        ['best-effort', 0],
      ]);
      expect(overview.choices.owner).toEqual([
        { value: 'group:default/team-a', count: 1 },
        { value: 'group:default/team-b', count: 1 },
      ]);
    });

    it('serves its snapshot until invalidated, or until it is 5 minutes old', async () => {
      expect((await page(b.readModel)).totalItems).toBe(2);
      // A write that bypasses the commands (none does in the plugin) is not
      // seen: the view is served from memory...
      const definitions = await b.store.listDefinitions();
      const [entity] = await b.store.listEntities();
      await b.store.replaceDefinitions({
        entities: [entity],
        definitions: definitions.filter(d => d.entityRef === entity.entityRef),
        now: new Date(),
      });
      expect((await page(b.readModel)).totalItems).toBe(2);
      clock += 4 * 60_000;
      expect((await page(b.readModel)).totalItems).toBe(2);
      // ...until the safety net rebuilds it (in the background: the first
      // read of an old view still answers it).
      clock += 60_000;
      expect((await page(b.readModel)).totalItems).toBe(2);
      expect(
        await eventually(async () => (await page(b.readModel)).totalItems, 1),
      ).toBe(1);
    });
  },
);
