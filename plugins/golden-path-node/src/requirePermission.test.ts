import { mockCredentials, mockServices } from '@backstage/backend-test-utils';
import { NotAllowedError } from '@backstage/errors';
import {
  AuthorizeResult,
  createPermission,
} from '@backstage/plugin-permission-common';
import { requirePermission } from './requirePermission';

const permission = createPermission({
  name: 'example.thing.create',
  attributes: { action: 'create' },
});
const entityPermission = createPermission({
  name: 'example.entity.update',
  attributes: { action: 'update' },
  resourceType: 'catalog-entity',
});

describe('requirePermission', () => {
  it('passes when the policy allows', async () => {
    const permissions = mockServices.permissions.mock();
    permissions.authorize.mockResolvedValue([
      { result: AuthorizeResult.ALLOW },
    ]);
    await expect(
      requirePermission({
        permissions,
        permission,
        credentials: mockCredentials.user(),
        what: 'create things',
      }),
    ).resolves.toBeUndefined();
    expect(permissions.authorize).toHaveBeenCalledWith([{ permission }], {
      credentials: mockCredentials.user(),
    });
  });

  it('refuses with a 403 naming what was tried when the policy denies', async () => {
    const permissions = mockServices.permissions.mock();
    permissions.authorize.mockResolvedValue([{ result: AuthorizeResult.DENY }]);
    const attempt = requirePermission({
      permissions,
      permission,
      credentials: mockCredentials.user(),
      what: 'create things',
    });
    await expect(attempt).rejects.toThrow(NotAllowedError);
    await expect(attempt).rejects.toThrow('You may not create things');
  });

  it('asks about a resource permission for the resource named', async () => {
    const permissions = mockServices.permissions.mock();
    permissions.authorize.mockResolvedValue([
      { result: AuthorizeResult.ALLOW },
    ]);
    await requirePermission({
      permissions,
      permission: entityPermission,
      resourceRef: 'component:default/orders',
      credentials: mockCredentials.user(),
      what: 'update orders',
    });
    expect(permissions.authorize).toHaveBeenCalledWith(
      [
        {
          permission: entityPermission,
          resourceRef: 'component:default/orders',
        },
      ],
      { credentials: mockCredentials.user() },
    );
  });

  it('refuses a resource permission the policy denies for that resource', async () => {
    const permissions = mockServices.permissions.mock();
    permissions.authorize.mockImplementation(async requests =>
      requests.map(r => ({
        result:
          r.resourceRef === 'component:default/orders'
            ? AuthorizeResult.ALLOW
            : AuthorizeResult.DENY,
      })),
    );
    await expect(
      requirePermission({
        permissions,
        permission: entityPermission,
        resourceRef: 'component:default/payments',
        credentials: mockCredentials.user(),
        what: 'update payments',
      }),
    ).rejects.toThrow('You may not update payments');
  });
});
