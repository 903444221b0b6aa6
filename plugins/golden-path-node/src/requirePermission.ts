import type {
  BackstageCredentials,
  PermissionsService,
} from '@backstage/backend-plugin-api';
import { NotAllowedError } from '@backstage/errors';
import {
  AuthorizeResult,
  BasicPermission,
  ResourcePermission,
} from '@backstage/plugin-permission-common';

/**
 * What to ask: a basic permission alone, or a resource permission with the
 * resource it acts on (for `catalog-entity` permissions the entity ref,
 * `component:default/orders`), so a conditional decision (the catalog's
 * `IS_ENTITY_OWNER`) is applied to that resource.
 * @public
 */
export type PermissionRequirement =
  | { permission: BasicPermission; resourceRef?: undefined }
  | { permission: ResourcePermission; resourceRef: string };

/**
 * Asks the permission framework about a permission for these credentials
 * (with `resourceRef` for a resource permission); anything but ALLOW throws
 * a NotAllowedError (403) "You may not <what>".
 * @public
 */
export async function requirePermission(
  options: PermissionRequirement & {
    permissions: PermissionsService;
    credentials: BackstageCredentials;
    /** What the caller tried, e.g. "read SLOs". */
    what: string;
  },
): Promise<void> {
  const { permissions, credentials, what } = options;
  const request =
    options.resourceRef === undefined
      ? { permission: options.permission as BasicPermission }
      : {
          permission: options.permission as ResourcePermission,
          resourceRef: options.resourceRef,
        };
  const [decision] = await permissions.authorize([request], { credentials });
  if (decision.result !== AuthorizeResult.ALLOW) {
    throw new NotAllowedError(`You may not ${what}`);
  }
}
