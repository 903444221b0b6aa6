import { mockServices } from '@backstage/backend-test-utils';
import { Entity } from '@backstage/catalog-model';
import { catalogServiceMock } from '@backstage/plugin-catalog-node/testUtils';
import { CATALOG_FACTS, CatalogFactCollector } from './CatalogFactCollector';

const logger = mockServices.logger.mock();

const entity = (
  kind: string,
  name: string,
  spec: Entity['spec'] = {},
  metadata: Partial<Entity['metadata']> = {},
): Entity => ({
  apiVersion: 'backstage.io/v1alpha1',
  kind,
  metadata: { name, namespace: 'default', ...metadata },
  spec,
});

const catalogEntities = [
  entity('Group', 'team-orders'),
  entity('User', 'alice'),
  entity('System', 'shop', { owner: 'team-orders', domain: 'commerce' }),
  entity('API', 'orders-api', {
    type: 'openapi',
    definition: 'openapi: 3.0.0',
  }),
  entity('API', 'empty-api', { type: 'openapi', definition: '  \n' }),
];

describe('CatalogFactCollector', () => {
  const collector = new CatalogFactCollector({
    catalog: catalogServiceMock({ entities: catalogEntities }),
    auth: mockServices.auth(),
  });

  it('declares its facts with the catalog collector', () => {
    expect(CATALOG_FACTS.map(f => [f.id, f.type, f.collector])).toEqual([
      ['catalog.ownerIsGroup', 'boolean', 'catalog'],
      ['catalog.hasOnCall', 'boolean', 'catalog'],
      ['catalog.hasRunbook', 'boolean', 'catalog'],
      ['catalog.tier', 'string', 'catalog'],
      ['catalog.lifecycle', 'string', 'catalog'],
      ['catalog.hasSystem', 'boolean', 'catalog'],
      ['catalog.hasDescription', 'boolean', 'catalog'],
      ['catalog.providedApis', 'number', 'catalog'],
      ['catalog.apisWithoutDefinition', 'number', 'catalog'],
    ]);
  });

  it('reads the metadata and looks up owner, system and APIs in bulk', async () => {
    const results = await collector.collect(
      [
        entity(
          'Component',
          'complete',
          {
            owner: 'team-orders',
            system: 'shop',
            lifecycle: 'production',
            providesApis: [
              'orders-api',
              'api:default/empty-api',
              'missing-api',
            ],
          },
          {
            description: 'Takes orders.',
            annotations: {
              'golden-path.io/tier': 'critical',
              'golden-path.io/on-call': 'https://oncall.example/orders',
              'golden-path.io/runbook': 'https://runbooks.example/orders',
            },
          },
        ),
        entity(
          'Component',
          'sparse',
          { owner: 'user:alice', system: 'nowhere' },
          { description: '  ', annotations: { 'golden-path.io/on-call': ' ' } },
        ),
        entity('Component', 'unknown-group', { owner: 'group:default/ghosts' }),
      ],
      { logger },
    );
    expect(results).toEqual([
      {
        entityRef: 'component:default/complete',
        facts: {
          'catalog.ownerIsGroup': true,
          'catalog.hasOnCall': true,
          'catalog.hasRunbook': true,
          'catalog.tier': 'critical',
          'catalog.lifecycle': 'production',
          'catalog.hasSystem': true,
          'catalog.hasDescription': true,
          'catalog.providedApis': 3,
          // An empty definition and an API the catalog does not have.
          'catalog.apisWithoutDefinition': 2,
        },
      },
      {
        entityRef: 'component:default/sparse',
        facts: {
          // A user is not a group.
          'catalog.ownerIsGroup': false,
          'catalog.hasOnCall': false,
          'catalog.hasRunbook': false,
          'catalog.tier': null,
          'catalog.lifecycle': null,
          'catalog.hasSystem': false,
          'catalog.hasDescription': false,
          'catalog.providedApis': 0,
          'catalog.apisWithoutDefinition': 0,
        },
      },
      {
        entityRef: 'component:default/unknown-group',
        facts: expect.objectContaining({ 'catalog.ownerIsGroup': false }),
      },
    ]);
  });

  it('fails as a whole when the catalog does not answer', async () => {
    const failing = new CatalogFactCollector({
      catalog: catalogServiceMock.mock({
        getEntitiesByRefs: async () => {
          throw new Error('catalog down');
        },
      }),
      auth: mockServices.auth(),
    });
    await expect(
      failing.collect([entity('Component', 'a', { owner: 'team-orders' })], {
        logger,
      }),
    ).rejects.toThrow('catalog down');
  });
});
