import type { Entity } from '@backstage/catalog-model';

/**
 * True for entities the Golden path card is shown on: Components (those
 * not created from a template say so).
 * @public
 */
export function isGoldenPathAvailable(entity: Entity): boolean {
  return entity.kind.toLocaleLowerCase('en-US') === 'component';
}
