import { createPermission } from '@backstage/plugin-permission-common';
import { CATALOG_ENTITY_RESOURCE_TYPE } from '@golden-path/plugin-golden-path-common';

/**
 * Attesting a readiness check of a component that cannot be collected
 * (e.g. "failover drill done"). A resource permission on the component's
 * catalog entity, so a policy can allow it to its owners.
 * @public
 */
export const readinessAttestationCreatePermission = createPermission({
  name: 'readiness.attestation.create',
  attributes: { action: 'create' },
  resourceType: CATALOG_ENTITY_RESOURCE_TYPE,
});

/**
 * Re-collecting the facts of one component and evaluating it now (POST
 * /v1/entities/.../refresh). A resource permission on the component's
 * catalog entity.
 * @public
 */
export const readinessEntityRefreshPermission = createPermission({
  name: 'readiness.entity.refresh',
  attributes: { action: 'update' },
  resourceType: CATALOG_ENTITY_RESOURCE_TYPE,
});

/**
 * Re-collecting the facts of every component and evaluating them all now
 * (POST /v1/refresh); org-wide work, so a basic permission.
 * @public
 */
export const readinessRefreshAllPermission = createPermission({
  name: 'readiness.refresh.all',
  attributes: { action: 'update' },
});

/**
 * Every permission of the readiness plugins.
 * @public
 */
export const readinessPermissions = [
  readinessAttestationCreatePermission,
  readinessEntityRefreshPermission,
  readinessRefreshAllPermission,
];
