import {
  Entity,
  parseEntityRef,
  stringifyEntityRef,
} from '@backstage/catalog-model';

/**
 * A relation field (spec.owner, spec.system, spec.domain, an item of
 * spec.providesApis) as a full lower-case entity ref, with the entity's
 * namespace as default; null when empty or not a ref.
 */
export function relationTargetRef(
  value: unknown,
  defaultKind: string,
  defaultNamespace: string,
): string | null {
  if (typeof value !== 'string' || value.trim() === '') return null;
  try {
    return stringifyEntityRef(
      parseEntityRef(value.trim(), { defaultKind, defaultNamespace }),
    ).toLowerCase();
  } catch {
    return null;
  }
}

/** The lower-case full ref of an entity. */
export function entityRefOf(entity: Entity): string {
  return stringifyEntityRef(entity).toLowerCase();
}
