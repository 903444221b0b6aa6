import {
  createMockDirectory,
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
import { goldenPathPlugin } from './plugin';

/** Short, so "allowed again after the interval" needs no long wait. */
const INTERVAL_MS = 400;

describe('golden-path drift refresh: permission and limit', () => {
  const dir = createMockDirectory();
  const permissions = mockServices.permissions.mock();
  let backend: TestBackend;

  const allow = (denied: string[] = []) =>
    denyPermissionsNamed(permissions, denied);
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

  it('refuses a caller without goldenpath.drift.refresh.all, naming what', async () => {
    allow(['goldenpath.drift.refresh.all']);
    const refused = await refresh();
    expect(refused.status).toBe(403);
    expect(refused.body.error.message).toBe(
      'You may not recompute the golden-path drift of every service',
    );
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
  });

  it('recomputes once per interval: 429 with Retry-After after a run, never for refused or bad calls', async () => {
    await expect(
      expectOneRunPerInterval({
        refresh: body => refresh(body),
        refreshAsAnotherCaller: () =>
          refresh({}, mockCredentials.service.header()),
        deny: allow,
        permission: 'goldenpath.drift.refresh.all',
        run: 'The drift recomputation of every service',
        intervalMs: INTERVAL_MS,
        unknownField: 'force',
      }),
    ).resolves.toBeUndefined();
  });
});
