import type { LoggerService } from '@backstage/backend-plugin-api';
import {
  catalogConditions,
  createCatalogConditionalDecision,
} from '@backstage/plugin-catalog-backend/alpha';
import {
  AuthorizeResult,
  isResourcePermission,
  PolicyDecision,
  ResourcePermission,
} from '@backstage/plugin-permission-common';
import type {
  PermissionPolicy,
  PolicyQuery,
  PolicyQueryUser,
} from '@backstage/plugin-permission-node';
import type { Policy, PolicyRole } from './parsePolicy';

const CATALOG_ENTITY = 'catalog-entity';

/**
 * The groups of a user for role membership (direct and parent groups).
 * @public
 */
export type GroupsOf = (userEntityRef: string) => Promise<Set<string>>;

/**
 * The Golden Path permission policy: roles from policy files.
 *
 * For a signed-in user and a permission:
 * 1. the user's roles are those whose members name `everyone`, the user, or
 *    a group the user is in (directly or through a sub-group);
 * 2. ALLOW when one of those roles allows the permission unconditionally;
 * 3. otherwise, for a permission on catalog entities, a CONDITIONAL decision
 *    (the catalog's `IS_ENTITY_OWNER` rule with the user's ownership refs)
 *    when a role allows it `when: owner`;
 * 4. DENY otherwise, and for anyone not signed in.
 *
 * Backend plugins calling with their own service credentials never reach
 * the policy: the permission framework allows service principals (within a
 * static token's access restrictions) before asking it.
 * @public
 */
export class RolePermissionPolicy implements PermissionPolicy {
  readonly #warned = new Set<string>();

  constructor(
    private readonly options: {
      policy: () => Policy;
      groupsOf: GroupsOf;
      logger: LoggerService;
    },
  ) {}

  async handle(
    request: PolicyQuery,
    user?: PolicyQueryUser,
  ): Promise<PolicyDecision> {
    const userEntityRef = user?.info.userEntityRef;
    if (!user || !userEntityRef) return { result: AuthorizeResult.DENY };
    const { permission } = request;
    const roles = await this.rolesOf(userEntityRef);

    const rules = roles.flatMap(role =>
      role.allow
        .filter(rule => rule.matches(permission.name))
        .map(rule => ({ role, rule })),
    );
    if (rules.some(({ rule }) => rule.when === 'always')) {
      return { result: AuthorizeResult.ALLOW };
    }
    const ownerRules = rules.filter(({ rule }) => rule.when === 'owner');
    if (ownerRules.length === 0) return { result: AuthorizeResult.DENY };
    if (
      !isResourcePermission(permission) ||
      permission.resourceType !== CATALOG_ENTITY
    ) {
      this.#warnOnce(
        `${ownerRules[0].role.source}: "${ownerRules[0].rule.pattern}" allows ${permission.name} when: owner, but ${permission.name} does not act on a catalog entity, so ownership cannot apply; the rule is ignored for it`,
      );
      return { result: AuthorizeResult.DENY };
    }
    return createCatalogConditionalDecision(
      permission as ResourcePermission<typeof CATALOG_ENTITY>,
      catalogConditions.isEntityOwner({
        claims: user.info.ownershipEntityRefs,
      }),
    );
  }

  /** The roles a user holds, in policy order. */
  async rolesOf(userEntityRef: string): Promise<PolicyRole[]> {
    const { roles } = this.options.policy();
    const ref = userEntityRef.toLocaleLowerCase('en-US');
    const needsGroups = roles.some(role =>
      role.members.some(m => m.type === 'entity' && m.kind === 'group'),
    );
    const groups = needsGroups
      ? await this.options.groupsOf(ref)
      : new Set<string>();
    return roles.filter(role =>
      role.members.some(
        member =>
          member.type === 'everyone' ||
          member.ref === ref ||
          (member.kind === 'group' && groups.has(member.ref)),
      ),
    );
  }

  #warnOnce(message: string) {
    if (this.#warned.has(message)) return;
    this.#warned.add(message);
    this.options.logger.warn(message);
  }
}
