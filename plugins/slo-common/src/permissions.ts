import { createPermission } from '@backstage/plugin-permission-common';

/**
 * Sending SLI data points to the SLO backend (service principals only).
 * @public
 */
export const sloIngestPermission = createPermission({
  name: 'slo.sli.create',
  attributes: { action: 'create' },
});

/**
 * Reading SLOs, budgets and alerts.
 * @public
 */
export const sloReadPermission = createPermission({
  name: 'slo.read',
  attributes: { action: 'read' },
});

/**
 * Recomputing every SLO's budgets and alerts now (POST /v1/refresh);
 * org-wide work, so a basic permission.
 * @public
 */
export const sloRefreshAllPermission = createPermission({
  name: 'slo.refresh.all',
  attributes: { action: 'update' },
});

/**
 * Every permission of the SLO plugins.
 * @public
 */
export const sloPermissions = [
  sloIngestPermission,
  sloReadPermission,
  sloRefreshAllPermission,
];
