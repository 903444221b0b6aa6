import type { Entity } from '@backstage/catalog-model';
import { ANNOTATION_ADR_LOCATION } from '@golden-path/plugin-golden-path-common';

/**
 * Where an entity's ADRs live (re-exported from
 * `@golden-path/plugin-golden-path-common` for apps that only install this
 * plugin).
 * @public
 */
export const ADR_LOCATION_ANNOTATION = ANNOTATION_ADR_LOCATION;

/**
 * True when the entity names a folder of ADRs, i.e. when the "Decisions"
 * tab has something to show.
 * @public
 */
export function isAdrAvailable(entity: Entity): boolean {
  return Boolean(entity.metadata.annotations?.[ADR_LOCATION_ANNOTATION]);
}
