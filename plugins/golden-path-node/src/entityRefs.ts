import {
  CompoundEntityRef,
  Entity,
  parseEntityRef,
  stringifyEntityRef,
} from '@backstage/catalog-model';

/**
 * A relation value (`spec.owner`, `spec.system`, an item of
 * `spec.providesApis`) as a full lower-case entity ref: `team-a` becomes
 * `group:default/team-a` with `defaultKind` `group`. Surrounding whitespace
 * is trimmed (YAML keeps it in quoted values); null when the value is not a
 * string, is blank or is not a ref.
 * @public
 */
export function normalizeEntityRef(
  value: unknown,
  defaultKind: string,
  defaultNamespace: string = 'default',
): string | null {
  if (typeof value !== 'string') return null;
  const trimmed = value.trim();
  if (trimmed === '') return null;
  try {
    return stringifyEntityRef(
      parseEntityRef(trimmed, { defaultKind, defaultNamespace }),
    ).toLowerCase();
  } catch {
    return null;
  }
}

/**
 * The key the Golden Path plugins store and compare an entity under: its
 * full ref, lower-cased (`component:default/orders`), since the catalog
 * treats refs case-insensitively.
 * @public
 */
export function entityRefKey(entity: Entity | CompoundEntityRef): string {
  return stringifyEntityRef(entity).toLowerCase();
}
