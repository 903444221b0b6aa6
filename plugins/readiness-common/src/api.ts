import type {
  FacetCount,
  TierName,
} from '@golden-path/plugin-golden-path-common';
import type {
  CheckOutcome,
  FactDefinition,
  FactSnapshot,
  LevelOrNone,
  ReadinessCategory,
  ReadinessCheck,
  ReadinessLevel,
  ReadinessStatus,
} from './model';

// The REST contract of /api/readiness, shared by the backend and the
// frontend. Times are ISO strings.

/**
 * Counts per level, `none` included.
 * @public
 */
export type LevelCounts = Record<LevelOrNone, number>;

/**
 * `GET /v1/checks`: the checks in force, the facts they may read and the
 * level each tier requires.
 * @public
 */
export type ReadinessChecksResponse = {
  checks: ReadinessCheck[];
  facts: FactDefinition[];
  requiredLevels: Record<TierName, LevelOrNone>;
};

/**
 * An attestation (append-only: a newer one supersedes, nothing is edited).
 * @public
 */
export type Attestation = {
  id: string;
  entityRef: string;
  checkId: string;
  /** The user entity ref of the author. */
  author: string;
  comment: string;
  createdAt: string;
  expiresAt: string;
  /** expiresAt is in the past. */
  expired: boolean;
};

/**
 * `POST /v1/entities/:kind/:namespace/:name/attestations` body.
 * @public
 */
export type AttestationRequest = {
  checkId: string;
  /** Why the check holds (1 to 2000 characters). */
  comment: string;
  /** Default: now + the check's attestation.validDays; must be in the future and at most a year ahead. */
  expiresAt?: string;
};

/**
 * One check's result on the entity tab.
 * @public
 */
export type EntityCheckResult = {
  check: ReadinessCheck;
  outcome: CheckOutcome;
  message: string;
  /** The facts behind the result, with when each was collected. */
  facts: FactSnapshot[];
  /** The current (newest unexpired) attestation, for attestable checks. */
  attestation: Attestation | null;
};

/**
 * One evaluation of a service (or of the org, summed), for trend charts.
 * @public
 */
export type ReadinessHistoryPoint = {
  evaluatedAt: string;
  level: LevelOrNone;
  passed: number;
  applicable: number;
};

/**
 * What the org page and the entity tab both say of a service.
 * @public
 */
export type ReadinessServiceSummary = {
  entityRef: string;
  title: string | null;
  owner: string | null;
  system: string | null;
  tier: TierName | null;
  /**
   * The highest level all its checks pass (on an overview filtered by
   * category: all the checks of those categories).
   */
  level: LevelOrNone;
  requiredLevel: LevelOrNone;
  /** `status === 'meets'`: never true for a service without a tier. */
  meetsRequired: boolean;
  status: ReadinessStatus;
  /** Over the applicable checks (of the filtered categories, on a filtered overview). */
  passed: number;
  /** Checks that apply to its tier. */
  applicable: number;
  /** Applicable checks awaiting the first collection of their facts. */
  awaiting: number;
};

/**
 * `GET /v1/entities/:kind/:namespace/:name` (and the answer of its
 * `POST .../refresh`).
 * @public
 */
export type ReadinessEntityDetail = ReadinessServiceSummary & {
  checks: EntityCheckResult[];
  /** Oldest first, at most 90 days. */
  history: ReadinessHistoryPoint[];
  evaluatedAt: string | null;
};

/**
 * A failing check as the org page lists it.
 * @public
 */
export type FailingCheck = {
  id: string;
  title: string;
  category: ReadinessCategory;
  level: ReadinessLevel;
};

/**
 * One team (owner), system or domain, summed.
 * @public
 */
export type ReadinessGroupRow = {
  /** The owner, system or domain entity ref. */
  key: string;
  services: number;
  meetingRequired: number;
  /** Mean of passed/applicable over its services, 0..1. */
  score: number;
  levels: LevelCounts;
};

/**
 * The org's daily state, for the trend chart.
 * @public
 */
export type ReadinessTrendPoint = {
  /** YYYY-MM-DD (UTC); the last evaluation of that day per service. */
  date: string;
  services: number;
  meetingRequired: number;
  levels: LevelCounts;
};

/**
 * `GET /v1/overview` (filters, repeatable: `owner`, `system`, `tier`,
 * `category`): the aggregates of the org page over every service the
 * filters match (and the caller may read). The rows of the services table
 * come paged from `GET /v1/services`.
 * @public
 */
export type ReadinessOverview = {
  /** Services matching the filters (over every page of `GET /v1/services`). */
  totalServices: number;
  /** Services per level (of the filtered categories, when filtered). */
  levels: LevelCounts;
  meetingRequired: number;
  /** Services per status (of the filtered categories, when filtered). */
  statuses: Record<ReadinessStatus, number>;
  /** The leaderboard: teams by score, best first. */
  teams: ReadinessGroupRow[];
  /** Last 90 days, oldest first; over all categories whatever the filter. */
  trend: ReadinessTrendPoint[];
  /** Failing services per check, most failed first. */
  failingChecks: Array<FailingCheck & { services: number }>;
  /**
   * The choices of the owner and system filters: every service the caller
   * may read, whatever the filters, counted per owner and per system, most
   * common first.
   */
  choices: {
    owner: FacetCount[];
    system: FacetCount[];
  };
  evaluatedAt: string | null;
};

/**
 * How many failing checks a row of `GET /v1/services` lists (the rest is
 * counted in `failingCount`; the entity route has them all).
 * @public
 */
export const MAX_ROW_FAILING_CHECKS = 4;

/**
 * One row of the services table (`GET /v1/services`): what the table
 * shows, not every failing check (those come from
 * `GET /v1/entities/:kind/:namespace/:name` when a service is opened).
 * @public
 */
export type ReadinessServiceListRow = ReadinessServiceSummary & {
  domain: string | null;
  /** Failing checks (of the filtered categories, when filtered). */
  failingCount: number;
  /**
   * The first {@link MAX_ROW_FAILING_CHECKS} failing checks, in check
   * order.
   */
  failingChecks: FailingCheck[];
};

/**
 * The columns `GET /v1/services` sorts by (`sort`): `title` (the
 * service's title, else its name), `owner`, `tier` (critical first), `level`
 * (none first), `status` (below, awaiting, no tier, meets), `score`
 * (passed/applicable; services with no applicable check last in either
 * order), `failing` (number of failing checks).
 * @public
 */
export type ReadinessServiceSort =
  | 'title'
  | 'owner'
  | 'tier'
  | 'level'
  | 'status'
  | 'score'
  | 'failing';

/**
 * The sort columns of `GET /v1/services`, in the order of the table.
 * @public
 */
export const READINESS_SERVICE_SORTS: readonly ReadinessServiceSort[] = [
  'title',
  'owner',
  'tier',
  'level',
  'status',
  'score',
  'failing',
];

/**
 * `GET /v1/rollups?by=owner|system|domain` (same filters as the overview).
 * @public
 */
export type ReadinessRollup = {
  by: 'owner' | 'system' | 'domain';
  groups: ReadinessGroupRow[];
};
