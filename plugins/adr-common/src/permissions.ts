import { createPermission } from '@backstage/plugin-permission-common';
import { CATALOG_ENTITY_RESOURCE_TYPE } from '@golden-path/plugin-golden-path-common';

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
 * Reading every ADR folder again now (POST /refresh without `entityRef`);
 * org-wide work, so a basic permission.
 * @public
 */
export const adrRefreshAllPermission = createPermission({
  name: 'adr.refresh.all',
  attributes: { action: 'update' },
});

/**
 * Reading one entity's ADR folder again now (POST /refresh with
 * `entityRef`). A resource permission on the entity, so a policy can allow
 * it to its owners.
 * @public
 */
export const adrEntityRefreshPermission = createPermission({
  name: 'adr.entity.refresh',
  attributes: { action: 'update' },
  resourceType: CATALOG_ENTITY_RESOURCE_TYPE,
});

/**
 * Adding an ADR to an entity's repository (the scaffolder's ADR template,
 * checked by `golden-path:repo:commit-local` with the task initiator's
 * credentials). A resource permission on the entity the ADR is for.
 * @public
 */
export const adrRecordCreatePermission = createPermission({
  name: 'adr.record.create',
  attributes: { action: 'create' },
  resourceType: CATALOG_ENTITY_RESOURCE_TYPE,
});

/**
 * Every permission of the ADR plugins.
 * @public
 */
export const adrPermissions = [
  adrReadPermission,
  adrRefreshAllPermission,
  adrEntityRefreshPermission,
  adrRecordCreatePermission,
];
