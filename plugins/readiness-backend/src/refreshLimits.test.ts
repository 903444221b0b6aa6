import {
  BackstageCredentials,
  createBackendModule,
  createServiceFactory,
} from '@backstage/backend-plugin-api';
import {
  createMockDirectory,
  mockCredentials,
  mockServices,
  startTestBackend,
  TestBackend,
} from '@backstage/backend-test-utils';
import { Entity } from '@backstage/catalog-model';
import { catalogServiceRef } from '@backstage/plugin-catalog-node';
import { catalogServiceMock } from '@backstage/plugin-catalog-node/testUtils';
import { ReadinessEntityDetail } from '@golden-path/plugin-readiness-common';
import readinessModuleAdr from '@golden-path/plugin-readiness-backend-module-adr';
import readinessModuleSlo from '@golden-path/plugin-readiness-backend-module-slo';
import { readinessFactCollectorsExtensionPoint } from '@golden-path/plugin-readiness-node';
import {
  denyPermissionsNamed,
  expectOneRunPerInterval,
} from '@golden-path/plugin-golden-path-node/testUtils';
import request from 'supertest';
import {
  fakeAdrPlugin,
  fakeSloPlugin,
  ordersRepository,
  readinessEntities,
} from './__fixtures__/readinessFixtures';
import readinessPlugin from '.';

const ORDERS = '/v1/entities/component/default/orders';
/** Short, so "allowed again after the interval" needs no long wait. */
const INTERVAL_MS = 400;

const sleep = (ms: number) => new Promise(resolve => setTimeout(resolve, ms));

/** Waits (a few ms at a time, 5 s at most) until `ready()` holds. */
async function until(ready: () => boolean) {
  for (let i = 0; i < 1000 && !ready(); i++) await sleep(5);
  expect(ready()).toBe(true);
}

describe('readiness refresh limits', () => {
  const dir = createMockDirectory();
  const permissions = mockServices.permissions.mock();
  let backend: TestBackend;

  // A collector that counts the refreshes of one component and holds each
  // until the test opens the gate.
  let entityCollections = 0;
  let openGate: () => void = () => {};
  let gate = Promise.resolve();
  const closeGate = () => {
    gate = new Promise(resolve => {
      openGate = resolve;
    });
  };
  const countingModule = createBackendModule({
    pluginId: 'readiness',
    moduleId: 'counting',
    register(env) {
      env.registerInit({
        deps: { collectors: readinessFactCollectorsExtensionPoint },
        async init({ collectors }) {
          collectors.addFactCollector({
            id: 'counting',
            facts: [
              {
                id: 'counting.runs',
                type: 'number',
                description: 'How often it ran',
                collector: 'counting',
              },
            ],
            async collect(entities) {
              if (entities.length === 1) {
                entityCollections += 1;
                await gate;
              }
              return entities.map(entity => ({
                entityRef: `component:default/${entity.metadata.name}`,
                facts: { 'counting.runs': entityCollections },
              }));
            },
          });
        },
      });
    },
  });

  // The router's catalog lookups with a user's credentials: one per
  // refresh request that got past the permission check.
  let userLookups = 0;

  const allow = (denied: string[] = []) =>
    denyPermissionsNamed(permissions, denied);
  const post = (
    path: string,
    body: object = {},
    auth = mockCredentials.user.header(),
  ) =>
    request(backend.server)
      .post(`/api/readiness${path}`)
      .set('authorization', auth)
      .send(body);

  beforeAll(async () => {
    dir.setContent({ repos: { orders: ordersRepository } });
    allow();
    const catalog = catalogServiceMock({
      entities: readinessEntities(dir.resolve('repos')),
    });
    const getEntityByRef = catalog.getEntityByRef.bind(catalog);
    catalog.getEntityByRef = async (ref, options) => {
      const entity: Entity | undefined = await getEntityByRef(ref, options);
      const credentials = (options as { credentials?: BackstageCredentials })
        ?.credentials;
      if ((credentials?.principal as { type?: string })?.type === 'user') {
        userLookups += 1;
      }
      return entity;
    };
    backend = await startTestBackend({
      features: [
        readinessPlugin,
        countingModule,
        readinessModuleSlo,
        readinessModuleAdr,
        fakeSloPlugin,
        fakeAdrPlugin,
        createServiceFactory({
          service: catalogServiceRef,
          deps: {},
          factory: () => catalog,
        }),
        permissions.factory,
        mockServices.rootConfig.factory({
          data: {
            goldenPath: {
              readiness: { localRoots: [dir.resolve('repos')] },
              refresh: { minInterval: { milliseconds: INTERVAL_MS } },
            },
          },
        }),
      ],
    });
  }, 60_000);

  afterAll(async () => {
    await backend?.stop();
  });

  it('runs the org-wide refresh once per interval: 429 with Retry-After after a run, never for refused or bad calls', async () => {
    await expect(
      expectOneRunPerInterval({
        refresh: body => post('/v1/refresh', body),
        refreshAsAnotherCaller: () =>
          post('/v1/refresh', {}, mockCredentials.service.header()),
        deny: allow,
        permission: 'readiness.refresh.all',
        run: 'The readiness refresh of every component',
        intervalMs: INTERVAL_MS,
        unknownField: 'all',
      }),
    ).resolves.toBeUndefined();
  });

  it('gives concurrent refreshes of one component one run of the collectors, and each caller its result', async () => {
    const N = 12;
    entityCollections = 0;
    userLookups = 0;
    closeGate();
    const calls = Array.from({ length: N }, () =>
      post(`${ORDERS}/refresh`).then(res => res),
    );
    // Every request has passed its checks and looked the component up;
    // a tick later each has joined the run (held at the gate).
    await until(() => userLookups === N);
    await sleep(20);
    openGate();
    const responses = await Promise.all(calls);
    expect(responses.map(r => r.status)).toEqual(Array(N).fill(200));
    expect(entityCollections).toBe(1);
    const evaluatedAt = new Set(
      responses.map(r => (r.body as ReadinessEntityDetail).evaluatedAt),
    );
    expect(evaluatedAt.size).toBe(1);

    // Once it has finished, a new refresh runs again.
    const again = await post(`${ORDERS}/refresh`);
    expect(again.status).toBe(200);
    expect(entityCollections).toBe(2);
  });

  it('refuses a refresh of one component before running anything', async () => {
    entityCollections = 0;
    allow(['readiness.entity.refresh']);
    const res = await post(`${ORDERS}/refresh`);
    allow();
    expect(res.status).toBe(403);
    expect(entityCollections).toBe(0);
    const bad = await post(`${ORDERS}/refresh`, { now: true });
    expect(bad.status).toBe(400);
    expect(entityCollections).toBe(0);
  });
});

describe('goldenPath.refresh.minInterval', () => {
  it('stops start-up on a bad value, naming the key', async () => {
    await expect(
      startTestBackend({
        features: [
          readinessPlugin,
          catalogServiceMock.factory({ entities: [] }),
          mockServices.rootConfig.factory({
            data: { goldenPath: { refresh: { minInterval: 'soon' } } },
          }),
        ],
      }),
    ).rejects.toThrow(/Invalid config goldenPath\.refresh\.minInterval: /);
  });
});
