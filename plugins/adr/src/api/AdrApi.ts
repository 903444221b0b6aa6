import { createApiRef } from '@backstage/core-plugin-api';
import type {
  AdrEntityResponse,
  AdrFacets,
  AdrListQuery,
  AdrListResponse,
  AdrRecord,
  AdrSourceStatus,
  AdrStats,
} from '@golden-path/plugin-adr-common';
import type { ADR_STATUS_FILTERS } from '@golden-path/plugin-adr-common';

/**
 * A status filter value: a normalised status, or `unknown` for ADRs whose
 * status could not be normalised (the backend accepts both).
 * @public
 */
export type AdrStatusFilter = (typeof ADR_STATUS_FILTERS)[number];

/**
 * The filters of the ADR list (the common package's `AdrListQuery`).
 * @public
 */
export type AdrListFilters = AdrListQuery;

/**
 * What the ADR frontend needs from the ADR backend.
 * @public
 */
export interface AdrApi {
  /** ADRs across the organisation, filtered and paged on the server. */
  listAdrs(filters: AdrListFilters): Promise<AdrListResponse>;
  /** The values the filters can take, with counts. */
  getFacets(): Promise<AdrFacets>;
  /** Organisation-wide counts and the stale threshold. */
  getStats(): Promise<AdrStats>;
  /** One entity's ADRs and the state of its ADR folder. */
  getEntityAdrs(entityRef: string): Promise<AdrEntityResponse>;
  /** One ADR with its body, people and supersede chain. */
  getAdr(entityRef: string, path: string): Promise<AdrRecord>;
  /** A file referenced by an ADR, path relative to the ADR folder. */
  getFile(entityRef: string, path: string): Promise<Blob>;
  /** Reads the entity's ADR folder now. */
  refresh(entityRef: string): Promise<AdrSourceStatus>;
}

/**
 * The ApiRef of the ADR client.
 * @public
 */
export const adrApiRef = createApiRef<AdrApi>({ id: 'plugin.adr.service' });
