import { createApiRef } from '@backstage/core-plugin-api';
import type {
  SloEntityDetail,
  SloOverview,
  SloServicesPage,
  SloServicesQuery,
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
  /**
   * The page's aggregates for these filters: tier rows, how many services
   * match, the filter choices, firing alerts and tier violations.
   */
  getOverview(filters?: SloOverviewFilters): Promise<SloOverview>;
  /**
   * One page of the services table, filtered, searched and sorted on the
   * server (`GET /v1/services`).
   */
  getServices(query?: SloServicesQuery): Promise<SloServicesPage>;
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
