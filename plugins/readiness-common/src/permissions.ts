import { createPermission } from '@backstage/plugin-permission-common';

/**
 * Attesting a readiness check that cannot be collected (e.g. "failover
 * drill done").
 * @public
 */
export const readinessAttestationCreatePermission = createPermission({
  name: 'readiness.attestation.create',
  attributes: { action: 'create' },
});

/**
 * Re-collecting facts and re-evaluating checks now (one entity or all).
 * @public
 */
export const readinessRefreshPermission = createPermission({
  name: 'readiness.refresh',
  attributes: { action: 'update' },
});

/**
 * Every permission of the readiness plugins.
 * @public
 */
export const readinessPermissions = [
  readinessAttestationCreatePermission,
  readinessRefreshPermission,
];
