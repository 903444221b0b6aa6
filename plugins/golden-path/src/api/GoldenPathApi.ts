import { createApiRef } from '@backstage/core-plugin-api';
import type { TierName } from '@golden-path/plugin-golden-path-common';
import type { DriftResponse, EntityDrift } from './types';

/**
 * The filters of the drift overview; each list is sent as a repeated query
 * parameter and an empty list means "all".
 * @public
 */
export type DriftFilters = {
  /** Owner group refs. */
  owner?: string[];
  /** System refs. */
  system?: string[];
  tier?: TierName[];
};

/**
 * What the golden-path frontend needs from the golden-path backend.
 * @public
 */
export interface GoldenPathApi {
  /** The templates with their versions and the services on each. */
  getDrift(filters?: DriftFilters): Promise<DriftResponse>;
  /**
   * One service against its template; null when the catalog has no such
   * entity (404).
   */
  getEntityDrift(entityRef: string): Promise<EntityDrift | null>;
  /** Asks the backend to compute the drift again (it answers at once). */
  refreshDrift(): Promise<void>;
}

/**
 * The ApiRef of the golden-path client.
 * @public
 */
export const goldenPathApiRef = createApiRef<GoldenPathApi>({
  id: 'plugin.golden-path.service',
});
