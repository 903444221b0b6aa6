import {
  createMockDirectory,
  mockCredentials,
  mockServices,
  startTestBackend,
  TestBackend,
  TestDatabases,
} from '@backstage/backend-test-utils';
import { createServiceFactory } from '@backstage/backend-plugin-api';
import { catalogServiceRef } from '@backstage/plugin-catalog-node';
import { AuthorizeResult } from '@backstage/plugin-permission-common';
import {
  AdrEntityResponse,
  AdrListResponse,
  AdrRecord,
} from '@golden-path/plugin-adr-common';
import { catalogReadableBy } from '@golden-path/plugin-golden-path-node/testUtils';
import request from 'supertest';
import { adrEntities, adrFiles } from './__fixtures__/adrFixtures';
import adrPlugin from '.';

const databases = TestDatabases.create();
const ORDERS = 'component:default/orders';
const PAYMENTS = 'component:default/payments';

describe.each(databases.eachSupportedId())(
  'the ADR plugin on %s',
  databaseId => {
    const dir = createMockDirectory();
    const permissions = mockServices.permissions.mock();
    let backend: TestBackend;

    const allowAll = () => {
      permissions.authorize.mockImplementation(async requests =>
        requests.map(() => ({ result: AuthorizeResult.ALLOW })),
      );
      permissions.authorizeConditional.mockImplementation(async requests =>
        requests.map(() => ({ result: AuthorizeResult.ALLOW })),
      );
    };

    // The entities the catalog shows a user under a conditional
    // catalog.entity.read decision (undefined: every one).
    let readableByUser: string[] | undefined;
    // What the entity routes ask the catalog: one entity, or every one.
    let catalogCalls = { listings: 0, lookups: [] as string[] };
    const catalogOf = () => {
      const { catalog, calls } = catalogReadableBy(
        adrEntities(dir.path),
        () => readableByUser,
      );
      catalogCalls = calls;
      return catalog;
    };

    const startBackend = async () => {
      const knex = await databases.init(databaseId);
      return startTestBackend({
        features: [
          adrPlugin,
          mockServices.database.factory({ knex }),
          createServiceFactory({
            service: catalogServiceRef,
            deps: {},
            factory: catalogOf,
          }),
          permissions.factory,
          mockServices.rootConfig.factory({
            data: {
              goldenPath: {
                adr: {
                  localRoots: [dir.resolve('adrs')],
                  maxFileBytes: 1024 * 1024,
                },
                // Tests here read every folder more than once a minute; the
                // limit has tests of its own (refreshLimits.test.ts).
                refresh: { minInterval: { seconds: 0 } },
              },
            },
          }),
        ],
      });
    };

    const user = mockCredentials.user.header();
    const get = (path: string, auth = user) =>
      request(backend.server).get(`/api/adr${path}`).set('authorization', auth);

    beforeAll(async () => {
      dir.setContent(adrFiles());
      allowAll();
      backend = await startBackend();
      // With the test scheduler the full run answers only when done.
      const res = await request(backend.server)
        .post('/api/adr/refresh')
        .set('authorization', user)
        .send({});
      if (res.status !== 202) {
        throw new Error(`refresh failed: ${res.status} ${res.text}`);
      }
    }, 60_000);

    afterAll(async () => {
      await backend?.stop();
    });

    beforeEach(allowAll);

    const list = async (query: string) => {
      const res = await get(`/adrs?${query}`);
      expect(res.status).toBe(200);
      return res.body as AdrListResponse;
    };
    const paths = (body: AdrListResponse) =>
      body.items.map(item => `${item.entityRef.split('/')[1]}/${item.path}`);

    describe('ingestion', () => {
      it('reads the ADR files of each folder and skips the rest', async () => {
        const res = await get('/entities/component/default/orders/adrs');
        expect(res.status).toBe(200);
        const body = res.body as AdrEntityResponse;
        expect(body.items.map(item => item.path)).toEqual([
          '0001-record-architecture-decisions.md',
          '0002-use-postgres.md',
          '0003-use-kafka.md',
          '0004-bad-yaml.md',
          '0005-kafka-schema-registry.md',
          '0006-script.md',
          '0007-use-nats.md',
          'sub/0010-nested.md',
        ]);
        expect(body.source).toMatchObject({
          entityRef: ORDERS,
          annotation: '../adrs/orders',
          location: `file:${dir.resolve('adrs/orders')}`,
          error: null,
          adrCount: 8,
        });
        expect(body.source!.lastReadAt).toEqual(expect.any(String));
        const warnings = body.source!.warnings;
        // The 5 MB file: skipped with a warning, the rest loaded.
        expect(warnings).toContainEqual({
          path: '0009-big.md',
          message:
            '0009-big.md is 5.0 MB, over the 1 MiB limit; it was skipped',
        });
        // Invalid YAML front matter: a warning on the entity and on the ADR.
        expect(warnings).toContainEqual({
          path: '0004-bad-yaml.md',
          message: expect.stringContaining('front matter is not valid YAML'),
        });
        const badYaml = body.items.find(i => i.path === '0004-bad-yaml.md')!;
        expect(badYaml.warnings).toContainEqual(
          expect.stringContaining('front matter is not valid YAML'),
        );
        // A symlink out of the folder is not followed.
        expect(warnings).toContainEqual({
          path: '0011-linked-secret.md',
          message: expect.stringContaining('outside the ADR folder'),
        });
        // Non-markdown files and READMEs are ignored silently.
        expect(warnings.map(w => w.path)).not.toContain('diagram.png');
        expect(warnings.map(w => w.path)).not.toContain('README.md');
      });

      it('stores owner and system of the entity as full refs', async () => {
        const body = await list(`entity=${ORDERS}&limit=1`);
        expect(body.items[0]).toMatchObject({
          owner: 'group:default/team-orders',
          system: 'system:default/shop',
        });
      });

      it('keeps a <script> tag and javascript: links as inert text', async () => {
        const res = await get(
          '/entities/component/default/orders/adr?path=0006-script.md',
        );
        expect(res.status).toBe(200);
        const adr = res.body as AdrRecord;
        expect(adr.status).toBe('rejected');
        expect(adr.body).toContain("<script>alert('x')</script>");
        expect(adr.supersedes).toEqual([
          {
            entityRef: null,
            path: null,
            number: null,
            title: 'click me',
            target: 'click me',
          },
        ]);
        // eslint-disable-next-line no-script-url -- the hostile link under test
        expect(JSON.stringify(adr.supersedes)).not.toContain('javascript:');
        expect(adr.warnings).toContainEqual(
          expect.stringContaining('ignored the unsafe link target'),
        );
      });

      it('marks a folder that does not exist, outside the roots or behind a symlink out', async () => {
        const source = async (name: string) =>
          (await get(`/entities/component/default/${name}/adrs`)).body
            .source as AdrEntityResponse['source'];
        expect((await source('missing'))!.error).toBe(
          `ADR folder ${dir.resolve('adrs/does-not-exist')} does not exist`,
        );
        const outside = await source('outside');
        expect(outside!.error).toContain(
          `ADR folder ${dir.resolve('elsewhere/adrs')} is outside`,
        );
        expect(outside!.error).toContain('goldenPath.adr.localRoots');
        expect(outside!.adrCount).toBe(0);
        const escape = await source('escape');
        expect(escape!.error).toContain('is a symlink to');
        expect(escape!.error).toContain('goldenPath.adr.localRoots');
        expect(
          (await get('/entities/component/default/escape/adrs')).body.items,
        ).toEqual([]);
      });

      it('answers no source for an entity it never read', async () => {
        const res = await get('/entities/component/default/no-adrs/adrs');
        expect(res.status).toBe(200);
        expect(res.body).toEqual({ source: null, items: [] });
      });

      it('is idempotent: a second run keeps rows and firstSeenAt', async () => {
        const before = await list('limit=500&order=number');
        const res = await request(backend.server)
          .post('/api/adr/refresh')
          .set('authorization', user)
          .send({ entityRef: ORDERS });
        expect(res.status).toBe(200);
        expect(res.body).toMatchObject({ entityRef: ORDERS, adrCount: 8 });
        const after = await list('limit=500&order=number');
        expect(after).toEqual(before);
      });
    });

    describe('GET /adrs', () => {
      it('lists newest first with counts and the stale count', async () => {
        const body = await list('');
        expect(body.totalCount).toBe(10);
        expect(body.counts).toEqual({
          proposed: 2,
          accepted: 5,
          rejected: 1,
          deprecated: 1,
          superseded: 0,
          unknown: 1,
        });
        expect(body.staleProposedCount).toBe(1);
        expect(paths(body).slice(0, 3)).toEqual([
          'orders/0007-use-nats.md',
          'payments/0001-use-stripe.md',
          'orders/0006-script.md',
        ]);
        // Undated ADRs come last.
        expect(paths(body).slice(-2)).toEqual([
          'orders/0004-bad-yaml.md',
          'orders/sub/0010-nested.md',
        ]);
        expect(body.items[0]).not.toHaveProperty('body');
      });

      it('filters by entity, repeatable', async () => {
        expect((await list(`entity=${PAYMENTS}`)).totalCount).toBe(2);
        expect(
          (await list(`entity=${PAYMENTS}&entity=${ORDERS}`)).totalCount,
        ).toBe(10);
        expect(
          (await list('entity=Component:Default/Payments')).totalCount,
        ).toBe(2);
      });

      it('filters by status, keeping counts without the status filter', async () => {
        const body = await list('status=proposed&status=unknown');
        expect(body.totalCount).toBe(3);
        expect(body.counts.accepted).toBe(5);
        expect(body.staleProposedCount).toBe(1);
        expect((await list('status=deprecated')).items[0].path).toBe(
          '0002-deprecated.md',
        );
        expect((await list('status=accepted')).staleProposedCount).toBe(0);
      });

      it('filters by owner and system', async () => {
        expect(
          (await list('owner=group:default/team-payments')).totalCount,
        ).toBe(2);
        expect((await list('owner=group:default/nobody')).totalCount).toBe(0);
        expect((await list('system=system:default/shop')).totalCount).toBe(10);
      });

      it('filters by decision maker, case-insensitively', async () => {
        expect(paths(await list('decisionMaker=alice'))).toEqual([
          'orders/0002-use-postgres.md',
          'orders/0003-use-kafka.md',
        ]);
        expect(paths(await list('decisionMaker=CAROL'))).toEqual([
          'payments/0001-use-stripe.md',
        ]);
      });

      it('filters by an inclusive date range', async () => {
        expect(paths(await list('from=2024-03-01&to=2024-05-05'))).toEqual([
          'payments/0001-use-stripe.md',
          'orders/0006-script.md',
          'orders/0005-kafka-schema-registry.md',
        ]);
      });

      it('filters by words that must all match, with LIKE wildcards escaped', async () => {
        expect(paths(await list('q=kafka'))).toEqual([
          'payments/0001-use-stripe.md',
          'orders/0005-kafka-schema-registry.md',
          'orders/0003-use-kafka.md',
        ]);
        expect(paths(await list('q=KAFKA%20refunds'))).toEqual([
          'payments/0001-use-stripe.md',
        ]);
        expect(paths(await list('q=100%25'))).toEqual([
          'orders/0002-use-postgres.md',
        ]);
        expect((await list('q=%25')).totalCount).toBe(1);
        expect(paths(await list('q=uptime_now'))).toEqual([
          'orders/0002-use-postgres.md',
        ]);
        expect((await list('q=uptime_nox')).totalCount).toBe(0);
        expect(paths(await list('q=bob'))).toEqual([
          'orders/0002-use-postgres.md',
        ]);
      });

      it('filters stale proposals consistently with staleProposedCount', async () => {
        const body = await list('stale=true');
        expect(paths(body)).toEqual(['orders/0003-use-kafka.md']);
        expect(body.items[0].staleProposed).toBe(true);
        expect(body.totalCount).toBe((await list('')).staleProposedCount);
        const nested = (await list('q=nested')).items[0];
        expect(nested).toMatchObject({
          status: 'proposed',
          staleProposed: false,
        });
      });

      it('pages and orders', async () => {
        const page = await list('order=number&limit=3&offset=1');
        expect(page.items.map(i => i.number)).toEqual([1, 2, 2]);
        expect(page.totalCount).toBe(10);
        expect((await list('order=title&limit=1')).items[0].title).toBe(
          'Bad yaml',
        );
        expect((await list('order=status&limit=1')).items[0].status).toBe(
          'accepted',
        );
        expect((await list('offset=100')).items).toEqual([]);
      });

      it('answers totalItems, offset and limit beside totalCount', async () => {
        const body = await list('limit=3&offset=2&q=kafka');
        expect(body).toMatchObject({
          totalItems: 3,
          totalCount: 3,
          offset: 2,
          limit: 3,
        });
        expect(paths(body)).toEqual(['orders/0003-use-kafka.md']);
        expect((await list('')).limit).toBe(50);
      });

      it('sorts by each column, either way, with missing values last', async () => {
        const numbers = async (query: string) =>
          (await list(`${query}&limit=500`)).items.map(i => i.number);
        expect(await numbers('sort=number&order=desc')).toEqual([
          10, 7, 6, 5, 4, 3, 2, 2, 1, 1,
        ]);
        // The older `order=<column>` is `sort=<column>` in its default
        // direction.
        expect(await list('order=number')).toEqual(
          await list('sort=number&order=asc'),
        );
        expect(await list('order=date')).toEqual(await list(''));
        const dates = (await list('sort=date&order=asc&limit=500')).items.map(
          i => i.date,
        );
        expect(dates.slice(-2)).toEqual([null, null]);
        expect(dates.slice(0, -2)).toEqual([...dates.slice(0, -2)].sort());
        const titles = (
          await list('sort=title&order=desc&limit=500')
        ).items.map(i => i.title?.toLowerCase());
        expect(titles).toEqual(
          [...titles].sort((a, b) => b!.localeCompare(a!, 'en')),
        );
        expect(
          (await list('sort=owner&order=desc&limit=2')).items.map(i => i.owner),
        ).toEqual([
          'group:default/team-payments',
          'group:default/team-payments',
        ]);
        expect((await list('sort=entity&limit=1')).items[0].entityRef).toBe(
          ORDERS,
        );
        expect(
          (await list('sort=status&order=desc&limit=1')).items[0].status,
        ).toBe('rejected');
      });

      it('pages through every match once, in order', async () => {
        const all = await list('sort=title&limit=500');
        const pages = [];
        for (let offset = 0; offset < all.totalItems; offset += 3) {
          const next = await list(`sort=title&limit=3&offset=${offset}`);
          expect(next.totalItems).toBe(all.totalItems);
          pages.push(...paths(next));
        }
        expect(pages).toEqual(paths(all));
      });

      it.each([
        ['sort=size', "'sort'"],
        ['order=sideways', "'order'"],
        ['sort=title&order=number', "'order'"],
        ['limit=1000', "'limit'"],
        ['offset=x', "'offset'"],
      ])('answers 400 for %s naming %s', async (query, field) => {
        const res = await get(`/adrs?${query}`);
        expect(res.status).toBe(400);
        expect(res.body.error.message).toContain(field);
      });

      it.each([
        ['limit=0', "'limit'"],
        ['limit=501', "'limit'"],
        ['limit=abc', "'limit'"],
        ['offset=-1', "'offset'"],
        ['status=maybe', "'status'"],
        ['order=size', "'order'"],
        ['from=2024-02-30', "'from'"],
        ['to=yesterday', "'to'"],
        ['stale=yes', "'stale'"],
        ['entity=', "'entity'"],
        ['entity=a:b:c', "'entity'"],
        ['entity=kind:ns/', "'entity'"],
        ['entity=orders', "'entity'"],
        ['owner=a:b:c', "'owner'"],
        ['entity[x]=1', "'entity'"],
        ['foo=bar', "'foo'"],
      ])('answers 400 for %s naming %s', async (query, field) => {
        const res = await get(`/adrs?${query}`);
        expect(res.status).toBe(400);
        expect(res.body.error.name).toBe('InputError');
        expect(res.body.error.message).toContain(field);
      });

      it('gives bodies to service callers only', async () => {
        const service = await get(
          '/adrs?withBody=true&limit=1',
          mockCredentials.service.header(),
        );
        expect(service.status).toBe(200);
        expect(service.body.items[0].body).toEqual(expect.any(String));
        expect((await get('/adrs?withBody=true')).status).toBe(403);
      });
    });

    describe('GET /entities/:kind/:namespace/:name/adr', () => {
      it('answers the ADR with links in both directions and its chain', async () => {
        const res = await get(
          '/entities/component/default/orders/adr?path=0005-kafka-schema-registry.md',
        );
        expect(res.status).toBe(200);
        const adr = res.body as AdrRecord;
        expect(adr).toMatchObject({
          entityRef: ORDERS,
          number: 5,
          title: 'Use Kafka with a schema registry',
          status: 'accepted',
          date: '2024-03-01',
          format: 'nygard',
          sourceLocation: `file:${dir.resolve(
            'adrs/orders/0005-kafka-schema-registry.md',
          )}`,
        });
        expect(adr.supersedes).toEqual([
          {
            entityRef: ORDERS,
            path: '0003-use-kafka.md',
            number: 3,
            title: 'Use Kafka for events',
            target: '0003-use-kafka.md',
          },
        ]);
        // 0007 says "Supersedes ADR-0005"; 0005 does not mention 0007.
        expect(adr.supersededBy).toEqual([
          {
            entityRef: ORDERS,
            path: '0007-use-nats.md',
            number: 7,
            title: 'Use NATS JetStream',
            target: '0007-use-nats.md',
          },
        ]);
        expect(adr.chain.map(link => link.path)).toEqual([
          '0003-use-kafka.md',
          '0005-kafka-schema-registry.md',
          '0007-use-nats.md',
        ]);

        const oldest = (
          await get(
            '/entities/component/default/orders/adr?path=0003-use-kafka.md',
          )
        ).body as AdrRecord;
        expect(oldest.supersededBy.map(link => link.path)).toEqual([
          '0005-kafka-schema-registry.md',
        ]);
        expect(oldest.chain.map(link => link.number)).toEqual([3, 5, 7]);
        expect(oldest.decisionMakers).toEqual(['Alice Smith']);
      });

      it('answers 404 for an unknown ADR and 400 for a bad path', async () => {
        const missing = await get(
          '/entities/component/default/orders/adr?path=0099-nope.md',
        );
        expect(missing.status).toBe(404);
        expect(missing.body.error.name).toBe('NotFoundError');
        expect(
          (await get('/entities/component/default/orders/adr?path=../x.md'))
            .status,
        ).toBe(400);
        expect(
          (await get('/entities/component/default/orders/adr')).status,
        ).toBe(400);
        expect(
          (await get('/entities/component/default/orders/adr?path=a.md&x=1'))
            .status,
        ).toBe(400);
      });
    });

    describe('GET /facets and /stats', () => {
      it('answers the filter options with counts', async () => {
        const res = await get('/facets');
        expect(res.status).toBe(200);
        expect(res.body).toEqual({
          owners: [
            { value: 'group:default/team-orders', count: 8 },
            { value: 'group:default/team-payments', count: 2 },
          ],
          systems: [{ value: 'system:default/shop', count: 10 }],
          entities: [
            { value: ORDERS, count: 8 },
            { value: PAYMENTS, count: 2 },
          ],
          decisionMakers: [
            { value: 'Alice Smith', count: 2 },
            { value: 'Bob Jones', count: 1 },
            { value: 'Carol Wu', count: 1 },
          ],
        });
      });

      it('answers the stats', async () => {
        const res = await get('/stats');
        expect(res.status).toBe(200);
        expect(res.body).toEqual({
          total: 10,
          byStatus: {
            proposed: 2,
            accepted: 5,
            rejected: 1,
            deprecated: 1,
            superseded: 0,
            unknown: 1,
          },
          staleProposed: 1,
          entities: 5,
          entitiesWithErrors: 3,
          staleProposedDays: 30,
        });
        expect((await get('/stats?x=1')).status).toBe(400);
      });
    });

    describe('GET /entities/:kind/:namespace/:name/file', () => {
      const file = (path: string) =>
        get(
          `/entities/component/default/orders/file?path=${encodeURIComponent(
            path,
          )}`,
        );

      it('serves an image with safe headers', async () => {
        const res = await file('diagram.png');
        expect(res.status).toBe(200);
        expect(res.headers['content-type']).toBe('image/png');
        expect(res.body).toBeInstanceOf(Buffer);
        expect((res.body as Buffer).subarray(1, 4).toString()).toBe('PNG');
      });

      it('serves an SVG with nosniff, a sandboxing CSP and private caching', async () => {
        const res = await file('logo.svg');
        expect(res.status).toBe(200);
        expect(res.headers['content-type']).toBe('image/svg+xml');
        expect(res.headers['x-content-type-options']).toBe('nosniff');
        expect(res.headers['content-security-policy']).toBe(
          "default-src 'none'; style-src 'unsafe-inline'; sandbox",
        );
        expect(res.headers['cache-control']).toBe('private, max-age=300');
      });

      it('serves text and markdown', async () => {
        const res = await file('notes.txt');
        expect(res.status).toBe(200);
        expect(res.headers['content-type']).toBe('text/plain; charset=utf-8');
        expect(res.text).toBe('plain notes');
        expect((await file('sub/0010-nested.md')).status).toBe(200);
      });

      it.each([
        ['../elsewhere/secret.txt', 400],
        ['sub/../../x.png', 400],
        ['/etc/hosts.txt', 400],
        ['C:/x.png', 400],
        ['a\\..\\b.png', 400],
        ['run.sh', 400],
        ['nofile', 400],
        ['link-out.txt', 403],
        ['dangling.png', 404],
        ['missing.png', 404],
      ])('refuses %s with %s', async (path, status) => {
        const res = await file(path);
        expect(res.status).toBe(status);
        expect(res.body.error).toBeDefined();
      });

      it('names the extension it refuses', async () => {
        const res = await file('run.sh');
        expect(res.body.error.message).toContain("'.sh'");
      });

      it('answers 404 for an entity without a readable folder', async () => {
        expect(
          (await get('/entities/component/default/no-adrs/file?path=a.png'))
            .status,
        ).toBe(404);
      });
    });

    describe('auth and permissions', () => {
      it('answers 401 without credentials on every route', async () => {
        const none = mockCredentials.none.header();
        for (const path of [
          '/adrs',
          '/facets',
          '/stats',
          '/entities/component/default/orders/adrs',
          '/entities/component/default/orders/adr?path=0003-use-kafka.md',
          '/entities/component/default/orders/file?path=diagram.png',
        ]) {
          expect([path, (await get(path, none)).status]).toEqual([path, 401]);
        }
      });

      it('answers 403 for every read when the policy denies', async () => {
        permissions.authorizeConditional.mockImplementation(async requests =>
          requests.map(() => ({ result: AuthorizeResult.DENY })),
        );
        for (const path of [
          '/adrs',
          '/facets',
          '/stats',
          '/entities/component/default/orders/adrs',
          '/entities/component/default/orders/adr?path=0003-use-kafka.md',
          '/entities/component/default/orders/file?path=diagram.png',
        ]) {
          expect([path, (await get(path)).status]).toEqual([path, 403]);
        }
      });

      it('filters rows in SQL by a conditional decision (IS_ENTITY)', async () => {
        permissions.authorizeConditional.mockImplementation(async requests =>
          requests.map(() => ({
            result: AuthorizeResult.CONDITIONAL,
            pluginId: 'adr',
            resourceType: 'adr-record',
            conditions: {
              rule: 'IS_ENTITY',
              resourceType: 'adr-record',
              params: { entityRefs: ['Component:default/Payments'] },
            },
          })),
        );
        const body = await list('');
        expect(body.totalCount).toBe(2);
        expect(new Set(body.items.map(i => i.entityRef))).toEqual(
          new Set([PAYMENTS]),
        );
        expect(body.counts.accepted).toBe(1);
        expect((await get('/facets')).body.entities).toEqual([
          { value: PAYMENTS, count: 2 },
        ]);
        expect((await get('/stats')).body).toMatchObject({
          total: 2,
          entities: 1,
          entitiesWithErrors: 0,
        });
        const orders = await get('/entities/component/default/orders/adrs');
        expect(orders.body).toEqual({ source: null, items: [] });
        expect(
          (
            await get(
              '/entities/component/default/orders/adr?path=0003-use-kafka.md',
            )
          ).status,
        ).toBe(404);
        expect(
          (
            await get(
              '/entities/component/default/orders/file?path=diagram.png',
            )
          ).status,
        ).toBe(404);
      });

      it('shows only the ADRs of entities the caller may read in the catalog', async () => {
        // ADRs: allowed; the catalog: only what an IS_ENTITY_OWNER decision
        // lets the caller read (here, payments).
        permissions.authorizeConditional.mockImplementation(async requests =>
          requests.map(r =>
            r.permission.name === 'catalog.entity.read'
              ? {
                  result: AuthorizeResult.CONDITIONAL,
                  pluginId: 'catalog',
                  resourceType: 'catalog-entity',
                  conditions: {
                    rule: 'IS_ENTITY_OWNER',
                    resourceType: 'catalog-entity',
                    params: { claims: ['group:default/team-payments'] },
                  },
                }
              : { result: AuthorizeResult.ALLOW },
          ),
        );
        readableByUser = [PAYMENTS];
        try {
          const body = await list('');
          expect(new Set(body.items.map(i => i.entityRef))).toEqual(
            new Set([PAYMENTS]),
          );
          // Filtered before paging: totals and pages of what may be read.
          const second = await list('sort=number&limit=1&offset=1');
          expect(second).toMatchObject({ totalItems: 2, totalCount: 2 });
          expect(paths(second)).toEqual(['payments/0002-deprecated.md']);
          expect((await get('/stats')).body).toMatchObject({
            total: 2,
            entities: 1,
          });
          expect((await get('/facets')).body.entities).toEqual([
            { value: PAYMENTS, count: 2 },
          ]);
          // The entity routes ask the catalog about their one entity, with
          // the caller's credentials, and list nothing.
          const listingsBefore = catalogCalls.listings;
          catalogCalls.lookups.length = 0;
          const orders = await get('/entities/component/default/orders/adrs');
          expect(orders.body).toEqual({ source: null, items: [] });
          expect(
            (
              await get(
                '/entities/component/default/orders/adr?path=0003-use-kafka.md',
              )
            ).status,
          ).toBe(404);
          expect(
            (
              await get(
                '/entities/component/default/orders/file?path=diagram.png',
              )
            ).status,
          ).toBe(404);
          const payments = await get(
            '/entities/component/default/payments/adrs',
          );
          expect(payments.body.items).toHaveLength(2);
          expect(payments.body.source).toMatchObject({ entityRef: PAYMENTS });
          expect(catalogCalls.listings).toBe(listingsBefore);
          expect(catalogCalls.lookups).toEqual([
            ORDERS,
            ORDERS,
            ORDERS,
            PAYMENTS,
          ]);
        } finally {
          readableByUser = undefined;
          allowAll();
        }
        expect((await list('')).totalCount).toBe(10);
      });

      it('filters rows by HAS_OWNER and by NOT criteria', async () => {
        const decide = (conditions: unknown) =>
          permissions.authorizeConditional.mockImplementation(async requests =>
            requests.map(
              () =>
                ({
                  result: AuthorizeResult.CONDITIONAL,
                  pluginId: 'adr',
                  resourceType: 'adr-record',
                  conditions,
                } as any),
            ),
          );
        const hasOwner = {
          rule: 'HAS_OWNER',
          resourceType: 'adr-record',
          params: { owners: ['group:default/team-orders'] },
        };
        decide(hasOwner);
        expect((await list('')).totalCount).toBe(8);
        decide({ not: hasOwner });
        expect((await list('')).totalCount).toBe(2);
        decide({
          anyOf: [
            hasOwner,
            {
              rule: 'IS_ENTITY',
              resourceType: 'adr-record',
              params: { entityRefs: [PAYMENTS] },
            },
          ],
        });
        expect((await list('')).totalCount).toBe(10);
      });
    });

    describe('POST /refresh', () => {
      it('answers 202 for a full run', async () => {
        const res = await request(backend.server)
          .post('/api/adr/refresh')
          .set('authorization', user)
          .send({});
        expect(res.status).toBe(202);
        expect(res.body).toEqual({ status: 'started' });
      });

      it('validates the body', async () => {
        const post = (body: object) =>
          request(backend.server)
            .post('/api/adr/refresh')
            .set('authorization', user)
            .send(body);
        const unknown = await post({ entityRef: ORDERS, force: true });
        expect(unknown.status).toBe(400);
        expect(unknown.body.error.message).toContain("'force'");
        for (const entityRef of ['', 'a:b:c', 'kind:ns/', 42]) {
          const res = await post({ entityRef });
          expect([entityRef, res.status]).toEqual([entityRef, 400]);
          expect(res.body.error.message).toContain("'entityRef'");
        }
        expect(
          (await post({ entityRef: 'component:default/unknown' })).status,
        ).toBe(404);
        expect(
          (await post({ entityRef: 'component:default/no-adrs' })).status,
        ).toBe(400);
      });

      it('refuses callers without credentials or permission, reading nothing', async () => {
        // A backend that never ingested: anything read would show in /stats.
        const fresh = await startBackend();
        try {
          const post = (auth: string, body: object) =>
            request(fresh.server)
              .post('/api/adr/refresh')
              .set('authorization', auth)
              .send(body);
          expect((await post(mockCredentials.none.header(), {})).status).toBe(
            401,
          );
          expect(
            (await post(mockCredentials.none.header(), { entityRef: ORDERS }))
              .status,
          ).toBe(401);
          permissions.authorize.mockImplementation(async requests =>
            requests.map(() => ({ result: AuthorizeResult.DENY })),
          );
          const all = await post(user, {});
          expect(all.status).toBe(403);
          expect(all.body.error.message).toBe(
            'You may not refresh the ADRs of every entity',
          );
          expect(permissions.authorize).toHaveBeenLastCalledWith(
            [
              {
                permission: expect.objectContaining({
                  name: 'adr.refresh.all',
                }),
              },
            ],
            expect.anything(),
          );
          const one = await post(user, { entityRef: ORDERS });
          expect(one.status).toBe(403);
          expect(one.body.error.message).toBe(
            `You may not refresh the ADRs of ${ORDERS}`,
          );
          // For this entity: an ownership condition applies to it.
          expect(permissions.authorize).toHaveBeenLastCalledWith(
            [
              {
                permission: expect.objectContaining({
                  name: 'adr.entity.refresh',
                  resourceType: 'catalog-entity',
                }),
                resourceRef: ORDERS,
              },
            ],
            expect.anything(),
          );
          const stats = await request(fresh.server)
            .get('/api/adr/stats')
            .set('authorization', user);
          expect(stats.body).toMatchObject({ total: 0, entities: 0 });
        } finally {
          await fresh.stop();
        }
      }, 30_000);
    });
  },
);
