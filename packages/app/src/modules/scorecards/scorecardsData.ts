import type { DiscoveryApi, FetchApi } from '@backstage/frontend-plugin-api';
import { ResponseError } from '@backstage/errors';
import type {
  AdrListResponse,
  AdrStats,
  AdrSummary,
} from '@golden-path/plugin-adr-common';
import type { CatalogApi } from '@backstage/plugin-catalog-react';
import {
  ANNOTATION_TIER,
  DEFAULT_TIER_TABLE,
  isTierName,
  MAX_PAGE_LIMIT,
  PagedRows,
  TIER_NAMES,
  TierName,
} from '@golden-path/plugin-golden-path-common';
import type {
  FailingCheck,
  LevelOrNone,
  ReadinessOverview,
  ReadinessServiceListRow,
  ReadinessStatus,
} from '@golden-path/plugin-readiness-common';
import type {
  SloOverview,
  SloServiceRow,
} from '@golden-path/plugin-slo-common';

/**
 * What the home page and the team section read from the three scorecard
 * backends (readiness, SLO, ADR), each answer on its own: one backend that
 * fails does not hide what the others say.
 */
export type Loaded<T> = { value: T } | { error: Error };

/**
 * Fetches a JSON answer of a plugin's REST API through the app's fetchApi.
 * Errors carry the server's own message (or what went wrong) in plain words,
 * not "Request failed with 500".
 */
export async function getJson<T>(
  apis: { discoveryApi: DiscoveryApi; fetchApi: FetchApi },
  pluginId: string,
  path: string,
): Promise<T> {
  const baseUrl = await apis.discoveryApi.getBaseUrl(pluginId);
  let response: Response;
  try {
    response = await apis.fetchApi.fetch(`${baseUrl}${path}`);
  } catch {
    throw new Error('the portal backend could not be reached');
  }
  if (!response.ok) {
    const error = await ResponseError.fromResponse(response);
    const reason = error.body?.error?.message;
    throw new Error(
      reason && !reason.startsWith('Request failed')
        ? `${reason} (status ${error.statusCode})`
        : `the server answered with status ${error.statusCode}`,
    );
  }
  return (await response.json()) as T;
}

/** Stops a backend that never ends its pages (at 500 a page: 1 M rows). */
const MAX_PAGES = 2000;

/**
 * Every row of a paged route (`PagedRows`), 500 at a time, following
 * `totalItems` (one request for a team of up to 500 services) and stopping
 * on an empty page. `path` has its query already (e.g. `?owner=`).
 */
async function getAllRows<T>(
  apis: { discoveryApi: DiscoveryApi; fetchApi: FetchApi },
  pluginId: string,
  path: string,
): Promise<{ items: T[]; totalItems: number }> {
  const items: T[] = [];
  let totalItems = 0;
  const separator = path.includes('?') ? '&' : '?';
  for (let page = 0; page < MAX_PAGES; page++) {
    const answer = await getJson<PagedRows<T>>(
      apis,
      pluginId,
      `${path}${separator}limit=${MAX_PAGE_LIMIT}&offset=${items.length}`,
    );
    totalItems = answer.totalItems;
    items.push(...answer.items);
    if (answer.items.length === 0 || items.length >= totalItems) break;
  }
  return { items, totalItems };
}

async function settle<T>(promise: Promise<T>): Promise<Loaded<T>> {
  try {
    return { value: await promise };
  } catch (error) {
    return {
      error: error instanceof Error ? error : new Error(String(error)),
    };
  }
}

/** The organisation's picture on the home page. */
export type OrgPicture = {
  /** Services per tier, strictest first, then those without a tier. */
  tiers: Loaded<{
    rows: { tier: TierName; title: string; services: number }[];
    noTier: number;
    total: number;
  }>;
  readiness: Loaded<{ services: number; meeting: number }>;
  slo: Loaded<{
    services: number;
    /** Services with a multi-window burn-rate alert firing. */
    burning: number;
    /** Services with an SLO whose budget is spent. */
    breaching: number;
  }>;
  adr: Loaded<{ proposed: number; staleProposed: number; total: number }>;
};

const TIER_FACET = `metadata.annotations.${ANNOTATION_TIER}`;

/** Components per tier, from the catalog (every component, evaluated or not). */
async function componentsPerTier(catalogApi: CatalogApi) {
  const [tiers, kinds] = await Promise.all([
    catalogApi.getEntityFacets({
      filter: { kind: 'component' },
      facets: [TIER_FACET],
    }),
    catalogApi.getEntityFacets({
      filter: { kind: 'component' },
      facets: ['kind'],
    }),
  ]);
  const total = kinds.facets.kind.reduce((sum, f) => sum + f.count, 0);
  const counts = new Map<TierName, number>();
  for (const { value, count } of tiers.facets[TIER_FACET] ?? []) {
    if (isTierName(value)) counts.set(value, count);
  }
  const withTier = [...counts.values()].reduce((sum, n) => sum + n, 0);
  return { counts, total, noTier: total - withTier };
}

/** Reads the organisation's picture from the catalog and the overview APIs. */
export async function loadOrgPicture(apis: {
  discoveryApi: DiscoveryApi;
  fetchApi: FetchApi;
  catalogApi: CatalogApi;
}): Promise<OrgPicture> {
  const slo = getJson<SloOverview>(apis, 'slo', '/v1/overview');
  const [tiers, sloSummary, readiness, adr] = await Promise.all([
    settle(
      componentsPerTier(apis.catalogApi).then(
        async ({ counts, total, noTier }) => {
          // Tier titles as configured (goldenPath.tiers), when the SLO
          // backend can say; the defaults otherwise.
          const titles = new Map(
            ((await slo.catch(() => undefined))?.tiers ?? []).map(row => [
              row.tier,
              row.title,
            ]),
          );
          return {
            rows: TIER_NAMES.map(tier => ({
              tier,
              title: titles.get(tier) ?? DEFAULT_TIER_TABLE[tier].title,
              services: counts.get(tier) ?? 0,
            })),
            noTier,
            total,
          };
        },
      ),
    ),
    settle(
      slo.then(overview => ({
        services: overview.totalServices,
        burning: new Set(overview.firingAlerts.map(a => a.entityRef)).size,
        breaching: overview.tiers.reduce((sum, t) => sum + t.breaching, 0),
      })),
    ),
    settle(
      getJson<ReadinessOverview>(apis, 'readiness', '/v1/overview').then(
        overview => ({
          services: overview.totalServices,
          meeting: overview.meetingRequired,
        }),
      ),
    ),
    settle(
      getJson<AdrStats>(apis, 'adr', '/stats').then(stats => ({
        proposed: stats.byStatus.proposed,
        staleProposed: stats.staleProposed,
        total: stats.total,
      })),
    ),
  ]);
  return { tiers, readiness, slo: sloSummary, adr };
}

/** One service of a team, as the team section lists it. */
export type TeamService = {
  entityRef: string;
  title: string;
  tier: TierName | null;
  readiness: {
    level: LevelOrNone;
    requiredLevel: LevelOrNone;
    meetsRequired: boolean;
    status: ReadinessStatus;
    /** Applicable checks awaiting the first collection of their facts. */
    awaiting: number;
    /** Every failing check (`failingChecks` holds only the first few). */
    failingCount: number;
    failingChecks: FailingCheck[];
  } | null;
  slo: {
    status: string;
    budgetRemaining: number | null;
    firingAlerts: number;
  } | null;
};

/** A team's scorecard: its services' readiness and SLOs, and its ADRs. */
export type TeamScorecard = {
  services: TeamService[];
  readiness: Loaded<{ services: number; meeting: number; failing: number }>;
  slo: Loaded<{ services: number; burning: number; breaching: number }>;
  adr: Loaded<{ total: number; proposed: AdrSummary[]; proposedCount: number }>;
};

/** The name part of an entity ref, for a service without a title. */
function nameOf(entityRef: string): string {
  return entityRef.slice(entityRef.indexOf('/') + 1);
}

/**
 * Reads a team's scorecard: its services' readiness and SLO rows (the paged
 * `/v1/services?owner=` routes), the readiness overview's count of services
 * meeting their tier, its ADRs.
 */
export async function loadTeamScorecard(
  apis: { discoveryApi: DiscoveryApi; fetchApi: FetchApi },
  groupRef: string,
): Promise<TeamScorecard> {
  const owner = encodeURIComponent(groupRef);
  const [readinessOverview, readinessRows, slo, adrs, proposed] =
    await Promise.all([
      settle(
        getJson<ReadinessOverview>(
          apis,
          'readiness',
          `/v1/overview?owner=${owner}`,
        ),
      ),
      settle(
        getAllRows<ReadinessServiceListRow>(
          apis,
          'readiness',
          `/v1/services?owner=${owner}`,
        ),
      ),
      settle(
        getAllRows<SloServiceRow>(apis, 'slo', `/v1/services?owner=${owner}`),
      ),
      settle(
        getJson<AdrListResponse>(apis, 'adr', `/adrs?owner=${owner}&limit=1`),
      ),
      settle(
        getJson<AdrListResponse>(
          apis,
          'adr',
          `/adrs?owner=${owner}&status=proposed&limit=5`,
        ),
      ),
    ]);

  const services = new Map<string, TeamService>();
  const serviceOf = (
    entityRef: string,
    title: string | null,
    tier: TierName | null,
  ) => {
    const existing = services.get(entityRef);
    if (existing) return existing;
    const created: TeamService = {
      entityRef,
      title: title ?? nameOf(entityRef),
      tier,
      readiness: null,
      slo: null,
    };
    services.set(entityRef, created);
    return created;
  };
  if ('value' in readinessRows) {
    for (const row of readinessRows.value.items) {
      serviceOf(row.entityRef, row.title, row.tier).readiness = {
        level: row.level,
        requiredLevel: row.requiredLevel,
        meetsRequired: row.meetsRequired,
        status: row.status,
        awaiting: row.awaiting,
        failingCount: row.failingCount,
        failingChecks: row.failingChecks,
      };
    }
  }
  if ('value' in slo) {
    for (const row of slo.value.items) {
      serviceOf(row.entityRef, row.title, row.tier).slo = {
        status: row.status,
        budgetRemaining: row.budgetRemaining,
        firingAlerts: row.firingAlerts,
      };
    }
  }

  let adr: TeamScorecard['adr'];
  if ('error' in adrs) adr = adrs;
  else if ('error' in proposed) adr = proposed;
  else {
    adr = {
      value: {
        total: adrs.value.totalCount,
        proposedCount: adrs.value.counts.proposed,
        proposed: proposed.value.items,
      },
    };
  }

  let readiness: TeamScorecard['readiness'];
  if ('error' in readinessRows) readiness = readinessRows;
  else if ('error' in readinessOverview) readiness = readinessOverview;
  else {
    readiness = {
      value: {
        services: readinessRows.value.totalItems,
        meeting: readinessOverview.value.meetingRequired,
        failing: readinessRows.value.items.filter(s => s.failingCount > 0)
          .length,
      },
    };
  }

  return {
    services: [...services.values()].sort((a, b) =>
      a.title.localeCompare(b.title, 'en'),
    ),
    readiness,
    slo:
      'error' in slo
        ? slo
        : {
            value: {
              services: slo.value.totalItems,
              burning: slo.value.items.filter(s => s.firingAlerts > 0).length,
              breaching: slo.value.items.filter(s => s.status === 'breaching')
                .length,
            },
          },
    adr,
  };
}
