import {
  createMockDirectory,
  mockCredentials,
  mockServices,
  startTestBackend,
  TestBackend,
  TestDatabases,
} from '@backstage/backend-test-utils';
import { catalogServiceMock } from '@backstage/plugin-catalog-node/testUtils';
import { Knex } from 'knex';
import request from 'supertest';
import { adrEntities, adrFiles } from '../__fixtures__/adrFixtures';
import { adrPlugin } from '../plugin';

const databases = TestDatabases.create();

/** Every GET route of the plugin, for the orders entity where one is needed. */
const GET_ROUTES = [
  '/adrs?limit=50',
  '/adrs?status=proposed&q=kafka',
  '/facets',
  '/stats',
  '/entities/component/default/orders/adrs',
  '/entities/component/default/orders/adr?path=0002-use-postgres.md',
  '/entities/component/default/orders/file?path=diagram.png',
  // An entity whose folder is known to the catalog but was never stored.
  '/entities/component/default/payments/adrs',
];

describe.each(databases.eachSupportedId())(
  'the ADR GET routes on %s',
  databaseId => {
    const dir = createMockDirectory();
    let knex: Knex;
    let backend: TestBackend;

    /** Every row of both tables, so any write shows up, not only inserts. */
    const tables = async () => ({
      sources: await knex('adr_sources').orderBy('entity_ref'),
      records: await knex('adr_records').orderBy(['entity_ref', 'path']),
    });

    const getAll = async () => {
      const statuses: Record<string, number> = {};
      for (const route of GET_ROUTES) {
        const res = await request(backend.server)
          .get(`/api/adr${route}`)
          .set('authorization', mockCredentials.user.header());
        statuses[route] = res.status;
      }
      return statuses;
    };

    beforeAll(async () => {
      dir.setContent(adrFiles());
      knex = await databases.init(databaseId);
      backend = await startTestBackend({
        features: [
          adrPlugin,
          mockServices.database.factory({ knex }),
          // Nothing runs on its own: only POST /refresh reads folders.
          mockServices.scheduler.factory({ skipTaskRunOnStartup: true }),
          catalogServiceMock.factory({ entities: adrEntities(dir.path) }),
          mockServices.rootConfig.factory({
            data: {
              goldenPath: {
                adr: { localRoots: [dir.resolve('adrs')] },
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

    it('answer from what is stored and write nothing, before and after a reading', async () => {
      // Before any reading: nothing stored, and no GET reads a folder to
      // fill the gap.
      expect(await tables()).toEqual({ sources: [], records: [] });
      const before = await getAll();
      expect(before['/entities/component/default/orders/adrs']).toBe(200);
      expect(before['/adrs?limit=50']).toBe(200);
      expect(await tables()).toEqual({ sources: [], records: [] });

      const refresh = await request(backend.server)
        .post('/api/adr/refresh')
        .set('authorization', mockCredentials.user.header())
        .send({ entityRef: 'component:default/orders' });
      expect(refresh.status).toBe(200);
      const stored = await tables();
      expect(stored.sources).toHaveLength(1);
      expect(stored.records.length).toBeGreaterThan(0);

      const after = await getAll();
      expect(after).toMatchObject({
        '/adrs?limit=50': 200,
        '/facets': 200,
        '/stats': 200,
        '/entities/component/default/orders/adrs': 200,
        '/entities/component/default/orders/adr?path=0002-use-postgres.md': 200,
        '/entities/component/default/orders/file?path=diagram.png': 200,
        '/entities/component/default/payments/adrs': 200,
      });
      expect(await tables()).toEqual(stored);
    });
  },
);
