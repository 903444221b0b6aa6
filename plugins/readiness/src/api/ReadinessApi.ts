import { createApiRef } from '@backstage/core-plugin-api';
import type {
  PagedRows,
  TierName,
} from '@golden-path/plugin-golden-path-common';
import type {
  Attestation,
  AttestationRequest,
  ReadinessCategory,
  ReadinessChecksResponse,
  ReadinessEntityDetail,
  ReadinessHistoryPoint,
  ReadinessOverview,
  ReadinessRollup,
  ReadinessServiceListRow,
  ReadinessServiceSort,
} from '@golden-path/plugin-readiness-common';

/**
 * The filters of the readiness overview and rollups; each list is sent as a
 * repeated query parameter and an empty list means "all".
 * @public
 */
export type ReadinessOverviewFilters = {
  owner?: string[];
  system?: string[];
  tier?: TierName[];
  category?: ReadinessCategory[];
};

/**
 * One page of the services table: the overview's filters, the page
 * (`offset`, `limit`), the column and direction, and search words (`q`).
 * @public
 */
export type ReadinessServicesQuery = ReadinessOverviewFilters & {
  offset?: number;
  limit?: number;
  sort?: ReadinessServiceSort;
  order?: 'asc' | 'desc';
  q?: string;
};

/**
 * What the readiness frontend needs from the readiness backend.
 * @public
 */
export interface ReadinessApi {
  /** The checks in force, the facts they read and each tier's required level. */
  getChecks(): Promise<ReadinessChecksResponse>;
  /** Level counts, team leaderboard, trend, most failed checks and filter choices. */
  getOverview(filters?: ReadinessOverviewFilters): Promise<ReadinessOverview>;
  /** One page of the services, filtered, searched and sorted on the server. */
  getServices(
    query?: ReadinessServicesQuery,
  ): Promise<PagedRows<ReadinessServiceListRow>>;
  /** The services summed by owner, system or domain. */
  getRollup(
    by: ReadinessRollup['by'],
    filters?: ReadinessOverviewFilters,
  ): Promise<ReadinessRollup>;
  /**
   * One entity's checks with the facts behind them; null when the backend
   * has not evaluated it (404).
   */
  getEntityDetail(entityRef: string): Promise<ReadinessEntityDetail | null>;
  /** The entity's evaluations of the last `days` days (default 90), oldest first. */
  getHistory(
    entityRef: string,
    options?: { days?: number },
  ): Promise<ReadinessHistoryPoint[]>;
  /** Collects the entity's facts and evaluates its checks now. */
  refreshEntity(entityRef: string): Promise<ReadinessEntityDetail>;
  /** Every attestation of the entity (the audit trail), newest first. */
  getAttestations(entityRef: string): Promise<Attestation[]>;
  /** Attests a check of the entity. */
  createAttestation(
    entityRef: string,
    request: AttestationRequest,
  ): Promise<Attestation>;
}

/**
 * The ApiRef of the readiness client.
 * @public
 */
export const readinessApiRef = createApiRef<ReadinessApi>({
  id: 'plugin.readiness.service',
});
