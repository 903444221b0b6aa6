import { mockCredentials, mockServices } from '@backstage/backend-test-utils';
import { AuthorizeResult } from '@backstage/plugin-permission-common';
import { readableEntityRefs } from './readableEntityRefs';

describe('readableEntityRefs', () => {
  const credentials = mockCredentials.user('user:default/ada');
  const permissions = mockServices.permissions.mock();
  const getEntities = jest.fn(async () => ({
    items: [
      { kind: 'Component', metadata: { name: 'Orders', namespace: 'default' } },
      { kind: 'Component', metadata: { name: 'cart', namespace: 'shop' } },
    ] as any[],
  }));
  const read = () =>
    readableEntityRefs({
      catalog: { getEntities },
      permissions,
      credentials,
      filter: { kind: 'Component' },
    });

  beforeEach(() => jest.clearAllMocks());

  it('answers undefined (every entity) when the policy allows catalog.entity.read outright, without asking the catalog', async () => {
    permissions.authorizeConditional.mockResolvedValue([
      { result: AuthorizeResult.ALLOW },
    ]);
    await expect(read()).resolves.toBeUndefined();
    expect(getEntities).not.toHaveBeenCalled();
    expect(permissions.authorizeConditional).toHaveBeenCalledWith(
      [
        {
          permission: expect.objectContaining({
            name: 'catalog.entity.read',
            resourceType: 'catalog-entity',
          }),
        },
      ],
      { credentials },
    );
  });

  it('answers no entity when the policy denies catalog.entity.read', async () => {
    permissions.authorizeConditional.mockResolvedValue([
      { result: AuthorizeResult.DENY },
    ]);
    await expect(read()).resolves.toEqual(new Set());
    expect(getEntities).not.toHaveBeenCalled();
  });

  it("asks the catalog with the caller's credentials under a conditional decision, refs lower-case", async () => {
    permissions.authorizeConditional.mockResolvedValue([
      {
        result: AuthorizeResult.CONDITIONAL,
        pluginId: 'catalog',
        resourceType: 'catalog-entity',
        conditions: {
          rule: 'IS_ENTITY_OWNER',
          resourceType: 'catalog-entity',
          params: { claims: [] },
        },
      },
    ]);
    await expect(read()).resolves.toEqual(
      new Set(['component:default/orders', 'component:shop/cart']),
    );
    expect(getEntities).toHaveBeenCalledWith(
      {
        filter: { kind: 'Component' },
        fields: ['kind', 'metadata.name', 'metadata.namespace'],
      },
      { credentials },
    );
  });
});
