import { createPermission } from '@backstage/plugin-permission-common';

/**
 * Sending SLI data points to the SLO backend.
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
 * Every permission of the SLO plugins.
 * @public
 */
export const sloPermissions = [sloIngestPermission, sloReadPermission];
