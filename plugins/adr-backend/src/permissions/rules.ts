import {
  createConditionExports,
  createPermissionResourceRef,
  createPermissionRule,
} from '@backstage/plugin-permission-node';
import { ADR_RESOURCE_TYPE } from '@golden-path/plugin-adr-common';
import { z } from 'zod';

/**
 * What a permission rule sees of an ADR.
 * @public
 */
export type AdrPermissionResource = {
  entityRef: string;
  owner: string | null;
  path: string;
};

/**
 * A rule turned into SQL: the column must hold one of the values.
 * @public
 */
export type AdrPermissionQuery = {
  column: 'entity_ref' | 'owner';
  values: string[];
};

/**
 * The ADR resource type of this plugin, for conditional decisions.
 * @public
 */
export const adrResourceRef = createPermissionResourceRef<
  AdrPermissionResource,
  AdrPermissionQuery
>().with({ pluginId: 'adr', resourceType: ADR_RESOURCE_TYPE });

// Entity refs in the index are lower-case (refs are case-insensitive).
const lower = (values: string[]) => values.map(value => value.toLowerCase());

/**
 * ADRs of the given catalog entities (full refs like component:default/x).
 * @public
 */
export const isEntity = createPermissionRule({
  name: 'IS_ENTITY',
  description: 'Allow ADRs of the given catalog entities',
  resourceRef: adrResourceRef,
  paramsSchema: z.object({
    entityRefs: z
      .array(z.string())
      .describe('Full entity refs, e.g. component:default/order-service'),
  }),
  apply: (resource, { entityRefs }) =>
    lower(entityRefs).includes(resource.entityRef.toLowerCase()),
  toQuery: ({ entityRefs }) => ({
    column: 'entity_ref',
    values: lower(entityRefs),
  }),
});

/**
 * ADRs of entities owned by one of the given owners (full refs).
 * @public
 */
export const hasOwner = createPermissionRule({
  name: 'HAS_OWNER',
  description: 'Allow ADRs of entities owned by the given groups or users',
  resourceRef: adrResourceRef,
  paramsSchema: z.object({
    owners: z
      .array(z.string())
      .describe('Full owner refs, e.g. group:default/team-orders'),
  }),
  apply: (resource, { owners }) =>
    resource.owner !== null &&
    lower(owners).includes(resource.owner.toLowerCase()),
  toQuery: ({ owners }) => ({ column: 'owner', values: lower(owners) }),
});

/**
 * Every permission rule of ADR records, for registration and policies.
 * @public
 */
export const adrPermissionRules = { isEntity, hasOwner };

const conditionExports = createConditionExports({
  resourceRef: adrResourceRef,
  rules: adrPermissionRules,
});

/**
 * Condition factories for permission policies, e.g.
 * `adrConditions.hasOwner({ owners: user.ownershipEntityRefs })`.
 * @public
 */
export const adrConditions = conditionExports.conditions;

/**
 * Wraps conditions into a conditional decision for adrReadPermission.
 * @public
 */
export const createAdrConditionalDecision =
  conditionExports.createConditionalDecision;
