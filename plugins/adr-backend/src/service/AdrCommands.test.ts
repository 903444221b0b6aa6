import {
  createMockDirectory,
  mockServices,
  TestDatabases,
} from '@backstage/backend-test-utils';
import { ConfigReader } from '@backstage/config';
import { ScmIntegrations } from '@backstage/integration';
import { catalogServiceMock } from '@backstage/plugin-catalog-node/testUtils';
import { adrEntities, adrFiles, component } from '../__fixtures__/adrFixtures';
import { AdrStore } from '../database/AdrStore';
import { DatabaseAdrStore } from '../database/DatabaseAdrStore';
import { AdrCommands } from './AdrCommands';
import { AdrFolderReader } from './AdrFolderReader';

const databases = TestDatabases.create({ ids: ['SQLITE_3'] });

describe('AdrCommands', () => {
  const dir = createMockDirectory();

  const commandsFor = (
    store: AdrStore,
    entities: ReturnType<typeof adrEntities>,
  ) =>
    new AdrCommands({
      store,
      catalog: catalogServiceMock({ entities }),
      auth: mockServices.auth(),
      logger: mockServices.logger.mock(),
      folderReader: new AdrFolderReader({
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
      }),
    });

  it('ingests every annotated entity and removes entities that lost the annotation', async () => {
    dir.setContent(adrFiles());
    const knex = await databases.init('SQLITE_3');
    const store = await DatabaseAdrStore.create({
      database: { getClient: async () => knex },
    });
    const entities = adrEntities(dir.path);
    const first = await commandsFor(store, entities).ingestAll();
    expect(first).toEqual({ entities: 5, failed: 3, removed: 0, adrs: 10 });

    // payments loses its annotation, orders leaves the catalog.
    const payments = component(dir.path, 'payments', '', {});
    delete payments.metadata.annotations!['golden-path.io/adr-location'];
    const later = entities.filter(
      e => !['orders', 'payments'].includes(e.metadata.name),
    );
    const second = await commandsFor(store, [...later, payments]).ingestAll();
    expect(second).toMatchObject({ entities: 3, removed: 2, adrs: 0 });
    expect((await store.listSourceRefs()).sort()).toEqual([
      'component:default/escape',
      'component:default/missing',
      'component:default/outside',
    ]);
  });
});
