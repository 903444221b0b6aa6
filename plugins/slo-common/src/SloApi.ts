import {
  PagedRows,
  ServiceChoices,
  TierName,
} from '@golden-path/plugin-golden-path-common';
import { BurnDownPoint } from './budget/budgetBurnDown';
import {
  SloFiringAlert,
  SloStatus,
  SloSummary,
  TierViolation,
} from './SloSummary';

/**
 * The `sloRef` of an SLO: `<entity ref>#<slo name>`, e.g.
 * `component:default/orders#orders-availability`. It names the SLO in the
 * ingestion API and in every answer.
 * @public
 */
export function makeSloRef(entityRef: string, sloName: string): string {
  return `${entityRef.toLocaleLowerCase('en-US')}#${sloName}`;
}

/**
 * The entity ref and SLO name of an `sloRef`, or null when it is not one.
 * @public
 */
export function parseSloRef(
  sloRef: string,
): { entityRef: string; sloName: string } | null {
  const hash = sloRef.lastIndexOf('#');
  if (hash < 1 || hash === sloRef.length - 1) return null;
  const entityRef = sloRef.slice(0, hash);
  if (!/^[^:/#\s]+:[^:/#\s]+\/[^:/#\s]+$/.test(entityRef)) return null;
  return { entityRef, sloName: sloRef.slice(hash + 1) };
}

/**
 * A latency histogram for one minute, the other input of the ingestion API
 * (`{ histograms: [...] }`): cumulative Prometheus-style buckets ending in
 * `+Inf`. The backend turns it into good/total with the SLO's threshold.
 * @public
 */
export type SliHistogramPoint = {
  sloRef: string;
  timestamp: string;
  buckets: Array<{ le: number | '+Inf'; count: number }>;
};

/**
 * The body of `POST /api/slo/v1/sli`: either or both lists; at most 10,000
 * points in all.
 * @public
 */
export type SliIngestRequest = {
  points?: Array<{
    sloRef: string;
    timestamp: string;
    good: number;
    total: number;
  }>;
  histograms?: SliHistogramPoint[];
};

/**
 * The answer of `POST /api/slo/v1/sli`.
 * @public
 */
export type SliIngestResponse = {
  /** Points stored (a retried batch is stored again, not added). */
  accepted: number;
  /** The distinct SLOs the batch touched. */
  slos: number;
};

/**
 * One service (component) on the dashboard: its SLOs folded into one row.
 * @public
 */
export type SloServiceRow = {
  entityRef: string;
  title: string | null;
  owner: string | null;
  system: string | null;
  tier: TierName | null;
  /** The worst status of its SLOs. */
  status: SloStatus;
  /** The lowest remaining budget of its SLOs; null without data. */
  budgetRemaining: number | null;
  /**
   * The highest burn rate of its SLOs over the shortest alert window with
   * events (`burnRateWindow`); null without events in any window.
   */
  burnRate: number | null;
  /** The window of `burnRate`, e.g. `5m` or `1h`; null with it. */
  burnRateWindow: string | null;
  firingAlerts: number;
  tierViolations: number;
  sloCount: number;
};

/**
 * One tier's row on the dashboard.
 * @public
 */
export type SloTierRow = {
  tier: TierName;
  title: string;
  availabilityPercent: number;
  latencyP99Ms: number;
  errorRatePercent: number;
  services: number;
  /** Services whose every SLO is `ok` or `warning`. */
  meeting: number;
  breaching: number;
  noData: number;
  /**
   * Services whose SLOs could not be computed (e.g. an unusable OpenSLO
   * file); `meeting + breaching + noData + errors` is `services`.
   */
  errors: number;
  /** Quartiles of the services' remaining budget; null when none has data. */
  budgetRemaining: {
    min: number;
    p25: number;
    median: number;
    p75: number;
    max: number;
  } | null;
};

/**
 * The answer of `GET /api/slo/v1/overview` (filters `owner`, `system`,
 * `tier`, repeatable): the aggregates of the page over every filtered
 * service the caller may read: the tier rows, the alerts firing now, the
 * tier violations and how many services match. The services themselves
 * come a page at a time from `GET /api/slo/v1/services`.
 * @public
 */
export type SloOverview = {
  tiers: SloTierRow[];
  /** How many services match the filters (all pages of `/v1/services`). */
  totalServices: number;
  /**
   * The owner teams and systems of every service the caller may read,
   * whatever the filters, with their counts, most common first: the
   * choices of the page's filter pickers.
   */
  choices: ServiceChoices;
  firingAlerts: Array<
    SloFiringAlert & { sloRef: string; entityRef: string; sloName: string }
  >;
  tierViolations: Array<TierViolation & { entityRef: string }>;
  /** When the budgets were last computed (ISO). */
  computedAt: string | null;
};

/**
 * The columns `GET /api/slo/v1/services` sorts by (`sort`): the service's
 * title, its tier (critical first), its owner, its status (worst first:
 * error, breaching, warning, no-data, ok), its lowest remaining budget and
 * its burn rate. Rows without a value sort last in either order; ties by
 * entity ref.
 * @public
 */
export const SLO_SERVICE_SORT_KEYS = [
  'service',
  'tier',
  'owner',
  'status',
  'budget',
  'burnRate',
] as const;

/**
 * A column of {@link SLO_SERVICE_SORT_KEYS}.
 * @public
 */
export type SloServiceSortKey = (typeof SLO_SERVICE_SORT_KEYS)[number];

/**
 * The query of `GET /api/slo/v1/services`: the overview's filters, then
 * search text `q` (every word in the title, ref, owner or system), `sort`
 * (default `budget`), `order` (default `asc`), `offset` (default 0) and
 * `limit` (default 50, at most 500).
 * @public
 */
export type SloServicesQuery = {
  owner?: string[];
  system?: string[];
  tier?: TierName[];
  q?: string;
  sort?: SloServiceSortKey;
  order?: 'asc' | 'desc';
  offset?: number;
  limit?: number;
};

/**
 * The answer of `GET /api/slo/v1/services`: one page of the filtered
 * services the caller may read, with the total of all pages. Per-SLO
 * detail comes from `GET /api/slo/v1/entities/:kind/:namespace/:name`.
 * @public
 */
export type SloServicesPage = PagedRows<SloServiceRow>;

/**
 * The answer of `GET /api/slo/v1/entities/:kind/:namespace/:name`.
 * @public
 */
export type SloEntityDetail = {
  entityRef: string;
  tier: TierName | null;
  slos: SloSummary[];
  /** Per `sloRef`: remaining budget over the current window, hourly. */
  burnDown: Record<string, BurnDownPoint[]>;
  /** Problems with the entity's SLO definitions (e.g. its OpenSLO file). */
  errors: string[];
  computedAt: string | null;
};
