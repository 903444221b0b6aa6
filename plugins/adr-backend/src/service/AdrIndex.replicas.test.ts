import {
  createMockDirectory,
  mockServices,
  ServiceFactoryTester,
  TestDatabases,
} from '@backstage/backend-test-utils';
import { CacheService } from '@backstage/backend-plugin-api';
import { ConfigReader } from '@backstage/config';
import { ScmIntegrations } from '@backstage/integration';
import { catalogServiceMock } from '@backstage/plugin-catalog-node/testUtils';
import { Knex } from 'knex';
import fs from 'node:fs';
import { adrEntities, adrFiles } from '../__fixtures__/adrFixtures';
import { DatabaseAdrStore } from '../database/DatabaseAdrStore';
import { AdrCommands } from './AdrCommands';
import { AdrFolderReader } from './AdrFolderReader';
import { createAdrIndexSnapshot } from './AdrIndex';
import { AdrReadModel } from './AdrReadModel';

const databases = TestDatabases.create();

/**
 * Two replicas: each with its own store, org view (SharedSnapshot), read
 * model and commands, on one database and one cache. A write through the
 * commands of replica A must show in the org routes of replica B at once.
 */
describe.each(databases.eachSupportedId())(
  'the ADR org view on two replicas on %s',
  databaseId => {
    const dir = createMockDirectory();
    let knex: Knex;
    let cache: CacheService;

    beforeAll(async () => {
      knex = await databases.init(databaseId);
      cache = await ServiceFactoryTester.from(
        mockServices.cache.factory(),
      ).getSubject('adr');
    }, 60_000);

    beforeEach(() => dir.setContent(adrFiles()));

    const replica = async (
      entities = adrEntities(dir.path),
      onLoad?: () => void,
    ) => {
      const store = await DatabaseAdrStore.create({
        database: { getClient: async () => knex },
      });
      const index = createAdrIndexSnapshot({
        cache,
        store: {
          readIndex: () => {
            onLoad?.();
            return store.readIndex();
          },
        },
      });
      const folderReader = new AdrFolderReader({
        reader: mockServices.urlReader.mock(),
        integrations: ScmIntegrations.fromConfig(new ConfigReader({})),
        config: {
          localRoots: [
            { path: dir.resolve('adrs'), key: 'goldenPath.adr.localRoots' },
          ],
          maxFileBytes: 1024 * 1024,
          maxFiles: 1000,
          maxDepth: 5,
        },
      });
      return {
        commands: new AdrCommands({
          store,
          index,
          catalog: catalogServiceMock({ entities }),
          auth: mockServices.auth(),
          logger: mockServices.logger.mock(),
          folderReader,
        }),
        readModel: new AdrReadModel({
          store,
          index,
          folderReader,
          staleProposedDays: 30,
        }),
      };
    };
    const page = { sort: 'date', order: 'desc', offset: 0, limit: 50 } as const;

    it('shows a write of replica A in the list, facets and stats of replica B', async () => {
      const entities = adrEntities(dir.path);
      const a = await replica(entities);
      let buildsOfB = 0;
      const b = await replica(entities, () => buildsOfB++);

      // B builds its view of the empty index and keeps it.
      expect((await b.readModel.list({ filter: {}, ...page })).totalItems).toBe(
        0,
      );
      expect((await b.readModel.stats()).total).toBe(0);
      expect(buildsOfB).toBe(1);

      // One entity read on A (POST /refresh).
      const orders = entities.find(e => e.metadata.name === 'orders')!;
      await a.commands.ingestEntity(orders);
      const list = await b.readModel.list({ filter: {}, ...page });
      expect(list.totalItems).toBe(8);
      expect(list.totalCount).toBe(8);
      expect((await b.readModel.facets()).entities).toEqual([
        { value: 'component:default/orders', count: 8 },
      ]);
      expect(await b.readModel.stats()).toMatchObject({
        total: 8,
        entities: 1,
        entitiesWithErrors: 0,
      });
      expect(buildsOfB).toBe(2);

      // A folder that cannot be read (writeSourceError) on A.
      const missing = entities.find(e => e.metadata.name === 'missing')!;
      await a.commands.ingestEntity(missing);
      expect(await b.readModel.stats()).toMatchObject({
        entities: 2,
        entitiesWithErrors: 1,
      });

      // A file removed from a folder, read again on A (writeFolder).
      fs.rmSync(dir.resolve('adrs/orders/0003-use-kafka.md'));
      await a.commands.ingestEntity(orders);
      expect(
        (await b.readModel.list({ filter: { q: 'kafka' }, ...page })).items.map(
          item => item.path,
        ),
      ).toEqual(['0005-kafka-schema-registry.md']);
      expect((await b.readModel.stats()).total).toBe(7);

      // A full run on A (every entity), then one without orders
      // (deleteSourcesExcept).
      await a.commands.ingestAll();
      expect(await b.readModel.stats()).toMatchObject({
        total: 9,
        entities: 5,
      });
      const without = await replica(
        entities.filter(e => e.metadata.name !== 'orders'),
      );
      await without.commands.ingestAll();
      expect(await b.readModel.stats()).toMatchObject({
        total: 2,
        entities: 4,
      });
      expect((await b.readModel.facets()).entities).toEqual([
        { value: 'component:default/payments', count: 2 },
      ]);

      // Reads between writes are served from the view: no rebuild.
      const builds = buildsOfB;
      await b.readModel.list({ filter: {}, ...page });
      await b.readModel.facets();
      await b.readModel.stats();
      expect(buildsOfB).toBe(builds);
    });

    it('runs no invalidation for a full run that changed nothing', async () => {
      const store = await DatabaseAdrStore.create({
        database: { getClient: async () => knex },
      });
      const index = { invalidate: jest.fn(async () => undefined) };
      const commands = new AdrCommands({
        store,
        index,
        // No annotated entity, nothing stored for one: nothing to do.
        catalog: catalogServiceMock({ entities: [] }),
        auth: mockServices.auth(),
        logger: mockServices.logger.mock(),
        folderReader: {} as AdrFolderReader,
      });
      await store.deleteSourcesExcept([]);
      await commands.ingestAll();
      expect(index.invalidate).not.toHaveBeenCalled();
    });
  },
);
