import { mockServices } from '@backstage/backend-test-utils';
import { Entity } from '@backstage/catalog-model';
import {
  FakePluginHandler,
  FakePluginServer,
  respondJson as json,
  startFakePluginServer,
} from '@golden-path/plugin-readiness-node/testUtils';
import { SloFactCollector } from './SloFactCollector';

const logger = mockServices.logger.mock();

const component = (name: string): Entity => ({
  apiVersion: 'backstage.io/v1alpha1',
  kind: 'Component',
  metadata: { name },
  spec: {},
});

describe('SloFactCollector', () => {
  let server: FakePluginServer;
  let answer: FakePluginHandler;
  const discovery = () => server.discovery;
  const auth = mockServices.auth();

  beforeAll(async () => {
    server = await startFakePluginServer((req, res) => answer(req, res));
  });
  afterAll(() => server.close());

  it('turns the SLO overview into facts, with the plugin token', async () => {
    const rows = [
      { entityRef: 'component:default/healthy', status: 'ok', sloCount: 2 },
      { entityRef: 'component:default/warned', status: 'warning', sloCount: 1 },
      {
        entityRef: 'Component:default/Burning',
        status: 'breaching',
        sloCount: 2,
      },
      { entityRef: 'component:default/quiet', status: 'no-data', sloCount: 1 },
      { entityRef: 'component:default/none', status: 'no-data', sloCount: 0 },
    ];
    answer = (req, res) => {
      const url = new URL(req.url!, 'http://localhost');
      if (url.pathname === '/api/slo/v1/services') {
        // Pages of 2 rows whatever the limit asked, as a smaller server
        // maximum would: the collector must follow totalItems.
        const offset = Number(url.searchParams.get('offset'));
        return json(res, 200, {
          items: rows.slice(offset, offset + 2),
          totalItems: rows.length,
          offset,
          limit: 2,
        });
      }
      return url.pathname === '/api/slo/v1/overview'
        ? json(res, 200, {
            tiers: [],
            totalServices: rows.length,
            firingAlerts: [
              { entityRef: 'component:default/burning', severity: 'page' },
              { entityRef: 'component:default/burning', severity: 'page' },
              { entityRef: 'component:default/warned', severity: 'ticket' },
            ],
            tierViolations: [],
            computedAt: null,
          })
        : json(res, 404, {});
    };
    const before = server.requests.length;
    const collector = new SloFactCollector({ discovery: discovery(), auth });
    const results = await collector.collect(
      ['healthy', 'warned', 'burning', 'quiet', 'none', 'unknown'].map(
        component,
      ),
      { logger },
    );
    expect(
      Object.fromEntries(
        results.map(r => [r.entityRef.split('/')[1], r.facts]),
      ),
    ).toEqual({
      healthy: {
        'slo.defined': true,
        'slo.meetsObjectives': true,
        'slo.pageAlertsFiring': 0,
        'slo.status': 'ok',
      },
      warned: {
        'slo.defined': true,
        'slo.meetsObjectives': true,
        'slo.pageAlertsFiring': 0,
        'slo.status': 'warning',
      },
      burning: {
        'slo.defined': true,
        'slo.meetsObjectives': false,
        'slo.pageAlertsFiring': 2,
        'slo.status': 'breaching',
      },
      quiet: {
        'slo.defined': true,
        'slo.meetsObjectives': false,
        'slo.pageAlertsFiring': 0,
        'slo.status': 'no-data',
      },
      none: {
        'slo.defined': false,
        'slo.meetsObjectives': false,
        'slo.pageAlertsFiring': 0,
        'slo.status': 'none',
      },
      unknown: {
        'slo.defined': false,
        'slo.meetsObjectives': false,
        'slo.pageAlertsFiring': 0,
        'slo.status': 'none',
      },
    });
    const asked = server.requests.slice(before);
    expect(asked.map(r => r.url)).toEqual([
      '/api/slo/v1/services?sort=service&order=asc&limit=500&offset=0',
      '/api/slo/v1/services?sort=service&order=asc&limit=500&offset=2',
      '/api/slo/v1/services?sort=service&order=asc&limit=500&offset=4',
      '/api/slo/v1/overview',
    ]);
    for (const r of asked) expect(r.authorization).toMatch(/^Bearer /);
  });
  it('fails naming the SLO backend and the status when it is down', async () => {
    answer = (_req, res) =>
      json(res, 503, {
        error: { name: 'ServiceUnavailableError', message: 'starting up' },
      });
    const collector = new SloFactCollector({ discovery: discovery(), auth });
    await expect(
      collector.collect([component('a')], { logger }),
    ).rejects.toThrow(
      'the SLO backend answered 503 Service Unavailable to GET /api/slo/v1/services?sort=service&order=asc&limit=500&offset=0: starting up',
    );
  });
  it('fails when the SLO backend cannot be reached or answers nonsense', async () => {
    const unreachable = new SloFactCollector({
      discovery: {
        getBaseUrl: async () => 'http://127.0.0.1:1/api/slo',
        getExternalBaseUrl: async () => 'http://127.0.0.1:1/api/slo',
      },
      auth,
    });
    await expect(
      unreachable.collect([component('a')], { logger }),
    ).rejects.toThrow(
      /^the SLO backend could not be reached \(GET \/api\/slo\/v1\/services\?.*\): /,
    );
    answer = (_req, res) => json(res, 200, { items: 'many' });
    await expect(
      new SloFactCollector({ discovery: discovery(), auth }).collect(
        [component('a')],
        { logger },
      ),
    ).rejects.toThrow(
      'the SLO backend answered GET /api/slo/v1/services?sort=service&order=asc&limit=500&offset=0 with an unexpected shape: items:',
    );
  });
});
