import type { Entity } from '@backstage/catalog-model';
import {
  ANNOTATION_SLO,
  ANNOTATION_TIER,
} from '@golden-path/plugin-golden-path-common';

/**
 * True when the entity has SLOs to show: a tier (which implies
 * availability, latency and error-rate SLOs) or an OpenSLO file.
 * @public
 */
export function isSloAvailable(entity: Entity): boolean {
  const annotations = entity.metadata.annotations ?? {};
  return Boolean(annotations[ANNOTATION_TIER] || annotations[ANNOTATION_SLO]);
}
