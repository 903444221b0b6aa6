import { AuthService } from '@backstage/backend-plugin-api';
import { Entity, stringifyEntityRef } from '@backstage/catalog-model';
import { AuthOwnershipResolver } from '@backstage/plugin-auth-node';
import { CatalogService } from '@backstage/plugin-catalog-node';
import { ownershipEntityRefsFor } from './ownershipEntityRefsFor';

/** What a group needs for the walk down the hierarchy, nothing more. */
const GROUP_FIELDS = [
  'kind',
  'metadata.name',
  'metadata.namespace',
  'spec.parent',
  'spec.children',
  'relations',
];

/**
 * Deeper than any real organisation; a guard against a catalog that keeps
 * producing new child groups while we walk.
 */
const MAX_LEVELS = 64;

/**
 * The auth backend's ownership resolver: a signed-in user's `ent` claims are
 * the user, the user's groups and every group below them
 * ({@link ownershipEntityRefsFor}), read from the catalog at sign-in and at
 * each token refresh.
 * @public
 */
export class CatalogOwnershipResolver implements AuthOwnershipResolver {
  constructor(
    private readonly deps: { catalog: CatalogService; auth: AuthService },
  ) {}

  async resolveOwnershipEntityRefs(
    entity: Entity,
  ): Promise<{ ownershipEntityRefs: string[] }> {
    const groups = await this.groupsBelow(entity);
    return { ownershipEntityRefs: ownershipEntityRefsFor(entity, groups) };
  }

  /**
   * The groups below the user's own groups, one catalog query per level of
   * the hierarchy (children by their `childOf` relation), so a sign-in reads
   * only the part of the organisation that concerns the user.
   */
  private async groupsBelow(user: Entity): Promise<Entity[]> {
    const credentials = await this.deps.auth.getOwnServiceCredentials();
    const userRef = stringifyEntityRef(user).toLocaleLowerCase('en-US');
    const seen = new Set<string>();
    let level = ownershipEntityRefsFor(user, [])
      .map(ref => ref.toLocaleLowerCase('en-US'))
      .filter(ref => ref !== userRef);
    level.forEach(ref => seen.add(ref));

    const groups: Entity[] = [];
    for (let depth = 0; depth < MAX_LEVELS && level.length > 0; depth++) {
      const { items } = await this.deps.catalog.getEntities(
        {
          filter: { kind: 'group', 'relations.childOf': level },
          fields: GROUP_FIELDS,
        },
        { credentials },
      );
      const next: string[] = [];
      for (const group of items) {
        const ref = stringifyEntityRef(group).toLocaleLowerCase('en-US');
        if (!seen.has(ref)) {
          seen.add(ref);
          groups.push(group);
          next.push(ref);
        }
      }
      level = next;
    }
    return groups;
  }
}
