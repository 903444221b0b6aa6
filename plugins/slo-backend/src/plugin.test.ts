import {
  createMockDirectory,
  mockCredentials,
  mockServices,
  startTestBackend,
  TestBackend,
  TestDatabases,
} from '@backstage/backend-test-utils';
import { createServiceFactory } from '@backstage/backend-plugin-api';
import { Entity } from '@backstage/catalog-model';
import { catalogServiceRef } from '@backstage/plugin-catalog-node';
import { catalogReadableBy } from '@golden-path/plugin-golden-path-node/testUtils';
import { AuthorizeResult } from '@backstage/plugin-permission-common';
import {
  SloEntityDetail,
  SloOverview,
  SloServiceRow,
  SloServicesPage,
  SloSummary,
} from '@golden-path/plugin-slo-common';
import { safeErrorsHttpRouterServiceFactory } from '@golden-path/plugin-golden-path-node';
import sloModulePrometheus from '@golden-path/plugin-slo-backend-module-prometheus';
import { Knex } from 'knex';
import request from 'supertest';
import sloPlugin from '.';

const databases = TestDatabases.create();

const ORDERS = 'component:default/orders';
const ORDERS_AVAILABILITY = `${ORDERS}#orders-availability`;
const ORDERS_LATENCY = `${ORDERS}#orders-latency`;
const PAYMENTS = 'component:default/payments';
const PAYMENTS_ERRORS = `${PAYMENTS}#payments-error-rate`;

const openSlo = (
  name: string,
  target: number,
  extra = '',
) => `apiVersion: openslo/v1
kind: SLO
metadata:
  name: ${name}
  annotations:
    golden-path.io/objective: availability
spec:
  service: x
  budgetingMethod: Occurrences
  timeWindow:
    - duration: 28d
      isRolling: true
  indicator:
    metadata:
      name: ${name}-requests
    spec:
      ratioMetric:
        counter: true
        good:
          metricSource:
            type: builtin
            spec: {}
        total:
          metricSource:
            type: builtin
            spec: {}
  objectives:
    - displayName: ${name}
      target: ${target}
${extra}`;

function component(
  name: string,
  annotations: Record<string, string>,
  spec: Record<string, unknown> = {},
  catalogFile?: string,
): Entity {
  return {
    apiVersion: 'backstage.io/v1alpha1',
    kind: 'Component',
    metadata: {
      name,
      namespace: 'default',
      annotations: {
        ...(catalogFile
          ? { 'backstage.io/managed-by-location': `file:${catalogFile}` }
          : {}),
        ...annotations,
      },
    },
    spec: {
      type: 'service',
      lifecycle: 'production',
      owner: 'team-a',
      ...spec,
    },
  };
}

describe.each(databases.eachSupportedId())(
  'the SLO plugin on %s',
  databaseId => {
    const dir = createMockDirectory();
    const permissions = mockServices.permissions.mock();
    let backend: TestBackend;
    let knex: Knex;

    const allowAll = () => {
      permissions.authorize.mockImplementation(async requests =>
        requests.map(() => ({ result: AuthorizeResult.ALLOW })),
      );
      permissions.authorizeConditional.mockImplementation(async requests =>
        requests.map(() => ({ result: AuthorizeResult.ALLOW })),
      );
    };
    // The components the catalog shows a user under a conditional
    // catalog.entity.read decision (undefined: every one).
    let readableByUser: string[] | undefined;
    const catalogOf = (items: Entity[]) =>
      catalogReadableBy(items, () => readableByUser).catalog;

    const entities = () => [
      component(
        'orders',
        { 'golden-path.io/tier': 'important' },
        {
          system: 'shop',
        },
      ),
      component(
        'payments',
        { 'golden-path.io/tier': 'critical' },
        {
          owner: 'group:default/team-b',
        },
      ),
      component(
        'checkout',
        { 'golden-path.io/tier': 'standard', 'golden-path.io/slo': 'slo.yaml' },
        {},
        dir.resolve('repo/checkout/catalog-info.yaml'),
      ),
      component(
        'inventory',
        {
          'golden-path.io/tier': 'standard',
          'golden-path.io/slo': 'slo.yaml',
        },
        {},
        dir.resolve('repo/inventory/catalog-info.yaml'),
      ),
      component(
        'search',
        {
          'golden-path.io/tier': 'important',
          'golden-path.io/slo': 'slo.yaml',
        },
        {},
        dir.resolve('repo/search/catalog-info.yaml'),
      ),
      component(
        'escape',
        {
          'golden-path.io/tier': 'standard',
          'golden-path.io/slo': '../../secret.yaml',
        },
        {},
        dir.resolve('repo/escape/catalog-info.yaml'),
      ),
      component(
        'metrics',
        { 'golden-path.io/tier': 'standard', 'golden-path.io/slo': 'slo.yaml' },
        {},
        dir.resolve('repo/metrics/catalog-info.yaml'),
      ),
      component('legacy', { 'golden-path.io/tier': 'gold' }),
      component('plain', {}),
    ];

    const user = mockCredentials.user.header();
    const none = mockCredentials.none.header();
    const service = mockCredentials.service.header();
    const get = (path: string, auth = user) =>
      request(backend.server).get(`/api/slo${path}`).set('authorization', auth);
    const ingest = (body: unknown, auth = service) =>
      request(backend.server)
        .post('/api/slo/v1/sli')
        .set('authorization', auth)
        .send(body as object);
    /** Every row of /v1/services for a query (one page of 500). */
    const servicesOf = async (query = '', auth = user) => {
      const res = await get(`/v1/services?limit=500&${query}`, auth);
      expect(res.status).toBe(200);
      const page = res.body as SloServicesPage;
      expect(page.items).toHaveLength(page.totalItems);
      return page.items;
    };
    const refsOf = (rows: SloServiceRow[]) => rows.map(row => row.entityRef);
    const refresh = async () => {
      const res = await request(backend.server)
        .post('/api/slo/v1/refresh')
        .set('authorization', user)
        .send({});
      expect(res.status).toBe(202);
    };
    const minuteAgo = (minutes: number) =>
      new Date(
        Math.floor(Date.now() / 60_000) * 60_000 - minutes * 60_000,
      ).toISOString();

    beforeAll(async () => {
      dir.setContent({
        repo: {
          checkout: {
            // Tighter than standard (99.5 %): fine.
            'slo.yaml': openSlo('checkout-availability', 0.999),
          },
          inventory: {
            // Target over 1: invalid.
            'slo.yaml': openSlo('inventory-availability', 1.5),
          },
          metrics: {
            'slo.yaml': `apiVersion: openslo/v1
kind: DataSource
metadata:
  name: down
spec:
  type: Prometheus
  connectionDetails:
    url: http://169.254.169.254/ignored
---
${openSlo('metrics-availability', 0.999)
  .replace(/type: builtin/g, 'metricSourceRef: down')
  .replace(
    /spec: \{\}/,
    'spec:\n              query: http_requests_total{job="metrics",code!~"5.."}',
  )
  .replace(
    /spec: \{\}/,
    'spec:\n              query: http_requests_total{job="metrics"}',
  )}`,
          },
          search: {
            // Looser than important (99.9 %): a tier violation.
            'slo.yaml': openSlo('search-availability', 0.99),
          },
        },
        'secret.yaml': openSlo('secret-availability', 0.999),
      });
      allowAll();
      knex = await databases.init(databaseId);
      backend = await startTestBackend({
        features: [
          sloPlugin,
          sloModulePrometheus,
          // The demo backend's error handler: body errors named, never echoed.
          safeErrorsHttpRouterServiceFactory,
          mockServices.database.factory({ knex }),
          createServiceFactory({
            service: catalogServiceRef,
            deps: {},
            factory: () => catalogOf(entities()),
          }),
          permissions.factory,
          mockServices.rootConfig.factory({
            data: {
              goldenPath: {
                slo: {
                  localRoots: [dir.resolve('repo')],
                  // Nothing listens on port 1: Prometheus is down.
                  prometheus: { down: { url: 'http://127.0.0.1:1' } },
                },
                // Tests here recompute more than once a minute; the limit
                // has tests of its own (refreshLimits.test.ts).
                refresh: { minInterval: { seconds: 0 } },
              },
            },
          }),
        ],
      });
      await refresh();
    }, 60_000);

    afterAll(async () => {
      await backend?.stop();
    });

    beforeEach(allowAll);

    describe('definitions', () => {
      it('derives three SLOs from the tier', async () => {
        const res = await get('/v1/entities/component/default/orders');
        expect(res.status).toBe(200);
        const body = res.body as SloEntityDetail;
        expect(body.tier).toBe('important');
        expect(body.errors).toEqual([]);
        expect(
          body.slos.map(s => [s.ref, s.objective, s.target, s.thresholdMs]),
        ).toEqual([
          [ORDERS_AVAILABILITY, 'availability', 0.999, null],
          [`${ORDERS}#orders-error-rate`, 'error-rate', 0.999, null],
          [ORDERS_LATENCY, 'latency', 0.99, 500],
        ]);
      });

      it('adds the SLOs of an OpenSLO file, tighter than the tier', async () => {
        const body = (await get('/v1/entities/component/default/checkout'))
          .body as SloEntityDetail;
        const openslo = body.slos.find(s => s.source === 'openslo')!;
        expect(openslo).toMatchObject({
          ref: 'component:default/checkout#openslo.checkout-availability',
          name: 'checkout-availability',
          target: 0.999,
          window: { duration: '28d', isRolling: true },
          tierViolations: [],
        });
        expect(body.slos.filter(s => s.source === 'tier')).toHaveLength(3);
      });

      it('keeps a looser OpenSLO SLO, marked as a tier violation, beside the tier SLOs', async () => {
        const body = (await get('/v1/entities/component/default/search'))
          .body as SloEntityDetail;
        expect(body.slos).toHaveLength(4);
        const loose = body.slos.find(s => s.source === 'openslo')!;
        expect(loose.tierViolations).toEqual([
          expect.objectContaining({
            objective: 'availability',
            field: 'target',
            tierValue: 0.999,
            sloValue: 0.99,
            message: expect.stringContaining('looser than the Important tier'),
          }),
        ]);
        const overview = (await get('/v1/overview')).body as SloOverview;
        expect(overview.tierViolations).toEqual([
          expect.objectContaining({
            entityRef: 'component:default/search',
            sloName: 'search-availability',
          }),
        ]);
      });

      it('shows an invalid OpenSLO file as an entity error, keeping the tier SLOs', async () => {
        const body = (await get('/v1/entities/component/default/inventory'))
          .body as SloEntityDetail;
        expect(body.slos.map(s => s.source)).toEqual(['tier', 'tier', 'tier']);
        expect(body.errors).toEqual([
          expect.stringContaining(
            'spec.objectives[0].target must be between 0 and 1',
          ),
        ]);
        // On the dashboard the service is in error, not merely without data.
        const services = await servicesOf();
        expect(
          services.find(s => s.entityRef === 'component:default/inventory'),
        ).toMatchObject({ status: 'error', sloCount: 3 });
      });

      it('refuses an OpenSLO path outside the local roots', async () => {
        const body = (await get('/v1/entities/component/default/escape'))
          .body as SloEntityDetail;
        expect(body.errors).toEqual([
          expect.stringMatching(
            /^OpenSLO file .*secret.yaml is outside the local folders the SLO backend may read \(allowed by goldenPath.slo.localRoots/,
          ),
        ]);
      });

      it('shows a Prometheus SLO whose server is down as an error, never a budget', async () => {
        const body = (await get('/v1/entities/component/default/metrics'))
          .body as SloEntityDetail;
        expect(body.errors).toEqual([]);
        const slo = body.slos.find(s => s.source === 'openslo')!;
        expect(slo).toMatchObject({
          ref: 'component:default/metrics#openslo.metrics-availability',
          status: 'error',
          attainment: null,
          budgetRemaining: null,
          error: expect.stringContaining(
            'Prometheus data source "down" is unreachable',
          ),
        });
        expect(slo).toMatchObject({});
        // The tier SLOs of the same entity are unaffected.
        expect(
          body.slos.filter(s => s.source === 'tier').map(s => s.status),
        ).toEqual(['no-data', 'no-data', 'no-data']);
        // And it cannot be fed through the ingestion API.
        const res = await ingest({
          points: [
            {
              sloRef: slo.ref,
              timestamp: new Date(
                Math.floor(Date.now() / 60_000) * 60_000,
              ).toISOString(),
              good: 1,
              total: 1,
            },
          ],
        });
        expect(res.status).toBe(400);
        expect(res.body.error.message).toContain(
          "reads its data from Prometheus ('down'), not from this API",
        );
      });

      it('reports an unknown tier and ignores components without annotations', async () => {
        const body = (await get('/v1/entities/component/default/legacy'))
          .body as SloEntityDetail;
        expect(body.slos).toEqual([]);
        expect(body.errors).toEqual([
          "golden-path.io/tier 'gold' is not a tier; use one of critical, important, standard, best-effort",
        ]);
        // A component of the catalog without SLOs: an empty answer, not 404.
        const plain = await get('/v1/entities/component/default/plain');
        expect(plain.status).toBe(200);
        expect(plain.body).toEqual({
          entityRef: 'component:default/plain',
          tier: null,
          slos: [],
          burnDown: {},
          errors: [],
          computedAt: null,
        });
        // Only an entity the catalog does not have is not found.
        const unknown = await get('/v1/entities/component/default/nowhere');
        expect(unknown.status).toBe(404);
        expect(unknown.body.error.message).toBe(
          'The catalog has no entity component:default/nowhere',
        );
      });
    });

    describe('ingestion and budgets', () => {
      it('computes budgets, burn rates and alerts from ingested data', async () => {
        // orders-availability (99.9 %): 10 minutes of 1000 requests, 5 bad
        // in all: 10 bad allowed, 5 spent, half the budget left.
        const points = Array.from({ length: 10 }, (_, i) => ({
          sloRef: ORDERS_AVAILABILITY,
          timestamp: minuteAgo(i + 1),
          good: i < 5 ? 999 : 1000,
          total: 1000,
        }));
        // payments-error-rate (99.99 %): half the requests of the last 5
        // minutes failed, a page-level burn.
        const burning = Array.from({ length: 5 }, (_, i) => ({
          sloRef: PAYMENTS_ERRORS,
          timestamp: minuteAgo(i + 1),
          good: 50,
          total: 100,
        }));
        const res = await ingest({ points: [...points, ...burning] });
        expect(res.status).toBe(200);
        expect(res.body).toEqual({ accepted: 15, slos: 2 });
        // A retried batch is stored again, not added.
        expect((await ingest({ points })).status).toBe(200);
        await refresh();

        const orders = (await get('/v1/entities/component/default/orders'))
          .body as SloEntityDetail;
        const availability = orders.slos.find(
          s => s.ref === ORDERS_AVAILABILITY,
        ) as SloSummary;
        expect(availability.attainment).toBeCloseTo(9995 / 10000, 12);
        expect(availability.budgetRemaining).toBeCloseTo(0.5, 12);
        expect(availability.status).toBe('ok');
        expect(availability.burnRates.map(b => b.window)).toEqual([
          '5m',
          '30m',
          '1h',
          '6h',
          '3d',
        ]);
        // 1 h: 5 bad of 10000 = 0.0005, over an allowance of 0.001.
        expect(
          availability.burnRates.find(b => b.window === '1h')!.burnRate,
        ).toBeCloseTo(0.5, 12);
        const burnDown = orders.burnDown[ORDERS_AVAILABILITY];
        expect(burnDown[burnDown.length - 1]).toMatchObject({
          good: 9995,
          total: 10000,
        });
        expect(burnDown[burnDown.length - 1].remainingFraction).toBeCloseTo(
          0.5,
          12,
        );
        // SLOs without data: no-data, never a made-up number.
        const latency = orders.slos.find(s => s.ref === ORDERS_LATENCY)!;
        expect(latency).toMatchObject({
          status: 'no-data',
          attainment: null,
          budgetRemaining: null,
        });

        const overview = (await get('/v1/overview')).body as SloOverview;
        expect(overview.computedAt).toEqual(expect.any(String));
        expect(overview.firingAlerts).toEqual(
          expect.arrayContaining([
            expect.objectContaining({
              sloRef: PAYMENTS_ERRORS,
              entityRef: PAYMENTS,
              name: 'page-1h',
              severity: 'page',
            }),
          ]),
        );
        const payments = (await servicesOf()).find(
          s => s.entityRef === PAYMENTS,
        )!;
        expect(payments).toMatchObject({
          status: 'breaching',
          tier: 'critical',
          owner: 'group:default/team-b',
          sloCount: 3,
        });
        // 50 % errors on a 99.99 % SLO burn 5000 times too fast.
        expect(payments.burnRate).toBeCloseTo(5000, 6);
        expect(payments.burnRateWindow).toBe('5m');
        const critical = overview.tiers.find(t => t.tier === 'critical')!;
        expect(critical).toMatchObject({
          services: 1,
          breaching: 1,
          meeting: 0,
          noData: 0,
          errors: 0,
          availabilityPercent: 99.99,
        });
        // Every service is counted once: the card's numbers add up.
        for (const tier of overview.tiers) {
          expect(
            tier.meeting + tier.breaching + tier.noData + tier.errors,
          ).toBe(tier.services);
        }
      });

      it('gives a service a burn rate when its data stopped a while ago', async () => {
        // The last events are 20 to 30 minutes old: the 5 m window is empty
        // (the dashboard showed "—" for every service), the 30 m one is not.
        const inventory = 'component:default/inventory';
        const points = Array.from({ length: 10 }, (_, i) => ({
          sloRef: `${inventory}#inventory-availability`,
          timestamp: minuteAgo(i + 20),
          good: 998,
          total: 1000,
        }));
        expect((await ingest({ points })).status).toBe(200);
        await refresh();
        const row = (await servicesOf()).find(s => s.entityRef === inventory)!;
        expect(row.burnRateWindow).toBe('30m');
        // 0.2 % errors over the standard tier's allowance of 0.5 %.
        expect(row.burnRate).toBeCloseTo(0.4, 6);
      });

      it('writes nothing on any GET route', async () => {
        // Every table, row by row, before and after every GET the router has
        // (found, filtered, pending, unknown and refused), once data exist.
        const tables: Record<string, string[]> = {
          slo_entities: ['entity_ref'],
          slo_definitions: ['slo_ref'],
          slo_keys: ['id'],
          slo_sli_minutes: ['slo_id', 'minute'],
          slo_sli_hours: ['slo_id', 'hour'],
          slo_summaries: ['slo_ref'],
        };
        const snapshot = async () => {
          const rows: Record<string, unknown[]> = {};
          for (const [table, order] of Object.entries(tables)) {
            rows[table] = await knex(table).select().orderBy(order);
          }
          return rows;
        };
        const before = await snapshot();
        expect(before.slo_sli_minutes.length).toBeGreaterThan(0);
        expect(before.slo_summaries.length).toBeGreaterThan(0);
        for (const path of [
          '/v1/overview',
          '/v1/overview?owner=team-b&system=shop&tier=critical',
          '/v1/overview?tier=nope',
          '/v1/services',
          '/v1/services?tier=critical&q=pay&sort=burnRate&order=desc&offset=0&limit=10',
          '/v1/services?limit=0',
          `/v1/entities/component/default/orders`,
          `/v1/entities/component/default/metrics`,
          `/v1/entities/component/default/plain`,
          `/v1/entities/component/default/nobody`,
          `/v1/entities/component/default/orders?x=1`,
        ]) {
          await get(path);
          await get(path, none);
        }
        expect(await snapshot()).toEqual(before);
      });

      it('filters the overview and the services by owner, system and tier', async () => {
        expect(refsOf(await servicesOf('owner=team-b'))).toEqual([PAYMENTS]);
        const byOwner = (await get('/v1/overview?owner=team-b'))
          .body as SloOverview;
        expect(byOwner.totalServices).toBe(1);
        expect(refsOf(await servicesOf('system=system:default/shop'))).toEqual([
          ORDERS,
        ]);
        const byTier = (await get('/v1/overview?tier=critical&tier=important'))
          .body as SloOverview;
        expect(byTier.tiers.map(t => t.tier)).toEqual([
          'critical',
          'important',
        ]);
        expect(byTier.totalServices).toBe(3);
        expect(
          refsOf(await servicesOf('tier=critical&tier=important')).sort(),
        ).toEqual([ORDERS, PAYMENTS, 'component:default/search']);
        // The pickers' choices stay those of every service.
        expect(byOwner.choices.owner).toEqual([
          { value: 'group:default/team-a', count: 7 },
          { value: 'group:default/team-b', count: 1 },
        ]);
        expect(byOwner.choices.system).toEqual([
          { value: 'system:default/shop', count: 1 },
        ]);
      });

      it('pages, sorts and searches the services on the server', async () => {
        const all = await servicesOf();
        expect(all).toHaveLength(8);
        const first = (await get('/v1/services?limit=3&sort=service'))
          .body as SloServicesPage;
        expect(first).toMatchObject({ totalItems: 8, offset: 0, limit: 3 });
        expect(refsOf(first.items)).toEqual([
          'component:default/checkout',
          'component:default/escape',
          'component:default/inventory',
        ]);
        const second = (await get('/v1/services?limit=3&offset=3&sort=service'))
          .body as SloServicesPage;
        expect(refsOf(second.items)).toEqual([
          'component:default/legacy',
          'component:default/metrics',
          ORDERS,
        ]);
        const last = (await get('/v1/services?limit=3&offset=6&sort=service'))
          .body as SloServicesPage;
        expect(refsOf(last.items)).toEqual([
          PAYMENTS,
          'component:default/search',
        ]);
        const desc = (await get('/v1/services?limit=2&sort=service&order=desc'))
          .body as SloServicesPage;
        expect(refsOf(desc.items)).toEqual([
          'component:default/search',
          PAYMENTS,
        ]);
        // Tier in tier order, critical first; no tier last in either order.
        const byTier = await servicesOf('sort=tier');
        expect(byTier[0].entityRef).toBe(PAYMENTS);
        expect(byTier[byTier.length - 1]).toMatchObject({
          entityRef: 'component:default/legacy',
          tier: null,
        });
        const byTierDesc = await servicesOf('sort=tier&order=desc');
        expect(byTierDesc[byTierDesc.length - 1].tier).toBeNull();
        expect(byTierDesc[0].tier).toBe('standard');
        // Status worst first; budget lowest first, no data last either way.
        const byStatus = await servicesOf('sort=status');
        expect(byStatus[0].status).toBe('error');
        expect(byStatus.map(s => s.status)).toEqual(
          [...byStatus.map(s => s.status)].sort(
            (a, b) =>
              ['error', 'breaching', 'warning', 'no-data', 'ok'].indexOf(a) -
              ['error', 'breaching', 'warning', 'no-data', 'ok'].indexOf(b),
          ),
        );
        for (const order of ['asc', 'desc']) {
          const budgets = (await servicesOf(`sort=budget&order=${order}`)).map(
            s => s.budgetRemaining,
          );
          const known = budgets.filter((b): b is number => b !== null);
          expect(known.length).toBeGreaterThan(0);
          expect(budgets.slice(0, known.length)).toEqual(
            [...known].sort((a, b) => (order === 'asc' ? a - b : b - a)),
          );
        }
        const byBurn = await servicesOf('sort=burnRate&order=desc');
        expect(byBurn[0].entityRef).toBe(PAYMENTS);
        // Search: every word, in the title, ref, owner or system.
        expect(refsOf(await servicesOf('q=PAY'))).toEqual([PAYMENTS]);
        expect(refsOf(await servicesOf('q=team-b'))).toEqual([PAYMENTS]);
        expect(refsOf(await servicesOf('q=shop%20orders'))).toEqual([ORDERS]);
        expect(await servicesOf('q=shop%20payments')).toEqual([]);
        // Search and filters together; totals of the filtered set.
        const page = (
          await get('/v1/services?tier=standard&q=e&limit=1&sort=service')
        ).body as SloServicesPage;
        expect(page.totalItems).toBe(
          (await servicesOf('tier=standard')).filter(s =>
            s.entityRef.includes('e'),
          ).length,
        );
        expect(page.items).toHaveLength(1);
        // Past the end: no rows, the total still.
        const past = (await get('/v1/services?offset=100')).body;
        expect(past).toEqual({
          items: [],
          totalItems: 8,
          offset: 100,
          limit: 50,
        });
      });

      it('shows only the components the caller may read in the catalog', async () => {
        permissions.authorizeConditional.mockImplementation(async requests =>
          requests.map(() => ({
            result: AuthorizeResult.CONDITIONAL,
            pluginId: 'catalog',
            resourceType: 'catalog-entity',
            conditions: {
              rule: 'IS_ENTITY_OWNER',
              resourceType: 'catalog-entity',
              params: { claims: ['group:default/team-b'] },
            },
          })),
        );
        readableByUser = [PAYMENTS];
        try {
          const overview = (await get('/v1/overview')).body as SloOverview;
          expect(overview.totalServices).toBe(1);
          expect(
            overview.tiers.reduce((sum, tier) => sum + tier.services, 0),
          ).toBe(1);
          expect(overview.choices.owner).toEqual([
            { value: 'group:default/team-b', count: 1 },
          ]);
          expect(
            overview.firingAlerts.every(a => a.entityRef === PAYMENTS),
          ).toBe(true);
          expect(overview.tierViolations).toEqual([]);
          // Filtered before paging: the first page is the readable row, the
          // total that of the readable rows.
          const page = (await get('/v1/services?limit=1&sort=service'))
            .body as SloServicesPage;
          expect(page).toEqual({
            items: [expect.objectContaining({ entityRef: PAYMENTS })],
            totalItems: 1,
            offset: 0,
            limit: 1,
          });
          expect(refsOf(await servicesOf('q=orders'))).toEqual([]);
          permissions.authorizeConditional.mockImplementation(async requests =>
            requests.map(() => ({ result: AuthorizeResult.DENY })),
          );
          const nothing = (await get('/v1/overview')).body as SloOverview;
          expect(nothing.totalServices).toBe(0);
          expect(nothing.firingAlerts).toEqual([]);
          expect(nothing.choices).toEqual({ owner: [], system: [] });
          expect(await servicesOf()).toEqual([]);
        } finally {
          readableByUser = undefined;
          allowAll();
        }
        const all = (await get('/v1/overview')).body as SloOverview;
        expect(all.totalServices).toBeGreaterThan(1);
        expect((await servicesOf()).length).toBe(all.totalServices);
      });

      it('turns a histogram into good/total with the SLO threshold', async () => {
        const res = await ingest({
          histograms: [
            {
              sloRef: ORDERS_LATENCY,
              timestamp: minuteAgo(3),
              buckets: [
                { le: 100, count: 80 },
                { le: 500, count: 98 },
                { le: 1000, count: 99 },
                { le: '+Inf', count: 100 },
              ],
            },
          ],
        });
        expect(res.status).toBe(200);
        await refresh();
        const orders = (await get('/v1/entities/component/default/orders'))
          .body as SloEntityDetail;
        expect(
          orders.slos.find(s => s.ref === ORDERS_LATENCY)!.attainment,
        ).toBeCloseTo(0.98, 12);
      });
    });

    describe('bad input', () => {
      const point = (overrides: Record<string, unknown> = {}) => ({
        sloRef: ORDERS_AVAILABILITY,
        timestamp: minuteAgo(1),
        good: 1,
        total: 1,
        ...overrides,
      });

      it.each([
        [
          'negative counts',
          { points: [point({ good: -1 })] },
          'points[0].good must not be negative, got -1',
        ],
        [
          'good over total',
          { points: [point({ good: 5, total: 3 })] },
          'points[0].good (5) must not exceed total (3)',
        ],
        [
          'a future timestamp',
          { points: [point({ timestamp: '2999-01-01T00:00:00Z' })] },
          'points[0].timestamp 2999-01-01T00:00:00Z is more than 5 minutes in the future',
        ],
        [
          'a timestamp far in the past',
          { points: [point({ timestamp: '2001-01-01T00:00:00Z' })] },
          'points[0].timestamp 2001-01-01T00:00:00Z is more than 400 days old',
        ],
        [
          'an unknown sloRef',
          { points: [point({ sloRef: 'component:default/nope#x' })] },
          'points[0].sloRef "component:default/nope#x" names no known SLO',
        ],
        [
          'two points for one minute',
          {
            points: [
              point({ timestamp: minuteAgo(2) }),
              point({
                timestamp: minuteAgo(2).replace(':00.000Z', ':30.000Z'),
              }),
            ],
          },
          'points[1] is for the same sloRef and minute as points[0]',
        ],
        [
          'a histogram for a non-latency SLO',
          {
            histograms: [
              {
                sloRef: ORDERS_AVAILABILITY,
                timestamp: minuteAgo(1),
                buckets: [{ le: '+Inf', count: 1 }],
              },
            ],
          },
          'histograms[0].sloRef "component:default/orders#orders-availability" is not a latency SLO',
        ],
        [
          'an unknown body field',
          { points: [point()], extra: 1 },
          "Unknown body field 'extra'",
        ],
        ['an empty batch', {}, 'the batch is empty'],
        [
          '10,001 points',
          {
            points: Array.from({ length: 10_001 }, (_, i) => ({
              sloRef: 'x',
              timestamp: 't',
              good: i,
              total: i,
            })),
          },
          'the batch has 10001 points, over the limit of 10000; send smaller batches',
        ],
      ])(
        'refuses %s with a 400 naming it, storing nothing',
        async (_, body, message) => {
          const before = (await get('/v1/entities/component/default/orders'))
            .body as SloEntityDetail;
          const res = await ingest(body);
          expect(res.status).toBe(400);
          expect(res.body.error.message).toContain(message);
          await refresh();
          const after = (await get('/v1/entities/component/default/orders'))
            .body as SloEntityDetail;
          expect(
            after.slos.find(s => s.ref === ORDERS_AVAILABILITY)!.attainment,
          ).toBe(
            before.slos.find(s => s.ref === ORDERS_AVAILABILITY)!.attainment,
          );
        },
      );

      it('stores nothing of a batch with one bad point among good ones', async () => {
        const res = await ingest({
          points: [
            point({ timestamp: minuteAgo(30), good: 0, total: 500 }),
            point({ timestamp: minuteAgo(31), good: 2, total: 1 }),
          ],
        });
        expect(res.status).toBe(400);
        expect(res.body.error.message).toBe(
          'the batch was refused, nothing was stored: points[1].good (2) must not exceed total (1)',
        );
        await refresh();
        const orders = (await get('/v1/entities/component/default/orders'))
          .body as SloEntityDetail;
        expect(
          orders.slos.find(s => s.ref === ORDERS_AVAILABILITY)!.attainment,
        ).toBeCloseTo(0.9995, 12);
      });

      it('refuses 100,000 points quickly with one message', async () => {
        const points = Array.from({ length: 100_000 }, (_, i) => ({
          sloRef: ORDERS_AVAILABILITY,
          timestamp: minuteAgo(i),
          good: 1,
          total: 1,
        }));
        const started = Date.now();
        const res = await ingest({ points });
        expect(res.status).toBe(413);
        expect(res.body.error.message).toBe(
          'the request body is over the limit of 4 MB; send at most 10000 points per request',
        );
        expect(Date.now() - started).toBeLessThan(5000);
      });

      it('names the 1 kB limit of /v1/refresh, without the SLI hint', async () => {
        const res = await request(backend.server)
          .post('/api/slo/v1/refresh')
          .set('authorization', user)
          .send({ pad: 'x'.repeat(2048) });
        expect(res.status).toBe(413);
        expect(res.body.error).toEqual({
          name: 'PayloadTooLargeError',
          message: 'the request body is over the limit of 1 kB',
        });
      });

      it('answers invalid JSON with one message, not the body', async () => {
        const res = await request(backend.server)
          .post('/api/slo/v1/sli')
          .set('authorization', service)
          .set('content-type', 'application/json')
          .send('{"points": [{"sloRef": "secret-value"');
        expect(res.status).toBe(400);
        expect(res.body.error.message).toBe(
          'the request body is not valid JSON',
        );
        expect(res.text).not.toContain('secret-value');
      });

      it.each([
        ['/v1/overview?tier=gold', "Invalid query parameter 'tier'"],
        ['/v1/overview?owner=a:b:c', "Invalid query parameter 'owner'"],
        ['/v1/overview?color=red', "Unknown query parameter 'color'"],
        ['/v1/overview?limit=5', "Unknown query parameter 'limit'"],
        ['/v1/services?limit=0', "Invalid query parameter 'limit'"],
        ['/v1/services?limit=501', "Invalid query parameter 'limit'"],
        ['/v1/services?limit=ten', "Invalid query parameter 'limit'"],
        ['/v1/services?offset=-1', "Invalid query parameter 'offset'"],
        ['/v1/services?sort=color', "Invalid query parameter 'sort'"],
        ['/v1/services?order=up', "Invalid query parameter 'order'"],
        ['/v1/services?tier=gold', "Invalid query parameter 'tier'"],
        [`/v1/services?q=${'x'.repeat(201)}`, "Invalid query parameter 'q'"],
        ['/v1/services?page=2', "Unknown query parameter 'page'"],
        [
          '/v1/entities/component/default/orders?x=1',
          "Unknown query parameter 'x'",
        ],
      ])('answers 400 for %s', async (path, message) => {
        const res = await get(path);
        expect(res.status).toBe(400);
        expect(res.body.error.message).toContain(message);
      });
    });

    describe('auth', () => {
      it('answers 401 without credentials, storing nothing', async () => {
        expect((await get('/v1/overview', none)).status).toBe(401);
        expect((await get('/v1/services', none)).status).toBe(401);
        expect(
          (await get('/v1/entities/component/default/orders', none)).status,
        ).toBe(401);
        const res = await ingest(
          {
            points: [
              {
                sloRef: ORDERS_AVAILABILITY,
                timestamp: minuteAgo(40),
                good: 0,
                total: 1000,
              },
            ],
          },
          none,
        );
        expect(res.status).toBe(401);
        const refreshed = await request(backend.server)
          .post('/api/slo/v1/refresh')
          .set('authorization', none)
          .send({});
        expect(refreshed.status).toBe(401);
      });

      it('refuses a user token on the ingestion API', async () => {
        const res = await ingest(
          {
            points: [
              {
                sloRef: ORDERS_AVAILABILITY,
                timestamp: minuteAgo(40),
                good: 0,
                total: 1000,
              },
            ],
          },
          user,
        );
        expect(res.status).toBe(403);
        await refresh();
        const orders = (await get('/v1/entities/component/default/orders'))
          .body as SloEntityDetail;
        expect(
          orders.slos.find(s => s.ref === ORDERS_AVAILABILITY)!.attainment,
        ).toBeCloseTo(0.9995, 12);
      });

      it('serves reads to services too', async () => {
        expect((await get('/v1/overview', service)).status).toBe(200);
        expect((await get('/v1/services', service)).status).toBe(200);
      });

      it('answers 403 when the permission policy denies', async () => {
        permissions.authorize.mockImplementation(async requests =>
          requests.map(() => ({ result: AuthorizeResult.DENY })),
        );
        expect((await get('/v1/overview')).status).toBe(403);
        expect((await get('/v1/services')).status).toBe(403);
        expect(
          (await get('/v1/entities/component/default/orders')).status,
        ).toBe(403);
        const res = await ingest({
          points: [
            {
              sloRef: ORDERS_AVAILABILITY,
              timestamp: minuteAgo(40),
              good: 0,
              total: 1000,
            },
          ],
        });
        expect(res.status).toBe(403);
        expect(res.body.error.message).toBe('You may not send SLI data');
        const refreshed = await request(backend.server)
          .post('/api/slo/v1/refresh')
          .set('authorization', user)
          .send({});
        expect(refreshed.status).toBe(403);
      });
    });
  },
);
