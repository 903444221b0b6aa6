import {
  createMockDirectory,
  mockCredentials,
  mockServices,
  startTestBackend,
  TestBackend,
} from '@backstage/backend-test-utils';
import { createBackendModule } from '@backstage/backend-plugin-api';
import { catalogServiceMock } from '@backstage/plugin-catalog-node/testUtils';
import { AuthorizeResult } from '@backstage/plugin-permission-common';
import { SloEntityDetail } from '@golden-path/plugin-slo-common';
import {
  SliSource,
  sloSliSourcesExtensionPoint,
} from '@golden-path/plugin-slo-node';
import request from 'supertest';
import sloPlugin from '.';

// An OpenSLO file whose SLI reads a Prometheus data source named `metrics`.
const PROMETHEUS_SLO = `apiVersion: openslo/v1
kind: DataSource
metadata:
  name: metrics
spec:
  type: Prometheus
  connectionDetails: {}
---
apiVersion: openslo/v1
kind: SLO
metadata:
  name: metrics-availability
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
      name: metrics-requests
    spec:
      ratioMetric:
        counter: true
        good:
          metricSource:
            type: Prometheus
            metricSourceRef: metrics
            spec:
              query: http_requests_total{job="metrics",code!~"5.."}
        total:
          metricSource:
            type: Prometheus
            metricSourceRef: metrics
            spec:
              query: http_requests_total{job="metrics"}
  objectives:
    - displayName: metrics
      target: 0.99
`;

/** A module adding `source` for `type` through the extension point. */
const sourceModule = (moduleId: string, type: string, source: SliSource) =>
  createBackendModule({
    pluginId: 'slo',
    moduleId,
    register(reg) {
      reg.registerInit({
        deps: { sliSources: sloSliSourcesExtensionPoint },
        async init({ sliSources }) {
          sliSources.addSliSource(type, source);
        },
      });
    },
  });

/** Always 999 good of 1000 events, in one step per hour. */
const steadySource: SliSource = {
  async countsBetween() {
    return { good: 999, total: 1000 };
  },
  async countsSeries(_slo, start, end, stepMs) {
    const steps = [];
    for (let t = start.getTime(); t < end.getTime(); t += stepMs) {
      steps.push({ time: new Date(t).toISOString(), good: 999, total: 1000 });
    }
    return steps;
  },
};

describe('SLI sources added by modules', () => {
  const dir = createMockDirectory();
  let backend: TestBackend | undefined;

  const start = async (modules: ReturnType<typeof sourceModule>[]) => {
    dir.setContent({ metrics: { 'slo.yaml': PROMETHEUS_SLO } });
    const permissions = mockServices.permissions.mock();
    permissions.authorize.mockImplementation(async requests =>
      requests.map(() => ({ result: AuthorizeResult.ALLOW })),
    );
    backend = await startTestBackend({
      features: [
        sloPlugin,
        ...modules,
        catalogServiceMock.factory({
          entities: [
            {
              apiVersion: 'backstage.io/v1alpha1',
              kind: 'Component',
              metadata: {
                name: 'metrics',
                namespace: 'default',
                annotations: {
                  'backstage.io/managed-by-location': `file:${dir.resolve(
                    'metrics/catalog-info.yaml',
                  )}`,
                  'golden-path.io/slo': 'slo.yaml',
                },
              },
              spec: { type: 'service', lifecycle: 'production', owner: 'a' },
            },
          ],
        }),
        permissions.factory,
        mockServices.rootConfig.factory({
          data: {
            goldenPath: {
              slo: { localRoots: [dir.path] },
              refresh: { minInterval: { seconds: 0 } },
            },
          },
        }),
      ],
    });
    const refreshed = await request(backend.server)
      .post('/api/slo/v1/refresh')
      .set('authorization', mockCredentials.user.header())
      .send({});
    expect(refreshed.status).toBe(202);
    const res = await request(backend.server)
      .get('/api/slo/v1/entities/component/default/metrics')
      .set('authorization', mockCredentials.user.header());
    expect(res.status).toBe(200);
    const body = res.body as SloEntityDetail;
    expect(body.errors).toEqual([]);
    return body.slos[0];
  };

  afterEach(async () => {
    await backend?.stop();
    backend = undefined;
  });

  it('reads an SLO from the source registered for its data source type', async () => {
    const slo = await start([
      sourceModule('steady', 'prometheus', steadySource),
    ]);
    expect(slo).toMatchObject({
      ref: 'component:default/metrics#openslo.metrics-availability',
      status: 'ok',
      error: null,
    });
    // 99.9 % of events good against a 99 % target: 90 % of the budget left.
    expect(slo.attainment).toBeCloseTo(0.999, 6);
    expect(slo.budgetRemaining).toBeCloseTo(0.9, 6);
  }, 60_000);

  it('shows an SLO whose data source type no module reads as an error, in plain words', async () => {
    const slo = await start([]);
    expect(slo).toMatchObject({
      status: 'error',
      attainment: null,
      budgetRemaining: null,
      error:
        "no SLI source for data sources of type prometheus is installed in this backend (data source 'metrics'); add the backend module that reads them",
    });
  }, 60_000);

  it('fails start-up when two modules register a source for the same type', async () => {
    await expect(
      start([
        sourceModule('one', 'prometheus', steadySource),
        sourceModule('two', 'prometheus', steadySource),
      ]),
    ).rejects.toThrow(
      "SLO plugin: two SLI sources were registered for data source type 'prometheus'; install one backend module per type",
    );
  }, 60_000);

  it('fails start-up when a module registers a source for the built-in type', async () => {
    await expect(
      start([sourceModule('builtin', 'builtin', steadySource)]),
    ).rejects.toThrow(
      /for data source type 'builtin', which is the plugin's own ingestion API/,
    );
  }, 60_000);
});
