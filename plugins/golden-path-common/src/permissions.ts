import { createPermission } from '@backstage/plugin-permission-common';

/**
 * The resource type of the catalog's entities (Backstage's
 * `RESOURCE_TYPE_CATALOG_ENTITY`). A permission of this type is authorized
 * with the entity ref as `resourceRef`, so a policy's conditional decision
 * (the catalog's `IS_ENTITY_OWNER` rule) applies to that entity; the
 * catalog evaluates the conditions.
 * @public
 */
export const CATALOG_ENTITY_RESOURCE_TYPE = 'catalog-entity';

/**
 * Upgrading a service to a newer version of its golden-path template (a
 * branch with the merged changes in its repository). A resource permission
 * on the service's catalog entity, so a policy can allow it to the owners
 * only (the catalog's `IS_ENTITY_OWNER` rule).
 * @public
 */
export const goldenPathUpgradeCreatePermission = createPermission({
  name: 'goldenpath.upgrade.create',
  attributes: { action: 'create' },
  resourceType: CATALOG_ENTITY_RESOURCE_TYPE,
});

/**
 * Recomputing the drift of every service against its template now (POST
 * /api/golden-path/drift/refresh); org-wide work, so a basic permission.
 * @public
 */
export const goldenPathDriftRefreshAllPermission = createPermission({
  name: 'goldenpath.drift.refresh.all',
  attributes: { action: 'update' },
});

/**
 * Every permission of the golden-path plugins.
 * @public
 */
export const goldenPathPermissions = [
  goldenPathUpgradeCreatePermission,
  goldenPathDriftRefreshAllPermission,
];
