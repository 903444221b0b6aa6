import { createApiRef } from '@backstage/core-plugin-api';
import type {
  SloEntityDetail,
  SloOverview,
} from '@golden-path/plugin-slo-common';
import type { TierName } from '@golden-path/plugin-golden-path-common';

/**
 * The filters of the SLO overview; each list is sent as a repeated query
 * parameter and an empty list means "all".
 * @public
 */
export type SloOverviewFilters = {
  owner?: string[];
  system?: string[];
  tier?: TierName[];
};

/**
 * What the SLO frontend needs from the SLO backend.
 * @public
 */
export interface SloApi {
  /** The tier rows, services, firing alerts and tier violations. */
  getOverview(filters?: SloOverviewFilters): Promise<SloOverview>;
  /**
   * One entity's SLOs and burn-down series (no SLOs and `computedAt` null
   * for an entity whose SLOs are not computed yet); null when the catalog
   * has no such entity (404).
   */
  getEntityDetail(entityRef: string): Promise<SloEntityDetail | null>;
  /** Asks the backend to recompute budgets and alerts now. */
  refresh(): Promise<void>;
}

/**
 * The ApiRef of the SLO client.
 * @public
 */
export const sloApiRef = createApiRef<SloApi>({ id: 'plugin.slo.service' });
