import { createPermission } from '@backstage/plugin-permission-common';

/**
 * The resource type of an ADR, for conditional permission decisions.
 * @public
 */
export const ADR_RESOURCE_TYPE = 'adr-record';

/**
 * Reading ADRs; a conditional decision filters the rows (in SQL).
 * @public
 */
export const adrReadPermission = createPermission({
  name: 'adr.record.read',
  attributes: { action: 'read' },
  resourceType: ADR_RESOURCE_TYPE,
});

/**
 * Asking the backend to read ADR folders again now.
 * @public
 */
export const adrRefreshPermission = createPermission({
  name: 'adr.refresh',
  attributes: { action: 'update' },
});

/**
 * Every permission of the ADR plugins.
 * @public
 */
export const adrPermissions = [adrReadPermission, adrRefreshPermission];
