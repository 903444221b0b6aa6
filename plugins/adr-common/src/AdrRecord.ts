import type { PagedRows } from '@golden-path/plugin-golden-path-common';
import type { AdrFormat, AdrStatus } from './ParsedAdr';

/**
 * A supersede link between two ADRs as the ADR backend resolved it.
 * `entityRef` + `path` name the other ADR when it is in the index; both are
 * null when the link points at a file the backend did not find.
 * @public
 */
export type AdrLink = {
  entityRef: string | null;
  path: string | null;
  number: number | null;
  title: string | null;
  /** The link target as written in the ADR (a relative path, a URL or text). */
  target: string;
};

/**
 * One ADR in the index, without its body (list rows).
 * @public
 */
export type AdrSummary = {
  /** The catalog entity whose `golden-path.io/adr-location` holds the ADR. */
  entityRef: string;
  /** The file's path relative to the ADR folder, `/`-separated. */
  path: string;
  number: number | null;
  slug: string;
  title: string | null;
  status: AdrStatus | null;
  statusRaw: string | null;
  /** ISO `YYYY-MM-DD` from the ADR, else null. */
  date: string | null;
  decisionMakers: string[];
  format: AdrFormat;
  /** The entity's `spec.owner` (a full entity ref) when the ADR was read. */
  owner: string | null;
  /** The entity's `spec.system` (a full entity ref) when the ADR was read. */
  system: string | null;
  /** ADRs this one supersedes, from either side of the link. */
  supersedes: AdrLink[];
  /** ADRs that supersede this one, from either side of the link. */
  supersededBy: AdrLink[];
  /** Proposed for longer than the configured number of days (default 30). */
  staleProposed: boolean;
  /** When the backend first saw this file (ISO timestamp). */
  firstSeenAt: string;
  /** What could not be read in this file, in plain sentences. */
  warnings: string[];
};

/**
 * One step of a supersede chain: the link plus what the chain view shows.
 * @public
 */
export type AdrChainStep = AdrLink & {
  status: AdrStatus | null;
  statusRaw: string | null;
  date: string | null;
};

/**
 * One ADR with everything the reader shows.
 * @public
 */
export type AdrRecord = AdrSummary & {
  /** The markdown without front matter; render it as untrusted text. */
  body: string;
  consulted: string[];
  informed: string[];
  /** Where the file lives (URL or `file:` path), for "view source". */
  sourceLocation: string;
  /**
   * The supersede chain this ADR belongs to, oldest first, this ADR included
   * (a single entry when it neither supersedes nor is superseded).
   */
  chain: AdrChainStep[];
};

/**
 * The columns `GET /api/adr/adrs` sorts by (`sort`): `date` (newest first
 * by default), `number`, `title`, `status`, `entity` (entity ref), `owner`
 * (owner ref). ADRs without the value come last in either order; ties are
 * broken by entity ref and path, so pages are stable.
 * @public
 */
export const ADR_LIST_SORTS = [
  'date',
  'number',
  'title',
  'status',
  'entity',
  'owner',
] as const;

/**
 * One of {@link ADR_LIST_SORTS}.
 * @public
 */
export type AdrListSort = (typeof ADR_LIST_SORTS)[number];

/**
 * Filters, order and page of `GET /api/adr/adrs`; every field is optional and
 * the filters combine with AND, values inside one list with OR.
 * @public
 */
export type AdrListQuery = {
  entity?: string[];
  /** `unknown` matches ADRs without a recognised status. */
  status?: Array<AdrStatus | 'unknown'>;
  owner?: string[];
  system?: string[];
  /** Substring of a decision maker's name, case-insensitive. */
  decisionMaker?: string;
  /** ISO date, inclusive. */
  from?: string;
  /** ISO date, inclusive. */
  to?: string;
  /** Words that must all appear in the title, body or people, case-insensitive. */
  q?: string;
  /** Only proposed ADRs older than the stale threshold. */
  stale?: boolean;
  /** 1-500, default 50. */
  limit?: number;
  /** 0-1,000,000, default 0. */
  offset?: number;
  /** The column to sort by; default `date`. */
  sort?: AdrListSort;
  /**
   * `asc` or `desc`; default `desc` for `date`, else `asc`. The older form
   * `order=date|number|title|status` (a column, in its default direction)
   * is still accepted when `sort` is not given.
   */
  order?: 'asc' | 'desc' | 'date' | 'number' | 'title' | 'status';
};
/**
 * Counts of ADRs by normalised status; `unknown` counts ADRs without one.
 * @public
 */
export type AdrStatusCounts = Record<AdrStatus | 'unknown', number>;

/**
 * The answer of `GET /api/adr/adrs`: one page of ADR rows (summaries, no
 * bodies: `GET /entities/:kind/:namespace/:name/adr` answers one ADR with
 * its body) with `totalItems`, `offset` and `limit` of the shared
 * `PagedRows`, and the counts the org page shows beside it.
 * @public
 */
export type AdrListResponse = PagedRows<AdrSummary> & {
  /** All ADRs matching the filters (not only this page); as `totalItems`. */
  totalCount: number;
  /** Counts by status for the filters without the status filter. */
  counts: AdrStatusCounts;
  /** Proposed ADRs older than the stale threshold, for the same filters. */
  staleProposedCount: number;
};

/**
 * One value of a facet and how many ADRs carry it.
 * @public
 */
export type AdrFacetValue = { value: string; count: number };

/**
 * The answer of `GET /api/adr/facets`: the values the list filters can take.
 * Owners, systems and entities are full entity refs, decision makers names.
 * @public
 */
export type AdrFacets = {
  owners: AdrFacetValue[];
  systems: AdrFacetValue[];
  entities: AdrFacetValue[];
  decisionMakers: AdrFacetValue[];
};

/**
 * What the backend knows about one entity's ADR folder.
 * @public
 */
export type AdrSourceStatus = {
  entityRef: string;
  /** The annotation as written. */
  annotation: string;
  /** The folder it resolved to (URL or `file:` path), null when it could not. */
  location: string | null;
  /** When the folder was last read (ISO timestamp), null before the first read. */
  lastReadAt: string | null;
  /** Why the folder could not be read at all, else null. */
  error: string | null;
  /** Per-file problems (skipped files, parse warnings), in plain sentences. */
  warnings: Array<{ path: string; message: string }>;
  adrCount: number;
};

/**
 * The answer of `GET /api/adr/entities/:kind/:namespace/:name/adrs`.
 * @public
 */
export type AdrEntityResponse = {
  source: AdrSourceStatus | null;
  items: AdrSummary[];
};

/**
 * The answer of `GET /api/adr/stats`.
 * @public
 */
export type AdrStats = {
  total: number;
  byStatus: AdrStatusCounts;
  staleProposed: number;
  entities: number;
  entitiesWithErrors: number;
  /** The stale threshold in days the backend uses. */
  staleProposedDays: number;
};
