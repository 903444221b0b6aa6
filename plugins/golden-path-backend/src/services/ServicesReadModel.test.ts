import {
  mockServices,
  ServiceFactoryTester,
} from '@backstage/backend-test-utils';
import { CacheService } from '@backstage/backend-plugin-api';
import { Entity } from '@backstage/catalog-model';
import { catalogServiceMock } from '@backstage/plugin-catalog-node/testUtils';
import { ServicesQuery, ServicesReadModel } from './ServicesReadModel';
import { eventually } from '@golden-path/plugin-golden-path-node/testUtils';

const component = (name: string, tier?: string): Entity => ({
  apiVersion: 'backstage.io/v1alpha1',
  kind: 'Component',
  metadata: {
    name,
    namespace: 'default',
    annotations: tier ? { 'golden-path.io/tier': tier } : {},
  },
  spec: { type: 'service', lifecycle: 'production', owner: 'team-a' },
});

async function pluginCache(): Promise<CacheService> {
  return ServiceFactoryTester.from(mockServices.cache.factory()).getSubject(
    'golden-path',
  );
}

const query: ServicesQuery = {
  offset: 0,
  limit: 50,
  sort: 'service',
  order: 'asc',
};

describe('ServicesReadModel', () => {
  let now: number;
  let cache: CacheService;
  let entities: Entity[];
  let catalog: ReturnType<typeof catalogServiceMock>;
  let queries: jest.SpyInstance;

  const readModel = () =>
    new ServicesReadModel({
      catalog,
      auth: mockServices.auth(),
      cache,
      maxAgeMs: 60_000,
      now: () => now,
    });

  beforeEach(async () => {
    now = 1_000_000;
    cache = await pluginCache();
    entities = [component('a', 'critical'), component('b')];
    // The mock reads its entities array on each query.
    catalog = catalogServiceMock.mock({
      queryEntities: async (request: any) =>
        catalogServiceMock({ entities }).queryEntities(request),
    }) as any;
    queries = jest.spyOn(catalog, 'queryEntities');
  });

  it('builds the view once and reuses it until maxAgeMs, then rebuilds from the catalog', async () => {
    const model = readModel();
    const first = await model.list(query, undefined);
    expect(first.items.map(i => i.title)).toEqual(['a', 'b']);
    expect(queries).toHaveBeenCalledTimes(4);

    entities.push(component('c', 'standard'));
    now += 59_000;
    expect((await model.list(query, undefined)).totalItems).toBe(2);
    expect(queries).toHaveBeenCalledTimes(4);

    // Old: answered at once, rebuilt in the background.
    now += 1_000;
    expect((await model.list(query, undefined)).totalItems).toBe(2);
    const titles = await eventually(
      async () => (await model.list(query, undefined)).items.map(i => i.title),
      ['a', 'b', 'c'],
    );
    expect(titles).toEqual(['a', 'b', 'c']);
    expect(queries).toHaveBeenCalledTimes(8);
  });

  it('serves the last view when a rebuild fails, and rebuilds on the next read', async () => {
    const model = readModel();
    await model.list(query, undefined);
    now += 60_000;
    entities.push(component('c'));
    queries.mockRejectedValueOnce(new Error('SQLITE_BUSY'));
    expect((await model.list(query, undefined)).totalItems).toBe(2);
    expect(
      await eventually(
        async () => (await model.list(query, undefined)).totalItems,
        3,
      ),
    ).toBe(3);
  });

  it('fails when the first build fails', async () => {
    queries.mockRejectedValueOnce(new Error('catalog is down'));
    await expect(readModel().list(query, undefined)).rejects.toThrow(
      'catalog is down',
    );
  });

  it('shares one build between concurrent reads', async () => {
    const model = readModel();
    await Promise.all(
      Array.from({ length: 10 }, () => model.list(query, undefined)),
    );
    expect(queries).toHaveBeenCalledTimes(4);
  });

  it('rebuilds on every replica sharing the cache after invalidate', async () => {
    const a = readModel();
    const b = readModel();
    await a.list(query, undefined);
    await b.list(query, undefined);
    expect(queries).toHaveBeenCalledTimes(8);
    entities.push(component('c'));
    await a.invalidate();
    expect((await b.list(query, undefined)).totalItems).toBe(3);
  });

  it('applies the caller’s view per request, never baking it into the view', async () => {
    const model = readModel();
    const some = await model.list(query, new Set(['component:default/b']));
    expect(some.items.map(i => i.title)).toEqual(['b']);
    expect(some.summary).toEqual({ services: 1, missingMetadata: 1 });
    expect((await model.list(query, undefined)).totalItems).toBe(2);
    expect((await model.list(query, new Set())).totalItems).toBe(0);
    expect(queries).toHaveBeenCalledTimes(4);
  });

  it('reads the catalog in pages of 500', async () => {
    entities = Array.from({ length: 1203 }, (_, i) =>
      component(`svc-${String(i).padStart(4, '0')}`),
    );
    const model = readModel();
    const page = await model.list(
      { ...query, offset: 1200, limit: 10 },
      undefined,
    );
    expect(page.totalItems).toBe(1203);
    expect(page.items.map(i => i.title)).toEqual([
      'svc-1200',
      'svc-1201',
      'svc-1202',
    ]);
    const componentPages = queries.mock.calls.filter(
      ([request]) =>
        request.filter?.kind === 'component' || request.cursor !== undefined,
    );
    expect(componentPages).toHaveLength(3);
  });
});
