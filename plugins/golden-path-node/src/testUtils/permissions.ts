import { PermissionsService } from '@backstage/backend-plugin-api';
import { AuthorizeResult } from '@backstage/plugin-permission-common';

/**
 * A permissions service mock, such as `mockServices.permissions.mock()`
 * from `@backstage/backend-test-utils`.
 * @public
 */
export type PermissionsMock = {
  authorize: {
    mockImplementation(implementation: PermissionsService['authorize']): void;
  };
};

/**
 * Makes a permissions mock allow everything except the permissions named
 * in `denied` (by name), for every request of every later call.
 * @public
 */
export function denyPermissionsNamed(
  permissions: PermissionsMock,
  denied: string[] = [],
): void {
  permissions.authorize.mockImplementation(async requests =>
    requests.map(request => ({
      result: denied.includes(request.permission.name)
        ? AuthorizeResult.DENY
        : AuthorizeResult.ALLOW,
    })),
  );
}
