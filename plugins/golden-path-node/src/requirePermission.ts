import type {
  BackstageCredentials,
  PermissionsService,
} from '@backstage/backend-plugin-api';
import { NotAllowedError } from '@backstage/errors';
import {
  AuthorizeResult,
  BasicPermission,
} from '@backstage/plugin-permission-common';

/**
 * Asks the permission framework about a basic permission for these
 * credentials; anything but ALLOW throws a NotAllowedError (403)
 * "You may not <what>".
 */
export async function requirePermission(options: {
  permissions: PermissionsService;
  permission: BasicPermission;
  credentials: BackstageCredentials;
  /** What the caller tried, e.g. "read SLOs". */
  what: string;
}): Promise<void> {
  const { permissions, permission, credentials, what } = options;
  const [decision] = await permissions.authorize([{ permission }], {
    credentials,
  });
  if (decision.result !== AuthorizeResult.ALLOW) {
    throw new NotAllowedError(`You may not ${what}`);
  }
}
