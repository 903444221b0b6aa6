import type { Entity } from '@backstage/catalog-model';

/**
 * True for entities the readiness backend evaluates: Components (of any
 * type; the checks a tier requires decide what applies).
 * @public
 */
export function isReadinessAvailable(entity: Entity): boolean {
  return entity.kind.toLocaleLowerCase('en-US') === 'component';
}
