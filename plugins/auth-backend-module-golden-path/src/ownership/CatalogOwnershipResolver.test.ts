import { mockServices } from '@backstage/backend-test-utils';
import { Entity } from '@backstage/catalog-model';
import { catalogServiceMock } from '@backstage/plugin-catalog-node/testUtils';
import { CatalogOwnershipResolver } from './CatalogOwnershipResolver';

const rel = (type: string, targetRef: string) => ({ type, targetRef });

/** Groups as the catalog stitches them: relations both ways. */
function group(name: string, parent?: string, children: string[] = []): Entity {
  return {
    apiVersion: 'backstage.io/v1alpha1',
    kind: 'Group',
    metadata: { name, namespace: 'default' },
    spec: { type: 'team', children },
    relations: [
      ...(parent ? [rel('childOf', `group:default/${parent}`)] : []),
      ...children.map(child => rel('parentOf', `group:default/${child}`)),
    ],
  };
}

function user(name: string, groups: string[]): Entity {
  return {
    apiVersion: 'backstage.io/v1alpha1',
    kind: 'User',
    metadata: { name, namespace: 'default' },
    spec: { memberOf: groups },
    relations: groups.map(g => rel('memberOf', `group:default/${g}`)),
  };
}

const entities = [
  group('engineering', undefined, ['team-checkout', 'team-payments']),
  group('team-checkout', 'engineering', ['checkout-web']),
  group('checkout-web', 'team-checkout'),
  group('team-payments', 'engineering'),
  group('sales'),
];

describe('CatalogOwnershipResolver', () => {
  it('claims the groups below the user groups, read from the catalog', async () => {
    const resolver = new CatalogOwnershipResolver({
      catalog: catalogServiceMock({ entities }),
      auth: mockServices.auth(),
    });
    await expect(
      resolver.resolveOwnershipEntityRefs(user('eve', ['engineering'])),
    ).resolves.toEqual({
      ownershipEntityRefs: [
        'user:default/eve',
        'group:default/engineering',
        'group:default/team-checkout',
        'group:default/team-payments',
        'group:default/checkout-web',
      ],
    });
    await expect(
      resolver.resolveOwnershipEntityRefs(user('grace', ['team-checkout'])),
    ).resolves.toEqual({
      ownershipEntityRefs: [
        'user:default/grace',
        'group:default/team-checkout',
        'group:default/checkout-web',
      ],
    });
  });

  it('asks the catalog once per level, with its own service credentials, and not at all without groups', async () => {
    const catalog = catalogServiceMock.mock({
      getEntities: jest.fn(async request => {
        const parents = (request?.filter as any)['relations.childOf'];
        return {
          items: entities.filter(e =>
            e.relations?.some(
              r => r.type === 'childOf' && parents.includes(r.targetRef),
            ),
          ),
        };
      }),
    });
    const resolver = new CatalogOwnershipResolver({
      catalog,
      auth: mockServices.auth({ pluginId: 'auth' }),
    });
    await resolver.resolveOwnershipEntityRefs(user('eve', ['engineering']));
    // engineering's children, checkout-web, then an empty level.
    expect(catalog.getEntities).toHaveBeenCalledTimes(3);
    expect(catalog.getEntities).toHaveBeenNthCalledWith(
      1,
      expect.objectContaining({
        filter: {
          kind: 'group',
          'relations.childOf': ['group:default/engineering'],
        },
      }),
      {
        credentials: expect.objectContaining({
          principal: { type: 'service', subject: 'plugin:auth' },
        }),
      },
    );

    catalog.getEntities.mockClear();
    await expect(
      resolver.resolveOwnershipEntityRefs(user('solo', [])),
    ).resolves.toEqual({ ownershipEntityRefs: ['user:default/solo'] });
    expect(catalog.getEntities).not.toHaveBeenCalled();
  });

  it('fails the sign-in when the catalog cannot be read, rather than issue fewer claims silently', async () => {
    const catalog = catalogServiceMock.mock({
      getEntities: jest.fn().mockRejectedValue(new Error('catalog is down')),
    });
    const resolver = new CatalogOwnershipResolver({
      catalog,
      auth: mockServices.auth(),
    });
    await expect(
      resolver.resolveOwnershipEntityRefs(user('eve', ['engineering'])),
    ).rejects.toThrow('catalog is down');
  });
});
