import { PermissionCriteria } from '@backstage/plugin-permission-common';
import {
  AdrFacets,
  AdrFormat,
  AdrLink,
  AdrListQuery,
  AdrSourceStatus,
  AdrStatus,
  AdrStatusCounts,
  AdrSummary,
} from '@golden-path/plugin-adr-common';
import { AdrPermissionQuery } from '../permissions/rules';

/** A row-level permission filter, already turned into column conditions. */
export type AdrPermissionFilter = PermissionCriteria<AdrPermissionQuery>;

/** One ADR as ingestion hands it to the store. */
export type AdrWrite = {
  path: string;
  number: number | null;
  slug: string;
  title: string | null;
  status: AdrStatus | null;
  statusRaw: string | null;
  date: string | null;
  decisionMakers: string[];
  consulted: string[];
  informed: string[];
  format: AdrFormat;
  supersedes: AdrLink[];
  supersededBy: AdrLink[];
  warnings: string[];
  body: string;
  sourceLocation: string;
};

/** What ingestion read of one entity's folder. */
export type AdrSourceWrite = {
  entityRef: string;
  annotation: string;
  location: string | null;
  owner: string | null;
  system: string | null;
  etag: string | null;
  warnings: Array<{ path: string; message: string }>;
};

/** The filters of a list request, values already validated and lower-cased. */
export type AdrListFilter = Omit<AdrListQuery, 'limit' | 'offset' | 'order'>;

/** Paging and order of a list request. */
export type AdrListPage = {
  limit: number;
  offset: number;
  order: 'date' | 'number' | 'title' | 'status';
};

/** A summary with the body, for the search collator. */
export type AdrSummaryWithBody = AdrSummary & { body?: string };

/** A page of ADRs with the counts the org page shows beside it. */
export type AdrListResult = {
  items: AdrSummaryWithBody[];
  totalCount: number;
  counts: AdrStatusCounts;
  staleProposedCount: number;
};

/** One ADR with everything stored about it. */
export type StoredAdr = AdrSummary & {
  body: string;
  consulted: string[];
  informed: string[];
  sourceLocation: string;
};

/** The supersede links of one ADR, for walking chains. */
export type AdrGraphNode = {
  path: string;
  number: number | null;
  title: string | null;
  status: AdrStatus | null;
  statusRaw: string | null;
  date: string | null;
  supersedes: AdrLink[];
  supersededBy: AdrLink[];
};

/** Counts for the stats route. */
export type AdrCounts = {
  total: number;
  byStatus: AdrStatusCounts;
  staleProposed: number;
  entities: number;
  entitiesWithErrors: number;
};

/** Names one ADR. */
export type AdrRecordKey = { entityRef: string; path: string };

/**
 * One ADR as the org view keeps it: the summary without `staleProposed`
 * (which depends on the day, so it is computed per request), plus what its
 * filters and sorts need.
 */
export type AdrIndexRecord = Omit<AdrSummary, 'staleProposed'> & {
  /** Lower-cased title (the `title` sort). */
  titleSort: string | null;
  /** date ?? first_seen_at (YYYY-MM-DD): what "stale" is measured from. */
  ageDate: string;
  /** Lower-cased decision makers, one per line (the `decisionMaker` filter). */
  peopleText: string;
};

/** One source as the org view keeps it (the stats count them). */
export type AdrIndexSource = {
  entityRef: string;
  owner: string | null;
  hasError: boolean;
};

/** A stored source with its ETag, which the REST API does not show. */
export type StoredSource = AdrSourceStatus & {
  etag: string | null;
  owner: string | null;
  system: string | null;
};

/**
 * Everything the ADR plugin keeps: the sources (one ADR folder per entity,
 * with the state of its last reading) and the parsed ADRs. The database
 * implementation is `DatabaseAdrStore`, one file of queries per area under
 * `operations/`.
 */
export interface AdrStore {
  // ---- sources: the folder state of each entity --------------------------

  getSource(entityRef: string): Promise<StoredSource | undefined>;

  listSourceRefs(): Promise<string[]>;

  /**
   * Replaces what is stored of one entity's folder, in one transaction:
   * new files are added, changed files updated (first_seen_at kept), files
   * gone deleted; unchanged rows are not written at all.
   */
  writeFolder(options: {
    source: AdrSourceWrite;
    adrs: AdrWrite[];
    now: Date;
  }): Promise<{ added: number; updated: number; removed: number }>;

  /**
   * Records that an entity's folder could not be read. The ADRs of the last
   * good read are kept, so a transient outage loses nothing.
   */
  writeSourceError(options: {
    source: Omit<AdrSourceWrite, 'etag' | 'warnings'>;
    error: string;
  }): Promise<void>;

  /** The folder did not change since the stored ETag. */
  markSourceNotModified(entityRef: string, now: Date): Promise<void>;

  /** Removes sources (and their ADRs) not in `keep`; answers the removed refs. */
  deleteSourcesExcept(keep: Iterable<string>): Promise<string[]>;

  // ---- records and their search columns ----------------------------------

  /** A page of ADRs matching the filters, with counts, in two queries. */
  list(options: {
    filter: AdrListFilter;
    page: AdrListPage;
    permission?: AdrPermissionFilter;
    staleCutoff: string;
    withBody?: boolean;
  }): Promise<AdrListResult>;

  /** Every ADR of one entity, ordered by number then path. */
  listEntity(options: {
    entityRef: string;
    permission?: AdrPermissionFilter;
    staleCutoff: string;
  }): Promise<AdrSummary[]>;

  /** One ADR with its body, or undefined (missing or filtered out). */
  get(options: {
    entityRef: string;
    path: string;
    permission?: AdrPermissionFilter;
    staleCutoff: string;
  }): Promise<StoredAdr | undefined>;

  /** The supersede links of every ADR of one entity. */
  getGraph(entityRef: string): Promise<AdrGraphNode[]>;

  // ---- the org view -------------------------------------------------------

  /**
   * Every ADR without body and search text, and every source's owner and
   * error state, ordered by entity and path (what AdrIndex is built from).
   */
  readIndex(): Promise<{
    records: AdrIndexRecord[];
    sources: AdrIndexSource[];
  }>;

  /** The ADRs whose title, body or people hold every word of `q`. */
  searchKeys(q: string): Promise<AdrRecordKey[]>;

  /** The bodies of the given ADRs, keyed `entityRef + '\n' + path`. */
  readBodies(keys: readonly AdrRecordKey[]): Promise<Map<string, string>>;

  // ---- aggregates (SQL; the routes answer them from AdrIndex) -------------

  facets(permission?: AdrPermissionFilter): Promise<AdrFacets>;

  counts(options: {
    permission?: AdrPermissionFilter;
    staleCutoff: string;
  }): Promise<AdrCounts>;
}

// ---- the tables, shared by the operations --------------------------------

/** One ADR folder per catalog entity with golden-path.io/adr-location. */
export const SOURCES_TABLE = 'adr_sources';
/** One parsed ADR file. */
export const RECORDS_TABLE = 'adr_records';

/** A row of adr_records (see migrations/ for what each column holds). */
export type AdrRecordRow = {
  entity_ref: string;
  path: string;
  number: number | null;
  slug: string;
  title: string | null;
  title_sort: string | null;
  status: string | null;
  status_raw: string | null;
  date: string | null;
  age_date: string;
  decision_makers: string;
  consulted: string;
  informed: string;
  format: string;
  owner: string | null;
  system: string | null;
  supersedes: string;
  superseded_by: string;
  warnings: string;
  body: string;
  source_location: string;
  search_text: string;
  people_text: string;
  first_seen_at: string;
  content_hash: string;
};

/** A row of adr_sources. */
export type AdrSourceRow = {
  entity_ref: string;
  annotation: string;
  location: string | null;
  owner: string | null;
  system: string | null;
  etag: string | null;
  last_read_at: string | null;
  error: string | null;
  warnings: string;
  adr_count: number;
};
