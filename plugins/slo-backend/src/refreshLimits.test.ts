import {
  mockCredentials,
  mockServices,
  startTestBackend,
  TestBackend,
} from '@backstage/backend-test-utils';
import { catalogServiceMock } from '@backstage/plugin-catalog-node/testUtils';
import { AuthorizeResult } from '@backstage/plugin-permission-common';
import request from 'supertest';
import sloPlugin from '.';

/** Short, so "allowed again after the interval" needs no long wait. */
const INTERVAL_MS = 400;

describe('SLO recomputation limit', () => {
  const permissions = mockServices.permissions.mock();
  let backend: TestBackend;

  const deny = (denied: string[]) =>
    permissions.authorize.mockImplementation(async requests =>
      requests.map(r => ({
        result: denied.includes(r.permission.name)
          ? AuthorizeResult.DENY
          : AuthorizeResult.ALLOW,
      })),
    );
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
    deny(['slo.refresh.all']);
    for (let i = 0; i < 3; i++) expect((await refresh()).status).toBe(403);
    deny([]);
    const bad = await refresh({ now: true });
    expect(bad.status).toBe(400);
    expect(bad.body.error.message).toBe("Unknown body field 'now'");

    expect((await refresh()).status).toBe(202);
    const second = await refresh({}, mockCredentials.service.header());
    expect(second.status).toBe(429);
    expect(second.headers['retry-after']).toBe('1');
    expect(second.body).toMatchObject({
      error: {
        name: 'TooManyRequestsError',
        message: expect.stringMatching(
          /^The recomputation of every SLO was started a moment ago and starts at most once every 400 milliseconds; it may start again in 1 second \(at \d\d:\d\d:\d\d UTC\)\.$/,
        ),
        retryAfterSeconds: 1,
      },
      response: { statusCode: 429 },
    });

    await new Promise(resolve => setTimeout(resolve, INTERVAL_MS + 50));
    expect((await refresh()).status).toBe(202);
  });
});
