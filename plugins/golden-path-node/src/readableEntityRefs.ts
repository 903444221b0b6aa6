import {
  BackstageCredentials,
  PermissionsService,
} from '@backstage/backend-plugin-api';
import { catalogEntityReadPermission } from '@backstage/plugin-catalog-common/alpha';
import { CatalogService } from '@backstage/plugin-catalog-node';
import { AuthorizeResult } from '@backstage/plugin-permission-common';
import { entityRefKey } from './entityRefs';

/**
 * The entities (of a catalog filter) a caller may read in the catalog, as lower-case
 * refs; `undefined` when the caller may read every one (the policy allows
 * `catalog.entity.read` without conditions), so a plugin's org-wide list
 * needs no filter. This is the one rule for what a plugin shows of the
 * catalog's entities: exactly what the catalog would show the caller. A
 * conditional decision (e.g. only the caller's teams' entities) is applied
 * by the catalog itself, asked with the caller's credentials.
 * @public
 */
export async function readableEntityRefs(options: {
  catalog: Pick<CatalogService, 'getEntities'>;
  permissions: Pick<PermissionsService, 'authorizeConditional'>;
  credentials: BackstageCredentials;
  /** Which entities, e.g. `{ kind: 'Component' }`. */
  filter: NonNullable<Parameters<CatalogService['getEntities']>[0]>['filter'];
}): Promise<ReadonlySet<string> | undefined> {
  const { catalog, permissions, credentials, filter } = options;
  const [decision] = await permissions.authorizeConditional(
    [{ permission: catalogEntityReadPermission }],
    { credentials },
  );
  if (decision.result === AuthorizeResult.ALLOW) return undefined;
  if (decision.result === AuthorizeResult.DENY) return new Set();
  const { items } = await catalog.getEntities(
    {
      filter,
      fields: ['kind', 'metadata.name', 'metadata.namespace'],
    },
    { credentials },
  );
  return new Set(items.map(entityRefKey));
}
