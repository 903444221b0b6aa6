import type { AuthService } from '@backstage/backend-plugin-api';
import {
  Entity,
  RELATION_CHILD_OF,
  RELATION_MEMBER_OF,
} from '@backstage/catalog-model';
import type { CatalogService } from '@backstage/plugin-catalog-node';

/** Group chains deeper than this are cut (a loop in the catalog). */
const MAX_DEPTH = 20;

function refsOf(entity: Entity | undefined, type: string): string[] {
  return (entity?.relations ?? [])
    .filter(relation => relation.type === type)
    .map(relation => relation.targetRef.toLocaleLowerCase('en-US'));
}

/**
 * The groups a user belongs to for role membership: the groups the catalog
 * lists them in (`memberOf`) and every parent group above those, so a role
 * given to a group reaches the members of its sub-groups too. Looked up
 * with the module's own service credentials, cached per user for `ttlMs`;
 * a user the catalog does not know belongs to no group.
 */
export class GroupMembership {
  readonly #cache = new Map<
    string,
    { at: number; groups: Promise<Set<string>> }
  >();

  constructor(
    private readonly options: {
      catalog: CatalogService;
      auth: AuthService;
      ttlMs: number;
      now?: () => number;
    },
  ) {}

  groupsOf(userEntityRef: string): Promise<Set<string>> {
    const key = userEntityRef.toLocaleLowerCase('en-US');
    const now = (this.options.now ?? Date.now)();
    const cached = this.#cache.get(key);
    if (cached && now - cached.at < this.options.ttlMs) return cached.groups;
    const groups = this.#lookUp(key);
    this.#cache.set(key, { at: now, groups });
    // A failed lookup is not remembered: the next request asks again.
    groups.catch(() => {
      if (this.#cache.get(key)?.groups === groups) this.#cache.delete(key);
    });
    return groups;
  }

  async #lookUp(userEntityRef: string): Promise<Set<string>> {
    const { catalog, auth } = this.options;
    const credentials = await auth.getOwnServiceCredentials();
    const user = await catalog.getEntityByRef(userEntityRef, { credentials });
    const groups = new Set<string>();
    let frontier = refsOf(user, RELATION_MEMBER_OF);
    for (let depth = 0; depth < MAX_DEPTH && frontier.length > 0; depth++) {
      const next = frontier.filter(ref => !groups.has(ref));
      next.forEach(ref => groups.add(ref));
      if (next.length === 0) break;
      const { items } = await catalog.getEntitiesByRefs(
        { entityRefs: next, fields: ['relations'] },
        { credentials },
      );
      frontier = items.flatMap(group =>
        refsOf(group ?? undefined, RELATION_CHILD_OF),
      );
    }
    return groups;
  }
}
