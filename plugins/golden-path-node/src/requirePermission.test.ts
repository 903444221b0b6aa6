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
});
