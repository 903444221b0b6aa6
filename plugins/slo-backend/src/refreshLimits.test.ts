import {
  mockCredentials,
  mockServices,
  startTestBackend,
  TestBackend,
} from '@backstage/backend-test-utils';
import { catalogServiceMock } from '@backstage/plugin-catalog-node/testUtils';
import {
  denyPermissionsNamed,
  expectOneRunPerInterval,
} from '@golden-path/plugin-golden-path-node/testUtils';
import request from 'supertest';
import sloPlugin from '.';

/** Short, so "allowed again after the interval" needs no long wait. */
const INTERVAL_MS = 400;

describe('SLO recomputation limit', () => {
  const permissions = mockServices.permissions.mock();
  let backend: TestBackend;

  const deny = (denied: string[] = []) =>
    denyPermissionsNamed(permissions, denied);
  const refresh = (body: object = {}, auth = mockCredentials.user.header()) =>
    request(backend.server)
      .post('/api/slo/v1/refresh')
      .set('authorization', auth)
      .send(body);

  beforeAll(async () => {
    deny([]);
    backend = await startTestBackend({
      features: [
        sloPlugin,
        catalogServiceMock.factory({ entities: [] }),
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

  it('is checked against slo.refresh.all, not the ingestion permission', async () => {
    // Allowed to ingest, not to recompute: refused.
    deny(['slo.refresh.all']);
    const refused = await refresh();
    expect(refused.status).toBe(403);
    expect(refused.body.error.message).toBe('You may not recompute SLOs');
    // Allowed to recompute, not to ingest: not refused for that.
    deny(['slo.sli.create']);
    const allowed = await refresh();
    expect(allowed.status).toBe(202);
    await new Promise(resolve => setTimeout(resolve, INTERVAL_MS + 50));
  });

  it('recomputes once per interval: 429 with Retry-After after a run, never for refused or bad calls', async () => {
    await expect(
      expectOneRunPerInterval({
        refresh: body => refresh(body),
        refreshAsAnotherCaller: () =>
          refresh({}, mockCredentials.service.header()),
        deny,
        permission: 'slo.refresh.all',
        run: 'The recomputation of every SLO',
        intervalMs: INTERVAL_MS,
        unknownField: 'now',
      }),
    ).resolves.toBeUndefined();
  });
});
