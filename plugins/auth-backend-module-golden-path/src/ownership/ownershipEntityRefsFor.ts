import {
  Entity,
  parseEntityRef,
  RELATION_CHILD_OF,
  RELATION_HAS_MEMBER,
  RELATION_MEMBER_OF,
  RELATION_PARENT_OF,
  stringifyEntityRef,
} from '@backstage/catalog-model';

/** Entity refs in insertion order, without duplicates that differ only in case. */
class RefSet {
  private readonly byKey = new Map<string, string>();

  /** Adds the ref; true when it was not there yet. */
  add(ref: string): boolean {
    if (this.byKey.has(key(ref))) {
      return false;
    }
    this.byKey.set(key(ref), ref);
    return true;
  }

  addAll(refs: Iterable<string>) {
    for (const ref of refs) {
      this.add(ref);
    }
  }

  values(): string[] {
    return [...this.byKey.values()];
  }
}

/** Parent-child edges and memberships read from Group entities. */
class GroupGraph {
  private readonly children = new Map<string, RefSet>();
  private readonly membersOf = new Map<string, RefSet>();

  static of(groups: Iterable<Entity>): GroupGraph {
    const graph = new GroupGraph();
    for (const group of groups) {
      if (group.kind.toLocaleLowerCase('en-US') !== 'group') {
        continue;
      }
      const groupRef = stringifyEntityRef(group);
      const namespace = group.metadata.namespace;
      for (const child of [
        ...relationTargets(group, RELATION_PARENT_OF),
        ...specRefs(group.spec?.children, 'group', namespace),
      ]) {
        graph.addEdge(groupRef, child);
      }
      for (const parent of [
        ...relationTargets(group, RELATION_CHILD_OF),
        ...specRefs(group.spec?.parent, 'group', namespace),
      ]) {
        graph.addEdge(parent, groupRef);
      }
      for (const member of [
        ...relationTargets(group, RELATION_HAS_MEMBER),
        ...specRefs(group.spec?.members, 'user', namespace),
      ]) {
        graph.entry(graph.membersOf, member).add(groupRef);
      }
    }
    return graph;
  }

  /** The groups the entity is a direct member of. */
  groupsOfMember(member: Entity): string[] {
    const refs = new RefSet();
    refs.addAll(
      relationTargets(member, RELATION_MEMBER_OF).filter(ref =>
        ref.toLocaleLowerCase('en-US').startsWith('group:'),
      ),
    );
    refs.addAll(
      specRefs(member.spec?.memberOf, 'group', member.metadata.namespace),
    );
    refs.addAll(
      this.membersOf.get(key(stringifyEntityRef(member)))?.values() ?? [],
    );
    return refs.values();
  }

  childrenOf(groupRef: string): string[] {
    return this.children.get(key(groupRef))?.values() ?? [];
  }

  private addEdge(parent: string, child: string) {
    this.entry(this.children, parent).add(child);
  }

  private entry(map: Map<string, RefSet>, ref: string): RefSet {
    let set = map.get(key(ref));
    if (!set) {
      set = new RefSet();
      map.set(key(ref), set);
    }
    return set;
  }
}

/** Entity refs compare without case, as in the catalog. */
function key(ref: string): string {
  return ref.toLocaleLowerCase('en-US');
}

function relationTargets(entity: Entity, type: string): string[] {
  return (entity.relations ?? [])
    .filter(relation => relation.type === type)
    .map(relation => relation.targetRef);
}

/**
 * Refs written in an entity's spec (`team-checkout`, `group:ops/sre`), made
 * full with the entity's namespace; values that are no ref are skipped (the
 * catalog rejects such entities anyway).
 */
function specRefs(
  value: unknown,
  defaultKind: string,
  defaultNamespace: string | undefined,
): string[] {
  const values = Array.isArray(value) ? value : [value];
  return values.flatMap(item => {
    if (typeof item !== 'string' || item.trim() === '') {
      return [];
    }
    try {
      return [
        stringifyEntityRef(
          parseEntityRef(item, {
            defaultKind,
            defaultNamespace: defaultNamespace ?? 'default',
          }),
        ),
      ];
    } catch {
      return [];
    }
  });
}

/**
 * The ownership entity refs (the `ent` claim of a Backstage user token) of a
 * catalog user: the user, the groups the user is a member of, and every group
 * below those groups, however deep. A member of a parent group acts for its
 * sub-groups: a member of `group:default/engineering` owns what
 * `group:default/team-checkout`, its child, owns.
 *
 * Pure: `groups` are the Group entities to walk (all of the catalog's, or at
 * least those below the user's groups). Entities as the catalog returns them
 * (with `relations`) and as written in YAML (`spec.memberOf`, `spec.members`,
 * `spec.parent`, `spec.children`) both work. The user comes first, then the
 * user's own groups, then the groups below them level by level; no ref twice
 * (compared without case, as the catalog does).
 * @public
 */
export function ownershipEntityRefsFor(
  user: Entity,
  groups: Iterable<Entity>,
): string[] {
  const userRef = stringifyEntityRef(user);
  const graph = GroupGraph.of(groups);

  const refs = new RefSet();
  refs.add(userRef);
  let level = graph.groupsOfMember(user);
  refs.addAll(level);
  // Breadth first, so the claims list nearer groups first; the set stops cycles.
  while (level.length > 0) {
    const next: string[] = [];
    for (const group of level) {
      for (const child of graph.childrenOf(group)) {
        if (refs.add(child)) {
          next.push(child);
        }
      }
    }
    level = next;
  }
  return refs.values();
}
