import {
  coreServices,
  createBackendModule,
  createServiceFactory,
} from '@backstage/backend-plugin-api';
import {
  createMockDirectory,
  mockCredentials,
  mockServices,
  startTestBackend,
  TestBackend,
  TestDatabases,
} from '@backstage/backend-test-utils';
import { catalogServiceRef } from '@backstage/plugin-catalog-node';
import { catalogServiceMock } from '@backstage/plugin-catalog-node/testUtils';
import { catalogReadableBy } from '@golden-path/plugin-golden-path-node/testUtils';
import { AuthorizeResult } from '@backstage/plugin-permission-common';
import { PagedRows } from '@golden-path/plugin-golden-path-common';
import {
  Attestation,
  MAX_ROW_FAILING_CHECKS,
  ReadinessChecksResponse,
  ReadinessEntityDetail,
  ReadinessOverview,
  ReadinessRollup,
  ReadinessServiceListRow,
} from '@golden-path/plugin-readiness-common';
import readinessModuleAdr from '@golden-path/plugin-readiness-backend-module-adr';
import readinessModuleSlo from '@golden-path/plugin-readiness-backend-module-slo';
import { readinessFactCollectorsExtensionPoint } from '@golden-path/plugin-readiness-node';
import { Knex } from 'knex';
import request from 'supertest';
import {
  fakeAdrPlugin,
  fakeSlo,
  fakeSloPlugin,
  ordersRepository,
  readinessEntities,
} from './__fixtures__/readinessFixtures';
import readinessPlugin from '.';

const databases = TestDatabases.create();
const ORDERS = '/v1/entities/component/default/orders';
const DAY_MS = 24 * 60 * 60 * 1000;

describe.each(databases.eachSupportedId())(
  'the readiness plugin on %s',
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
    const { catalog } = catalogReadableBy(
      readinessEntities(dir.resolve('repos')),
      () => readableByUser,
    );
    const deny = (name: string) => {
      permissions.authorize.mockImplementation(async requests =>
        requests.map(r => ({
          result:
            r.permission.name === name
              ? AuthorizeResult.DENY
              : AuthorizeResult.ALLOW,
        })),
      );
    };

    const user = mockCredentials.user.header();
    const service = mockCredentials.service.header();
    // The test backend treats a request without a header as the default
    // user; mockCredentials.none is a request with no credentials at all.
    const none = mockCredentials.none.header();
    const get = (path: string, auth: string = user) =>
      request(backend.server)
        .get(`/api/readiness${path}`)
        .set('authorization', auth);
    const post = (path: string, body?: object, auth: string = user) => {
      const req = request(backend.server)
        .post(`/api/readiness${path}`)
        .set('authorization', auth);
      return body === undefined ? req : req.send(body);
    };
    const count = async (table: string) =>
      Number(
        (
          (await knex(table).count({ n: '*' })) as Array<{ n: number | string }>
        )[0].n,
      );

    beforeAll(async () => {
      dir.setContent({ repos: { orders: ordersRepository } });
      allowAll();
      fakeSlo.mode = 'ok';
      knex = await databases.init(databaseId);
      backend = await startTestBackend({
        features: [
          readinessPlugin,
          readinessModuleSlo,
          readinessModuleAdr,
          fakeSloPlugin,
          fakeAdrPlugin,
          mockServices.database.factory({ knex }),
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
                // Tests here refresh the org more than once a minute; the
                // limit has tests of its own (refreshLimits.test.ts).
                refresh: { minInterval: { seconds: 0 } },
              },
            },
          }),
        ],
      });
    }, 60_000);

    afterAll(async () => {
      await backend?.stop();
    });

    beforeEach(() => {
      allowAll();
      fakeSlo.mode = 'ok';
    });

    describe('without credentials', () => {
      it.each([
        ['GET', '/v1/checks'],
        ['GET', '/v1/overview'],
        ['GET', '/v1/services'],
        ['GET', '/v1/rollups?by=owner'],
        ['GET', ORDERS],
        ['GET', `${ORDERS}/history`],
        ['GET', `${ORDERS}/attestations`],
        ['GET', `${ORDERS}/collectors`],
        ['POST', '/v1/refresh'],
        ['POST', `${ORDERS}/refresh`],
        ['POST', `${ORDERS}/attestations`],
      ])('%s %s answers 401 and writes nothing', async (method, path) => {
        const before = await Promise.all(
          [
            'readiness_facts',
            'readiness_entities',
            'readiness_attestations',
          ].map(count),
        );
        const res =
          method === 'GET'
            ? await get(path, none)
            : await post(
                path,
                path.endsWith('attestations')
                  ? { checkId: 'failover-drill', comment: 'Drill done' }
                  : {},
                none,
              );
        expect(res.status).toBe(401);
        expect(
          await Promise.all(
            [
              'readiness_facts',
              'readiness_entities',
              'readiness_attestations',
            ].map(count),
          ),
        ).toEqual(before);
      });
    });

    describe('refreshing everything', () => {
      it('is refused without the refresh permission', async () => {
        deny('readiness.refresh.all');
        const res = await post('/v1/refresh', {});
        expect(res.status).toBe(403);
        expect(res.body.error.message).toBe(
          'You may not refresh the readiness of every component',
        );
        expect(permissions.authorize).toHaveBeenLastCalledWith(
          [{ permission: expect.objectContaining({ type: 'basic' }) }],
          expect.anything(),
        );
        expect(await count('readiness_facts')).toBe(0);
      });

      it('runs every collector, then the evaluation (202)', async () => {
        const res = await post('/v1/refresh', {});
        expect(res.status).toBe(202);
        expect(res.body).toEqual({ status: 'started' });
        expect(await count('readiness_entities')).toBe(3);
      });

      it('refuses a body', async () => {
        const res = await post('/v1/refresh', { all: true });
        expect(res.status).toBe(400);
        expect(res.body.error.message).toBe("Unknown body field 'all'");
      });
    });

    describe('GET /v1/checks', () => {
      it('lists the checks, the facts they may read and the required levels', async () => {
        const res = await get('/v1/checks');
        expect(res.status).toBe(200);
        const body = res.body as ReadinessChecksResponse;
        expect(body.checks.map(c => c.id)).toContain('failover-drill');
        expect(body.facts.map(f => f.id)).toEqual(
          expect.arrayContaining([
            'catalog.ownerIsGroup',
            'repository.found',
            'repository.dockerfile',
            'slo.meetsObjectives',
            'adr.count',
            'attestation.failover-drill',
          ]),
        );
        expect(body.requiredLevels).toEqual({
          critical: 'gold',
          important: 'silver',
          standard: 'bronze',
          'best-effort': 'none',
        });
      });
    });

    describe('GET /v1/entities/:kind/:namespace/:name', () => {
      it('answers the checks with the facts behind each result', async () => {
        const res = await get(ORDERS);
        expect(res.status).toBe(200);
        const body = res.body as ReadinessEntityDetail;
        expect(body).toMatchObject({
          entityRef: 'component:default/orders',
          title: 'Orders',
          owner: 'group:default/team-orders',
          system: 'system:default/shop',
          tier: 'critical',
          level: 'silver',
          requiredLevel: 'gold',
          meetsRequired: false,
        });
        const outcome = (id: string) =>
          body.checks.find(c => c.check.id === id)!;
        expect(
          body.checks
            .filter(c => c.outcome !== 'pass')
            .map(c => c.check.id)
            .sort(),
        ).toEqual(['dependency-updates', 'failover-drill', 'threat-model']);
        expect(outcome('slo-met').facts).toEqual([
          {
            id: 'slo.meetsObjectives',
            value: true,
            collectedAt: expect.any(String),
            collector: 'slo',
          },
        ]);
        expect(outcome('decisions-recorded').facts).toEqual(
          expect.arrayContaining([
            expect.objectContaining({ id: 'adr.count', value: 3 }),
          ]),
        );
        expect(outcome('failover-drill')).toMatchObject({
          outcome: 'fail',
          attestation: null,
        });
        expect(outcome('dependency-updates').message).toContain(
          'repository.dependencyUpdates',
        );
        expect(body.passed).toBe(
          body.checks.filter(c => c.outcome === 'pass').length,
        );
        expect(body.history.length).toBeGreaterThanOrEqual(1);
        expect(body.evaluatedAt).toEqual(expect.any(String));
      });

      it('explains failing checks of a component without a repository', async () => {
        const res = await get('/v1/entities/component/default/legacy');
        expect(res.status).toBe(200);
        const body = res.body as ReadinessEntityDetail;
        expect(body).toMatchObject({
          level: 'none',
          requiredLevel: 'bronze',
          meetsRequired: false,
        });
        const ci = body.checks.find(c => c.check.id === 'ci-pipeline')!;
        expect(ci.outcome).toBe('fail');
        expect(ci.message).toContain(
          'repository collector: no repository is known for this service',
        );
        expect(ci.message).toContain('golden-path.io/repository');
        expect(ci.message).not.toContain('goldenPath.readiness.localRoots');
        // Best-effort-only checks do not apply; a standard service skips gold checks of critical ones.
        expect(
          body.checks.find(c => c.check.id === 'threat-model')!.outcome,
        ).toBe('not-applicable');
      });

      it('answers 404 for an entity the catalog does not have, 400 for odd refs and other kinds', async () => {
        const missing = await get('/v1/entities/component/default/nope');
        expect(missing.status).toBe(404);
        expect(missing.body.error.message).toBe(
          'Entity component:default/nope not found in the catalog',
        );
        const group = await get('/v1/entities/group/default/team-orders');
        expect(group.status).toBe(400);
        expect(group.body.error.message).toContain(
          'readiness is evaluated for components',
        );
        const odd = await get('/v1/entities/component/default/a%3Ab');
        expect(odd.status).toBe(400);
        expect(odd.body.error.message).toContain(
          'Invalid entity ref in the URL',
        );
        const query = await get(`${ORDERS}?verbose=1`);
        expect(query.status).toBe(400);
        expect(query.body.error.message).toBe(
          "Unknown query parameter 'verbose'",
        );
      });

      it('lists the last run of each collector with its error', async () => {
        const res = await get(
          '/v1/entities/component/default/legacy/collectors',
        );
        expect(res.status).toBe(200);
        expect(res.body.map((r: { collector: string }) => r.collector)).toEqual(
          ['adr', 'catalog', 'golden-path', 'repository', 'slo'],
        );
        expect(
          res.body.find(
            (r: { collector: string }) => r.collector === 'repository',
          ).error,
        ).toMatch(/^no repository is known for this service/);
      });
    });

    describe('history', () => {
      it('answers the points of the last days', async () => {
        const res = await get(`${ORDERS}/history?days=7`);
        expect(res.status).toBe(200);
        expect(res.body[0]).toEqual({
          evaluatedAt: expect.any(String),
          level: 'silver',
          passed: expect.any(Number),
          applicable: expect.any(Number),
        });
      });

      it.each([['days=0'], ['days=abc'], ['days=99999'], ['day=7']])(
        'refuses %s naming the field',
        async query => {
          const res = await get(`${ORDERS}/history?${query}`);
          expect(res.status).toBe(400);
          expect(res.body.error.message).toMatch(/query parameter.*'days?'/);
        },
      );
    });

    describe('attestations', () => {
      const attest = (body: object, auth: string = user) =>
        post(`${ORDERS}/attestations`, body, auth);

      it('is refused without the permission, and writes nothing', async () => {
        deny('readiness.attestation.create');
        const res = await attest({
          checkId: 'failover-drill',
          comment: 'Done',
        });
        expect(res.status).toBe(403);
        expect(res.body.error.message).toBe(
          'You may not attest readiness checks of component:default/orders',
        );
        // For this component: an ownership condition applies to it.
        expect(permissions.authorize).toHaveBeenLastCalledWith(
          [
            {
              permission: expect.objectContaining({
                name: 'readiness.attestation.create',
                resourceType: 'catalog-entity',
              }),
              resourceRef: 'component:default/orders',
            },
          ],
          expect.anything(),
        );
        expect(await count('readiness_attestations')).toBe(0);
      });

      it('is for people only: a service token is refused', async () => {
        const res = await attest(
          { checkId: 'failover-drill', comment: 'Done' },
          service,
        );
        expect([401, 403]).toContain(res.status);
        expect(await count('readiness_attestations')).toBe(0);
      });

      it.each([
        [
          { checkId: 'no-such-check', comment: 'x' },
          "Invalid body field 'checkId': there is no check 'no-such-check'",
        ],
        [
          { checkId: 'runbook-linked', comment: 'x' },
          "Invalid body field 'checkId': the check 'runbook-linked' is not attestable",
        ],
        [
          { checkId: 'failover-drill', comment: '   ' },
          "Invalid body field 'comment'",
        ],
        [
          { checkId: 'failover-drill', comment: 'x'.repeat(2001) },
          "Invalid body field 'comment': must be at most 2000 characters",
        ],
        [{ checkId: 'failover-drill' }, "Invalid body field 'comment'"],
        [
          {
            checkId: 'failover-drill',
            comment: 'x',
            expiresAt: '2020-01-01T00:00:00Z',
          },
          "Invalid body field 'expiresAt': must be in the future",
        ],
        [
          {
            checkId: 'failover-drill',
            comment: 'x',
            expiresAt: new Date(Date.now() + 400 * DAY_MS).toISOString(),
          },
          "Invalid body field 'expiresAt': must be at most a year",
        ],
        [
          { checkId: 'failover-drill', comment: 'x', expiresAt: 'next week' },
          "Invalid body field 'expiresAt': must be an ISO date",
        ],
        ...[
          '2027-02-30',
          '2027-01-01T24:00:00Z',
          '2027-13-01',
          '2027-06-31T10:00Z',
          '2027-01-01T10:60:00Z',
          '2027-01-01T10:00:00+25:00',
        ].map(
          expiresAt =>
            [
              { checkId: 'failover-drill', comment: 'x', expiresAt },
              "Invalid body field 'expiresAt': must be an ISO date (2025-12-31) or date and time with a zone (2025-12-31T12:00:00Z) that exists on the calendar",
            ] as [object, string],
        ),
        [
          {
            checkId: 'failover-drill',
            comment: 'x',
            author: 'user:default/boss',
          },
          "Unknown body field 'author'",
        ],
      ])('refuses %j with 400 naming the field', async (body, message) => {
        const res = await attest(body);
        expect(res.status).toBe(400);
        expect(res.body.error.message).toContain(message);
        expect(await count('readiness_attestations')).toBe(0);
      });

      it('answers 404 for an unknown entity', async () => {
        const res = await post(
          '/v1/entities/component/default/nope/attestations',
          {
            checkId: 'failover-drill',
            comment: 'Done',
          },
        );
        expect(res.status).toBe(404);
      });

      it('records the attestation by the signed-in user and re-evaluates (201)', async () => {
        const res = await attest({
          checkId: 'failover-drill',
          comment: 'Primary lost on 2026-02-01, recovered in 4 minutes',
        });
        expect(res.status).toBe(201);
        const attestation = res.body as Attestation;
        expect(attestation).toMatchObject({
          entityRef: 'component:default/orders',
          checkId: 'failover-drill',
          author: 'user:default/mock',
          comment: 'Primary lost on 2026-02-01, recovered in 4 minutes',
          expired: false,
        });
        // The check's validDays (180) by default.
        const days =
          (Date.parse(attestation.expiresAt) -
            Date.parse(attestation.createdAt)) /
          DAY_MS;
        expect(days).toBe(180);

        const detail = (await get(ORDERS)).body as ReadinessEntityDetail;
        const drill = detail.checks.find(c => c.check.id === 'failover-drill')!;
        expect(drill.outcome).toBe('pass');
        expect(drill.attestation).toEqual(attestation);

        const audit = await get(`${ORDERS}/attestations`);
        expect(audit.status).toBe(200);
        expect(audit.body).toEqual([attestation]);
      });

      it('accepts an explicit expiry within a year', async () => {
        const expiresAt = new Date(Date.now() + 300 * DAY_MS).toISOString();
        const res = await attest({
          checkId: 'threat-model',
          comment: 'Reviewed',
          expiresAt,
        });
        expect(res.status).toBe(201);
        expect(res.body.expiresAt).toBe(expiresAt);
        const audit = (await get(`${ORDERS}/attestations`))
          .body as Attestation[];
        expect(audit.map(a => a.checkId)).toEqual([
          'threat-model',
          'failover-drill',
        ]);
      });
    });

    describe('refreshing one component', () => {
      it('is refused without the permission on this component', async () => {
        deny('readiness.entity.refresh');
        const res = await post(`${ORDERS}/refresh`, {});
        expect(res.status).toBe(403);
        expect(res.body.error.message).toBe(
          'You may not refresh the readiness of component:default/orders',
        );
        expect(permissions.authorize).toHaveBeenLastCalledWith(
          [
            {
              permission: expect.objectContaining({
                name: 'readiness.entity.refresh',
                resourceType: 'catalog-entity',
              }),
              resourceRef: 'component:default/orders',
            },
          ],
          expect.anything(),
        );
      });

      it('re-collects with every collector, evaluates and answers the detail', async () => {
        dir.addContent({ 'repos/orders/.github/dependabot.yml': 'version: 2' });
        const res = await post(`${ORDERS}/refresh`, {});
        expect(res.status).toBe(200);
        const body = res.body as ReadinessEntityDetail;
        // Dependabot added; the drill and the threat model are attested.
        expect(body).toMatchObject({ level: 'gold', meetsRequired: true });
        expect(body.checks.every(c => c.outcome === 'pass')).toBe(true);
      });

      it('shows the newest collection of an unchanged fact', async () => {
        const before = (await get(ORDERS)).body as ReadinessEntityDetail;
        const collectedAt = (detail: ReadinessEntityDetail) =>
          detail.checks.find(c => c.check.id === 'container-image')!.facts[0]
            .collectedAt!;
        await new Promise(resolve => setTimeout(resolve, 5));
        const after = (await post(`${ORDERS}/refresh`, {}))
          .body as ReadinessEntityDetail;
        expect(Date.parse(collectedAt(after))).toBeGreaterThan(
          Date.parse(collectedAt(before)),
        );
        expect(after.evaluatedAt! > before.evaluatedAt!).toBe(true);
      });

      it('records a failing collector and keeps the facts it had; the others still run', async () => {
        fakeSlo.mode = 'down';
        const res = await post(`${ORDERS}/refresh`, {}, service);
        expect(res.status).toBe(200);
        const body = res.body as ReadinessEntityDetail;
        const slo = body.checks.find(c => c.check.id === 'slo-met')!;
        // The last good value stays.
        expect(slo.outcome).toBe('pass');
        expect(slo.facts[0]).toMatchObject({
          id: 'slo.meetsObjectives',
          value: true,
        });
        const runs = (await get(`${ORDERS}/collectors`)).body as Array<{
          collector: string;
          error: string | null;
        }>;
        expect(runs.find(r => r.collector === 'slo')!.error).toBe(
          'the SLO backend answered 503 Service Unavailable to GET /api/slo/v1/services?sort=service&order=asc&limit=500&offset=0: Prometheus is down',
        );
        expect(runs.find(r => r.collector === 'repository')!.error).toBeNull();
      });
    });

    describe('the org', () => {
      it('answers the overview: levels, leaderboard, trend, most failed checks and filter choices', async () => {
        await post('/v1/refresh', {});
        const res = await get('/v1/overview');
        expect(res.status).toBe(200);
        const body = res.body as ReadinessOverview;
        expect(body).not.toHaveProperty('services');
        expect(body.totalServices).toBe(3);
        expect(body.levels).toEqual({ none: 2, bronze: 0, silver: 0, gold: 1 });
        expect(body.meetingRequired).toBe(1);
        expect(body.statuses).toEqual({
          meets: 1,
          below: 1,
          awaiting: 0,
          'no-tier': 1,
        });
        expect(body.teams.map(t => t.key)).toEqual([
          'group:default/team-orders',
          'group:default/team-legacy',
        ]);
        expect(body.teams[0]).toMatchObject({
          services: 2,
          meetingRequired: 1,
        });
        const today = new Date().toISOString().slice(0, 10);
        expect(body.trend[body.trend.length - 1]).toEqual({
          date: today,
          services: 3,
          meetingRequired: 1,
          levels: { none: 2, bronze: 0, silver: 0, gold: 1 },
        });
        expect(body.failingChecks[0]).toMatchObject({
          id: 'ci-pipeline',
          services: 2,
        });
        expect(body.choices).toEqual({
          owner: [
            { value: 'group:default/team-orders', count: 2 },
            { value: 'group:default/team-legacy', count: 1 },
          ],
          system: [{ value: 'system:default/shop', count: 2 }],
        });
        expect(body.evaluatedAt).toEqual(expect.any(String));
      });

      it('pages the services: slim rows, failing checks counted', async () => {
        const res = await get('/v1/services?sort=title');
        expect(res.status).toBe(200);
        const page = res.body as PagedRows<ReadinessServiceListRow>;
        expect(page).toMatchObject({ totalItems: 3, offset: 0, limit: 50 });
        expect(
          page.items.map(s => [
            s.entityRef,
            s.level,
            s.meetsRequired,
            s.status,
          ]),
        ).toEqual([
          ['component:default/legacy', 'none', false, 'below'],
          ['component:default/orders', 'gold', true, 'meets'],
          // No tier: nothing says which level it needs, so it never meets it.
          ['component:default/untiered', 'none', false, 'no-tier'],
        ]);
        expect(page.items[1]).toMatchObject({
          domain: 'domain:default/commerce',
          failingCount: 0,
          failingChecks: [],
        });
        const legacy = page.items[0];
        expect(legacy.failingCount).toBeGreaterThan(MAX_ROW_FAILING_CHECKS);
        expect(legacy.failingChecks).toHaveLength(MAX_ROW_FAILING_CHECKS);
        expect(legacy.failingCount).toBe(legacy.applicable - legacy.passed);

        const second = (await get('/v1/services?sort=title&offset=1&limit=1'))
          .body as PagedRows<ReadinessServiceListRow>;
        expect(second).toEqual({
          items: [page.items[1]],
          totalItems: 3,
          offset: 1,
          limit: 1,
        });
        const beyond = (await get('/v1/services?offset=10')).body;
        expect(beyond).toMatchObject({ items: [], totalItems: 3 });
      });

      it.each([
        ['title', 'asc', ['legacy', 'orders', 'untiered']],
        ['title', 'desc', ['untiered', 'orders', 'legacy']],
        // Critical first; no tier last.
        ['tier', 'asc', ['orders', 'legacy', 'untiered']],
        // Then by score, in the same order.
        ['level', 'desc', ['orders', 'untiered', 'legacy']],
        ['status', 'asc', ['legacy', 'untiered', 'orders']],
        ['score', 'desc', ['orders', 'untiered', 'legacy']],
        ['failing', 'asc', ['orders', 'untiered', 'legacy']],
        ['owner', 'asc', ['legacy', 'orders', 'untiered']],
      ])('sorts the services by %s %s', async (sort, order, names) => {
        const page = (await get(`/v1/services?sort=${sort}&order=${order}`))
          .body as PagedRows<ReadinessServiceListRow>;
        expect(page.items.map(s => s.entityRef.split('/')[1])).toEqual(names);
      });

      it('searches and filters the services before paging; totals of the match', async () => {
        const search = (await get('/v1/services?q=UNTIER'))
          .body as PagedRows<ReadinessServiceListRow>;
        expect(search.items.map(s => s.entityRef)).toEqual([
          'component:default/untiered',
        ]);
        expect(search.totalItems).toBe(1);
        // Words of the owner and the system count too; every word must match.
        const byOwner = (await get('/v1/services?q=team-orders%20shop'))
          .body as PagedRows<ReadinessServiceListRow>;
        expect(byOwner.totalItems).toBe(2);
        const filtered = (
          await get(
            '/v1/services?owner=team-orders&tier=critical&tier=standard&limit=1',
          )
        ).body as PagedRows<ReadinessServiceListRow>;
        expect(filtered).toMatchObject({ totalItems: 1, limit: 1 });
        expect(filtered.items[0].entityRef).toBe('component:default/orders');
        const noMatch = (await get('/v1/services?q=nothing-like-it')).body;
        expect(noMatch).toMatchObject({ items: [], totalItems: 0 });
      });

      it.each([
        ['limit=0', "Invalid query parameter 'limit'"],
        ['limit=501', "Invalid query parameter 'limit'"],
        ['offset=-1', "Invalid query parameter 'offset'"],
        ['sort=name', "Invalid query parameter 'sort'"],
        ['order=up', "Invalid query parameter 'order'"],
        ['tier=vital', "Invalid query parameter 'tier'"],
        ['by=owner', "Unknown query parameter 'by'"],
        [`q=${'x'.repeat(201)}`, "Invalid query parameter 'q'"],
      ])(
        'GET /v1/services refuses ?%s naming the field',
        async (query, message) => {
          const res = await get(`/v1/services?${query}`);
          expect(res.status).toBe(400);
          expect(res.body.error.message).toContain(message);
        },
      );

      it('filters by owner, tier and category', async () => {
        const byOwner = (
          await get('/v1/services?owner=group:default/team-legacy')
        ).body as PagedRows<ReadinessServiceListRow>;
        expect(byOwner.items.map(s => s.entityRef)).toEqual([
          'component:default/legacy',
        ]);
        const byTier = (await get('/v1/overview?tier=critical&tier=standard'))
          .body as ReadinessOverview;
        expect(byTier.totalServices).toBe(2);
        // The choices stay those of every service whatever the filters.
        expect(byTier.choices.owner).toHaveLength(2);
        const security = (
          await get('/v1/services?category=security&owner=team-legacy')
        ).body as PagedRows<ReadinessServiceListRow>;
        // A standard service: dependency updates apply, the threat model does not.
        expect(security.items[0]).toMatchObject({
          passed: 0,
          applicable: 1,
          failingCount: 1,
          failingChecks: [
            expect.objectContaining({ id: 'dependency-updates' }),
          ],
        });
        // The level and the summary answer for the security checks alone:
        // legacy is below bronze overall, but the one security check that
        // applies to it (gold) is all it fails here.
        expect(security.items[0]).toMatchObject({
          level: 'silver',
          status: 'meets',
          meetsRequired: true,
        });
        const summary = (
          await get('/v1/overview?category=security&owner=team-legacy')
        ).body as ReadinessOverview;
        expect(summary.levels).toEqual({
          none: 0,
          bronze: 0,
          silver: 1,
          gold: 0,
        });
        expect(summary.meetingRequired).toBe(1);
        expect(summary.statuses.meets).toBe(1);
        expect(summary.failingChecks).toEqual([
          expect.objectContaining({ id: 'dependency-updates', services: 1 }),
        ]);
      });

      it.each([
        ['tier=vital', "Invalid query parameter 'tier'"],
        ['category=speed', "Invalid query parameter 'category'"],
        ['owner=a:b:c', "Invalid query parameter 'owner'"],
        ['sort=level', "Unknown query parameter 'sort'"],
        ['limit=10', "Unknown query parameter 'limit'"],
      ])(
        'GET /v1/overview refuses ?%s naming the field',
        async (query, message) => {
          const res = await get(`/v1/overview?${query}`);
          expect(res.status).toBe(400);
          expect(res.body.error.message).toContain(message);
        },
      );

      it('rolls services up by owner, system and domain', async () => {
        const bySystem = (await get('/v1/rollups?by=system'))
          .body as ReadinessRollup;
        expect(bySystem).toEqual({
          by: 'system',
          groups: [
            expect.objectContaining({
              key: 'system:default/shop',
              services: 2,
              levels: { none: 1, bronze: 0, silver: 0, gold: 1 },
            }),
          ],
        });
        const byDomain = (await get('/v1/rollups?by=domain', service))
          .body as ReadinessRollup;
        expect(byDomain.groups.map(g => [g.key, g.services])).toEqual([
          ['domain:default/commerce', 2],
        ]);
        const missing = await get('/v1/rollups');
        expect(missing.status).toBe(400);
        expect(missing.body.error.message).toContain(
          "Invalid query parameter 'by'",
        );
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
              params: { claims: ['group:default/team-orders'] },
            },
          })),
        );
        readableByUser = ['component:default/orders'];
        try {
          const overview = (await get('/v1/overview'))
            .body as ReadinessOverview;
          expect(overview.totalServices).toBe(1);
          expect(overview.choices.owner).toEqual([
            { value: 'group:default/team-orders', count: 1 },
          ]);
          // Filtered before paging: the page and the total are of the
          // readable services alone.
          const page = (await get('/v1/services?limit=1&sort=title'))
            .body as PagedRows<ReadinessServiceListRow>;
          expect(page.totalItems).toBe(1);
          expect(page.items.map(s => s.entityRef)).toEqual([
            'component:default/orders',
          ]);
          expect(overview.levels).toEqual({
            none: 0,
            bronze: 0,
            silver: 0,
            gold: 1,
          });
          expect(overview.trend[overview.trend.length - 1].services).toBe(1);
          const bySystem = (await get('/v1/rollups?by=system'))
            .body as ReadinessRollup;
          expect(bySystem.groups.map(g => [g.key, g.services])).toEqual([
            ['system:default/shop', 1],
          ]);

          // A caller the policy may not let read any entity sees none.
          permissions.authorizeConditional.mockImplementation(async requests =>
            requests.map(() => ({ result: AuthorizeResult.DENY })),
          );
          const nothing = (await get('/v1/overview')).body as ReadinessOverview;
          expect(nothing.totalServices).toBe(0);
          expect(nothing.trend).toEqual([]);
          expect(nothing.choices).toEqual({ owner: [], system: [] });
          expect((await get('/v1/services')).body).toMatchObject({
            items: [],
            totalItems: 0,
          });
        } finally {
          readableByUser = undefined;
          allowAll();
        }
        // Every one again when the policy allows catalog.entity.read.
        const all = (await get('/v1/overview')).body as ReadinessOverview;
        expect(all.totalServices).toBe(3);
        expect((await get('/v1/services')).body.totalItems).toBe(3);
      });
    });
  },
);

/** A check in app-config reading the fact of a collector a module adds. */
const coverageCheck = {
  id: 'sonar-coverage',
  title: 'Coverage',
  category: 'operations',
  level: 'silver',
  tiers: 'all',
  condition: {
    fact: 'sonar.coverage',
    operator: 'greaterThanInclusive',
    value: 80,
  },
  remediation: { hint: 'Write tests' },
};

describe('start-up', () => {
  const start = (readiness: object, extra: any[] = []) =>
    startTestBackend({
      features: [
        readinessPlugin,
        catalogServiceMock.factory({ entities: [] }),
        mockServices.rootConfig.factory({
          data: { goldenPath: { readiness } },
        }),
        ...extra,
      ],
    });

  it('fails on a collector pattern that is not a regular expression, naming the key', async () => {
    await expect(
      start({
        collectors: {
          repository: {
            files: [
              {
                fact: 'repository.helm',
                description: 'A chart',
                type: 'fileMatches',
                paths: ['Chart.yaml'],
                pattern: '([a-z]',
              },
            ],
          },
        },
      }),
    ).rejects.toThrow(
      /goldenPath\.readiness\.collectors\.repository\.files\[0\]\.pattern: is not a valid regular expression/,
    );
  });

  it('fails on a check reading an unknown fact, naming the key and the check', async () => {
    await expect(start({ checks: [coverageCheck] })).rejects.toThrow(
      /goldenPath\.readiness\.checks\[0\]\.condition\.fact \(check sonar-coverage\)/,
    );
  });

  it('fails on a schedule for a collector that does not exist', async () => {
    await expect(
      start({
        collectors: {
          sonar: {
            schedule: { frequency: { minutes: 1 }, timeout: { minutes: 1 } },
          },
        },
      }),
    ).rejects.toThrow(
      "Invalid config goldenPath.readiness.collectors.sonar: there is no fact collector 'sonar'",
    );
  });

  it('starts without the SLO and ADR modules: their shipped checks are off, one log line each', async () => {
    const logger = mockServices.logger.mock();
    const backend = await start({}, [logger.factory]);
    try {
      const res = await request(backend.server)
        .get('/api/readiness/v1/checks')
        .set('authorization', mockCredentials.user.header());
      expect(res.status).toBe(200);
      const body = res.body as ReadinessChecksResponse;
      const ids = body.checks.map(c => c.id);
      for (const off of [
        'slo-defined',
        'decisions-recorded',
        'slo-met',
        'no-page-alerts',
      ]) {
        expect(ids).not.toContain(off);
      }
      expect(ids).toEqual(
        expect.arrayContaining(['owner-group', 'ci-pipeline', 'threat-model']),
      );
      expect(
        body.facts.filter(f => /^(slo|adr)\./.test(f.id)).map(f => f.id),
      ).toEqual([]);
      const lines = logger.info.mock.calls
        .map(([message]) => message)
        .filter(message => message.startsWith('Readiness check '));
      expect(lines).toEqual([
        'Readiness check slo-defined is off: it reads slo.defined, which no installed fact collector provides (install @golden-path/plugin-readiness-backend-module-slo, or list the check in goldenPath.readiness.disabledChecks)',
        'Readiness check decisions-recorded is off: it reads adr.count, which no installed fact collector provides (install @golden-path/plugin-readiness-backend-module-adr, or list the check in goldenPath.readiness.disabledChecks)',
        'Readiness check slo-met is off: it reads slo.meetsObjectives, which no installed fact collector provides (install @golden-path/plugin-readiness-backend-module-slo, or list the check in goldenPath.readiness.disabledChecks)',
        'Readiness check no-page-alerts is off: it reads slo.defined, slo.pageAlertsFiring, which no installed fact collector provides (install @golden-path/plugin-readiness-backend-module-slo, or list the check in goldenPath.readiness.disabledChecks)',
      ]);
    } finally {
      await backend.stop();
    }
  });

  it('with the SLO and ADR modules, evaluates every shipped check and logs none off', async () => {
    const logger = mockServices.logger.mock();
    const backend = await start({}, [
      readinessModuleSlo,
      readinessModuleAdr,
      logger.factory,
    ]);
    try {
      const res = await request(backend.server)
        .get('/api/readiness/v1/checks')
        .set('authorization', mockCredentials.user.header());
      const ids = (res.body as ReadinessChecksResponse).checks.map(c => c.id);
      expect(ids).toEqual(
        expect.arrayContaining([
          'slo-defined',
          'decisions-recorded',
          'slo-met',
          'no-page-alerts',
        ]),
      );
      expect(
        logger.info.mock.calls.filter(([message]) =>
          message.startsWith('Readiness check '),
        ),
      ).toEqual([]);
    } finally {
      await backend.stop();
    }
  });

  it('says nothing of a shipped check that app-config disables, and still refuses a configured check reading a missing fact', async () => {
    const logger = mockServices.logger.mock();
    const backend = await start(
      { disabledChecks: ['slo-defined', 'slo-met', 'no-page-alerts'] },
      [logger.factory],
    );
    try {
      const lines = logger.info.mock.calls
        .map(([message]) => message)
        .filter(message => message.startsWith('Readiness check '));
      expect(lines).toEqual([
        expect.stringMatching(/^Readiness check decisions-recorded is off: /),
      ]);
    } finally {
      await backend.stop();
    }
    await expect(
      start({
        checks: [
          {
            ...coverageCheck,
            id: 'slo-configured',
            condition: { fact: 'slo.defined', operator: 'equal', value: true },
          },
        ],
      }),
    ).rejects.toThrow(
      /goldenPath\.readiness\.checks\[0\]\.condition\.fact \(check slo-configured\)/,
    );
  });

  it('runs collectors added through the extension point, whose facts checks may read', async () => {
    const sonarModule = createBackendModule({
      pluginId: 'readiness',
      moduleId: 'sonar',
      register(env) {
        env.registerInit({
          deps: {
            collectors: readinessFactCollectorsExtensionPoint,
            logger: coreServices.logger,
          },
          async init({ collectors }) {
            collectors.addFactCollector({
              id: 'sonar',
              facts: [
                {
                  id: 'sonar.coverage',
                  type: 'number',
                  description: 'Line coverage in percent',
                  collector: 'sonar',
                },
              ],
              async collect(entities) {
                return entities.map(entity => ({
                  entityRef: `component:default/${entity.metadata.name}`,
                  facts: { 'sonar.coverage': 85 },
                }));
              },
            });
          },
        });
      },
    });
    const backend = await startTestBackend({
      features: [
        readinessPlugin,
        sonarModule,
        catalogServiceMock.factory({
          entities: [
            {
              apiVersion: 'backstage.io/v1alpha1',
              kind: 'Component',
              metadata: { name: 'covered', namespace: 'default' },
              spec: { type: 'service', owner: 'team', lifecycle: 'production' },
            },
          ],
        }),
        mockServices.rootConfig.factory({
          data: {
            goldenPath: {
              readiness: { checks: [coverageCheck] },
            },
          },
        }),
      ],
    });
    try {
      const refreshed = await request(backend.server)
        .post('/api/readiness/v1/entities/component/default/covered/refresh')
        .set('authorization', mockCredentials.user.header())
        .send({});
      expect(refreshed.status).toBe(200);
      const check = (refreshed.body as ReadinessEntityDetail).checks.find(
        c => c.check.id === 'sonar-coverage',
      )!;
      expect(check.outcome).toBe('pass');
      expect(check.facts[0]).toMatchObject({
        id: 'sonar.coverage',
        value: 85,
        collector: 'sonar',
      });
    } finally {
      await backend.stop();
    }
  });
});
