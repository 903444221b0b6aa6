import {
  BackstageCredentials,
  coreServices,
  createServiceFactory,
  UrlReaderServiceReadTreeResponse,
} from '@backstage/backend-plugin-api';
import {
  mockCredentials,
  mockServices,
  startTestBackend,
  TestBackend,
} from '@backstage/backend-test-utils';
import { Entity } from '@backstage/catalog-model';
import { catalogServiceRef } from '@backstage/plugin-catalog-node';
import { catalogServiceMock } from '@backstage/plugin-catalog-node/testUtils';
import { AuthorizeResult } from '@backstage/plugin-permission-common';
import {
  denyPermissionsNamed,
  expectOneRunPerInterval,
} from '@golden-path/plugin-golden-path-node/testUtils';
import request from 'supertest';
import { adrPlugin } from './plugin';

const ORDERS = 'component:default/orders';
/** Short, so "allowed again after the interval" needs no long wait. */
const INTERVAL_MS = 400;

const sleep = (ms: number) => new Promise(resolve => setTimeout(resolve, ms));

/** Waits (a few ms at a time, 5 s at most) until `ready()` holds. */
async function until(ready: () => boolean) {
  for (let i = 0; i < 1000 && !ready(); i++) await sleep(5);
  expect(ready()).toBe(true);
}

describe('ADR refresh limits', () => {
  const permissions = mockServices.permissions.mock();
  let backend: TestBackend;

  // The URL reader counts the readings of the orders folder and holds each
  // until the test opens the gate.
  let folderReads = 0;
  let openGate: () => void = () => {};
  let gate = Promise.resolve();
  const closeGate = () => {
    gate = new Promise(resolve => {
      openGate = resolve;
    });
  };
  const reader = mockServices.urlReader.mock();
  reader.readTree.mockImplementation(async () => {
    folderReads += 1;
    await gate;
    return {
      etag: `etag-${folderReads}`,
      files: async () => [
        {
          path: '0001-use-postgres.md',
          content: async () =>
            Buffer.from('# 1. Use PostgreSQL\n\nStatus: accepted\n'),
          lastModifiedAt: undefined,
        },
      ],
    } as unknown as UrlReaderServiceReadTreeResponse;
  });

  const entities: Entity[] = [
    {
      apiVersion: 'backstage.io/v1alpha1',
      kind: 'Component',
      metadata: {
        name: 'orders',
        namespace: 'default',
        annotations: {
          'golden-path.io/adr-location':
            'https://git.example.com/shop/orders/tree/main/docs/adr',
        },
      },
      spec: { type: 'service', lifecycle: 'production', owner: 'team-orders' },
    },
  ];
  // The router's catalog lookups with a user's credentials: one per
  // refresh request that got past the permission check.
  let userLookups = 0;

  const allow = (denied: string[] = []) => {
    denyPermissionsNamed(permissions, denied);
    permissions.authorizeConditional.mockImplementation(async requests =>
      requests.map(() => ({ result: AuthorizeResult.ALLOW })),
    );
  };
  const refresh = (body: object = {}, auth = mockCredentials.user.header()) =>
    request(backend.server)
      .post('/api/adr/refresh')
      .set('authorization', auth)
      .send(body);

  beforeAll(async () => {
    allow();
    const catalog = catalogServiceMock({ entities });
    const getEntityByRef = catalog.getEntityByRef.bind(catalog);
    catalog.getEntityByRef = async (ref, options) => {
      const entity = await getEntityByRef(ref, options);
      const credentials = (options as { credentials?: BackstageCredentials })
        ?.credentials;
      if ((credentials?.principal as { type?: string })?.type === 'user') {
        userLookups += 1;
      }
      return entity;
    };
    backend = await startTestBackend({
      features: [
        adrPlugin,
        createServiceFactory({
          service: catalogServiceRef,
          deps: {},
          factory: () => catalog,
        }),
        createServiceFactory({
          service: coreServices.urlReader,
          deps: {},
          factory: () => reader,
        }),
        permissions.factory,
        mockServices.rootConfig.factory({
          data: {
            goldenPath: {
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

  it('reads every folder once per interval: 429 with Retry-After after a run, never for refused or bad calls', async () => {
    await expect(
      expectOneRunPerInterval({
        refresh: body => refresh(body),
        refreshAsAnotherCaller: () =>
          refresh({}, mockCredentials.service.header()),
        deny: allow,
        permission: 'adr.refresh.all',
        run: 'The reading of every ADR folder',
        intervalMs: INTERVAL_MS,
        unknownField: 'all',
        whileLimited: async () => {
          // A refresh of one entity is not org-wide work: not limited.
          const one = await refresh({ entityRef: ORDERS });
          expect(one.status).toBe(200);
        },
      }),
    ).resolves.toBeUndefined();
  });

  it('gives concurrent refreshes of one entity one reading of its folder, and each caller its result', async () => {
    const N = 12;
    folderReads = 0;
    userLookups = 0;
    closeGate();
    const calls = Array.from({ length: N }, () =>
      refresh({ entityRef: ORDERS }).then(res => res),
    );
    // Every request has passed its checks and looked the entity up; a
    // tick later each has joined the reading (held at the gate).
    await until(() => userLookups === N);
    await sleep(20);
    openGate();
    const responses = await Promise.all(calls);
    expect(responses.map(r => r.status)).toEqual(Array(N).fill(200));
    expect(folderReads).toBe(1);
    expect(new Set(responses.map(r => JSON.stringify(r.body))).size).toBe(1);
    expect(responses[0].body).toMatchObject({ entityRef: ORDERS, adrCount: 1 });

    // Once it has finished, a new refresh reads again.
    expect((await refresh({ entityRef: ORDERS })).status).toBe(200);
    expect(folderReads).toBe(2);
  });

  it('refuses a refresh of one entity before reading anything', async () => {
    folderReads = 0;
    allow(['adr.entity.refresh']);
    const res = await refresh({ entityRef: ORDERS });
    allow();
    expect(res.status).toBe(403);
    expect(folderReads).toBe(0);
    const bad = await refresh({ entityRef: 'kind:ns/' });
    expect(bad.status).toBe(400);
    expect(folderReads).toBe(0);
  });
});
