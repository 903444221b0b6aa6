import type {
  BurnDownPoint,
  SloEntityDetail,
  SloOverview,
  SloServiceRow,
  SloServicesPage,
  SloServicesQuery,
  SloSummary,
  SloTierRow,
} from '@golden-path/plugin-slo-common';
import type { SloApi, SloOverviewFilters } from '../api/SloApi';
import { sortServices } from './sortServices';

/** A service row with defaults; tests override what they look at. */
export function serviceRow(
  overrides: Partial<SloServiceRow> = {},
): SloServiceRow {
  return {
    entityRef: 'component:default/orders',
    title: null,
    owner: 'group:default/team-orders',
    system: 'system:default/shop',
    tier: 'critical',
    status: 'ok',
    budgetRemaining: 0.8,
    burnRate: 0.5,
    burnRateWindow: '5m',
    firingAlerts: 0,
    tierViolations: 0,
    sloCount: 3,
    ...overrides,
  };
}

/** A tier row with the default tier table's objectives. */
export function tierRow(overrides: Partial<SloTierRow> = {}): SloTierRow {
  return {
    tier: 'critical',
    title: 'Critical',
    availabilityPercent: 99.99,
    latencyP99Ms: 100,
    errorRatePercent: 0.01,
    services: 2,
    meeting: 1,
    breaching: 1,
    noData: 0,
    errors: 0,
    budgetRemaining: {
      min: -0.2,
      p25: 0.1,
      median: 0.4,
      p75: 0.7,
      max: 0.9,
    },
    ...overrides,
  };
}

/** The three services of {@link overview}. */
export function services(): SloServiceRow[] {
  return [
    serviceRow({
      entityRef: 'component:default/orders',
      budgetRemaining: 0.9,
      burnRate: 0.2,
    }),
    serviceRow({
      entityRef: 'component:default/payments',
      owner: 'group:default/team-payments',
      system: 'system:default/money',
      status: 'breaching',
      budgetRemaining: -0.2,
      burnRate: 15.2,
      firingAlerts: 1,
      tierViolations: 1,
    }),
    serviceRow({
      entityRef: 'component:default/search',
      owner: 'group:default/team-search',
      tier: 'important',
      status: 'no-data',
      budgetRemaining: null,
      burnRate: null,
      burnRateWindow: null,
    }),
  ];
}

/**
 * A page of `rows` as `GET /v1/services` answers it: filtered, searched
 * (every word in the ref, title, owner or system), sorted and cut.
 */
export function servicesPage(
  rows: SloServiceRow[],
  query: SloServicesQuery = {},
): SloServicesPage {
  const { owner, system, tier, q = '' } = query;
  const words = q.toLocaleLowerCase().split(/\s+/).filter(Boolean);
  const matching = rows.filter(row => {
    const text = [row.entityRef, row.title, row.owner, row.system]
      .join(' ')
      .toLocaleLowerCase();
    return (
      (!owner?.length || owner.includes(row.owner ?? '')) &&
      (!system?.length || system.includes(row.system ?? '')) &&
      (!tier?.length || (row.tier !== null && tier.includes(row.tier))) &&
      words.every(word => text.includes(word))
    );
  });
  const offset = query.offset ?? 0;
  const limit = query.limit ?? 50;
  return {
    items: sortServices(
      matching,
      query.sort ?? 'budget',
      query.order ?? 'asc',
    ).slice(offset, offset + limit),
    totalItems: matching.length,
    offset,
    limit,
  };
}

/** An overview of three services over the four tiers. */
export function overview(overrides: Partial<SloOverview> = {}): SloOverview {
  return {
    tiers: [
      tierRow(),
      tierRow({
        tier: 'important',
        title: 'Important',
        availabilityPercent: 99.9,
        latencyP99Ms: 500,
        errorRatePercent: 0.1,
        services: 1,
        meeting: 0,
        breaching: 0,
        noData: 1,
        errors: 0,
        budgetRemaining: null,
      }),
      tierRow({
        tier: 'standard',
        title: 'Standard',
        availabilityPercent: 99.5,
        latencyP99Ms: 1000,
        errorRatePercent: 1,
        services: 0,
        meeting: 0,
        breaching: 0,
        noData: 0,
        errors: 0,
        budgetRemaining: null,
      }),
      tierRow({
        tier: 'best-effort',
        title: 'Best effort',
        availabilityPercent: 99,
        latencyP99Ms: 5000,
        errorRatePercent: 5,
        services: 0,
        meeting: 0,
        breaching: 0,
        noData: 0,
        errors: 0,
        budgetRemaining: null,
      }),
    ],
    totalServices: 3,
    choices: {
      owner: [
        { value: 'group:default/team-orders', count: 1 },
        { value: 'group:default/team-payments', count: 1 },
        { value: 'group:default/team-search', count: 1 },
      ],
      system: [
        { value: 'system:default/shop', count: 2 },
        { value: 'system:default/money', count: 1 },
      ],
    },
    firingAlerts: [
      {
        sloRef: 'component:default/payments#payments-availability',
        entityRef: 'component:default/payments',
        sloName: 'payments-availability',
        name: 'page-fast',
        severity: 'page',
        threshold: 14.4,
        longWindow: '1h',
        shortWindow: '5m',
        longBurnRate: 15.2,
        shortBurnRate: 16,
      },
    ],
    tierViolations: [
      {
        entityRef: 'component:default/payments',
        sloName: 'payments-latency',
        objective: 'latency',
        field: 'thresholdMs',
        tierValue: 100,
        sloValue: 250,
        message:
          "payments-latency: the latency threshold 250 ms is looser than the Critical tier's 100 ms; an OpenSLO file may only tighten the tier",
      },
    ],
    computedAt: '2026-03-30T12:00:00.000Z',
    ...overrides,
  };
}

/** An evaluated SLO with defaults. */
export function sloSummary(overrides: Partial<SloSummary> = {}): SloSummary {
  const name = overrides.name ?? 'orders-availability';
  return {
    ref: `component:default/orders#${name}`,
    entityRef: 'component:default/orders',
    name,
    objective: 'availability',
    source: 'tier',
    tier: 'important',
    target: 0.999,
    thresholdMs: null,
    window: {
      duration: '30d',
      isRolling: true,
      start: '2026-03-01T00:00:00.000Z',
      end: '2026-03-31T00:00:00.000Z',
    },
    budgetingMethod: 'Occurrences',
    attainment: 0.9995,
    budgetRemaining: 0.5,
    burnRates: [
      { window: '5m', burnRate: 0.4 },
      { window: '1h', burnRate: 2.345 },
      { window: '3d', burnRate: 0.9 },
    ],
    firingAlerts: [],
    tierViolations: [],
    status: 'ok',
    error: null,
    ...overrides,
  };
}

/** Hourly burn-down points from the window start, one per value. */
export function burnDown(values: Array<number | null>): BurnDownPoint[] {
  const start = Date.parse('2026-03-01T00:00:00.000Z');
  return values.map((remainingFraction, i) => ({
    time: new Date(start + i * 3_600_000).toISOString(),
    good: 1000 * (i + 1) - 1,
    total: 1000 * (i + 1),
    consumedBad: 1,
    allowedBad: i + 1,
    remainingFraction,
  }));
}

/** The detail of component:default/orders. */
export function entityDetail(
  overrides: Partial<SloEntityDetail> = {},
): SloEntityDetail {
  const availability = sloSummary();
  return {
    entityRef: 'component:default/orders',
    tier: 'important',
    slos: [availability],
    burnDown: { [availability.ref]: burnDown([1, 0.9, null, 0.7, 0.5]) },
    errors: [],
    computedAt: '2026-03-30T12:00:00.000Z',
    ...overrides,
  };
}

/**
 * An SloApi whose methods are jest mocks with in-memory answers; override a
 * method with `mockResolvedValue`/`mockRejectedValue` where a test needs to.
 */
export function createFakeSloApi(
  options: {
    overview?: SloOverview;
    /** The services `getServices` pages through (default {@link services}). */
    services?: SloServiceRow[];
    detail?: SloEntityDetail | null;
  } = {},
): jest.Mocked<SloApi> {
  return {
    getOverview: jest.fn(
      async (_filters?: SloOverviewFilters) => options.overview ?? overview(),
    ),
    getServices: jest.fn(async (query?: SloServicesQuery) =>
      servicesPage(options.services ?? services(), query),
    ),
    getEntityDetail: jest.fn(async (_entityRef: string) =>
      options.detail === undefined ? entityDetail() : options.detail,
    ),
    refresh: jest.fn(async () => undefined),
  };
}
