import {
  createMockDirectory,
  mockCredentials,
  mockServices,
  startTestBackend,
  TestBackend,
} from '@backstage/backend-test-utils';
import { catalogServiceMock } from '@backstage/plugin-catalog-node/testUtils';
import { AuthorizeResult } from '@backstage/plugin-permission-common';
import request from 'supertest';
import { goldenPathPlugin } from './plugin';

/** Short, so "allowed again after the interval" needs no long wait. */
const INTERVAL_MS = 400;

describe('golden-path drift refresh: permission and limit', () => {
  const dir = createMockDirectory();
  const permissions = mockServices.permissions.mock();
  let backend: TestBackend;

  const allow = (denied: string[] = []) =>
    permissions.authorize.mockImplementation(async requests =>
      requests.map(r => ({
        result: denied.includes(r.permission.name)
          ? AuthorizeResult.DENY
          : AuthorizeResult.ALLOW,
      })),
    );
  const refresh = (
    body: object = {},
    auth: string = mockCredentials.user.header(),
  ) =>
    request(backend.server)
      .post('/api/golden-path/drift/refresh')
      .set('authorization', auth)
      .send(body);

  beforeAll(async () => {
    dir.setContent({ repos: {} });
    allow();
    backend = await startTestBackend({
      features: [
        goldenPathPlugin,
        catalogServiceMock.factory({ entities: [] }),
        permissions.factory,
        mockServices.rootConfig.factory({
          data: {
            backend: { baseUrl: 'http://localhost:7007' },
            goldenPath: {
              scaffolder: { localPublishRoot: dir.resolve('repos') },
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

  it('needs credentials, before reading the input', async () => {
    for (const body of [{}, { force: true }]) {
      const res = await refresh(body, mockCredentials.none.header());
      expect(res.status).toBe(401);
    }
  });

  it('recomputes once per interval: 429 with Retry-After after a run, never for refused or bad calls', async () => {
    allow(['goldenpath.drift.refresh.all']);
    for (let i = 0; i < 3; i++) {
      const refused = await refresh();
      expect(refused.status).toBe(403);
      expect(refused.body.error.message).toBe(
        'You may not recompute the golden-path drift of every service',
      );
    }
    expect(permissions.authorize).toHaveBeenLastCalledWith(
      [
        {
          permission: expect.objectContaining({
            name: 'goldenpath.drift.refresh.all',
            type: 'basic',
          }),
        },
      ],
      expect.anything(),
    );
    allow();
    const bad = await refresh({ force: true });
    expect(bad.status).toBe(400);
    expect(bad.body.error.message).toBe("Unknown body field 'force'");

    expect((await refresh()).status).toBe(202);
    const second = await refresh({}, mockCredentials.service.header());
    expect(second.status).toBe(429);
    expect(second.headers['retry-after']).toBe('1');
    expect(second.body).toMatchObject({
      error: {
        name: 'TooManyRequestsError',
        message: expect.stringMatching(
          /^The drift recomputation of every service was started a moment ago and starts at most once every 400 milliseconds; it may start again in 1 second \(at \d\d:\d\d:\d\d UTC\)\.$/,
        ),
        retryAfterSeconds: 1,
      },
      response: { statusCode: 429 },
    });

    await new Promise(resolve => setTimeout(resolve, INTERVAL_MS + 50));
    expect((await refresh()).status).toBe(202);
  });
});
