import type { Entity } from '@backstage/catalog-model';
import { ANNOTATION_TEMPLATE } from '@golden-path/plugin-golden-path-common';

/**
 * True for entities the Golden path card is shown on: Components (those
 * without a template say so, without asking the backend).
 * @public
 */
export function isGoldenPathAvailable(entity: Entity): boolean {
  return entity.kind.toLocaleLowerCase('en-US') === 'component';
}

/**
 * True for entities created from a golden-path template: they carry the
 * `golden-path.io/template` annotation.
 * @public
 */
export function isFromGoldenPathTemplate(entity: Entity): boolean {
  return Boolean(entity.metadata.annotations?.[ANNOTATION_TEMPLATE]);
}
