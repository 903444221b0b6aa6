import { createPermission } from '@backstage/plugin-permission-common';

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
  resourceType: 'catalog-entity',
});

/**
 * Every permission of the golden-path plugins.
 * @public
 */
export const goldenPathPermissions = [goldenPathUpgradeCreatePermission];
