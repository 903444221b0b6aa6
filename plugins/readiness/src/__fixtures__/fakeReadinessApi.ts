import type {
  Attestation,
  EntityCheckResult,
  ReadinessCheck,
  ReadinessChecksResponse,
  ReadinessEntityDetail,
  ReadinessGroupRow,
  ReadinessOverview,
  ReadinessRollup,
  ReadinessServiceListRow,
  ReadinessTrendPoint,
} from '@golden-path/plugin-readiness-common';
import {
  compareLevels,
  MAX_ROW_FAILING_CHECKS,
} from '@golden-path/plugin-readiness-common';
import type { PagedRows } from '@golden-path/plugin-golden-path-common';
import type {
  ReadinessApi,
  ReadinessOverviewFilters,
  ReadinessServicesQuery,
} from '../api/ReadinessApi';

/**
 * A service row with defaults; tests override what they look at
 * (`failingChecks` lists every failing check: the row keeps the first
 * four and counts them all, as the backend does).
 */
export function serviceRow(
  overrides: Partial<ReadinessServiceListRow> = {},
): ReadinessServiceListRow {
  const row: ReadinessServiceListRow = {
    entityRef: 'component:default/orders',
    title: null,
    owner: 'group:default/team-orders',
    system: 'system:default/shop',
    domain: 'domain:default/commerce',
    tier: 'important',
    level: 'silver',
    requiredLevel: 'silver',
    meetsRequired: true,
    status: 'meets',
    passed: 8,
    applicable: 10,
    awaiting: 0,
    failingChecks: [],
    failingCount: 0,
    ...overrides,
  };
  return {
    ...row,
    failingCount: overrides.failingCount ?? row.failingChecks.length,
    failingChecks: row.failingChecks.slice(0, MAX_ROW_FAILING_CHECKS),
  };
}

/** A team row of the leaderboard. */
export function groupRow(
  overrides: Partial<ReadinessGroupRow> = {},
): ReadinessGroupRow {
  return {
    key: 'group:default/team-orders',
    services: 1,
    meetingRequired: 1,
    score: 0.8,
    levels: { none: 0, bronze: 0, silver: 1, gold: 0 },
    ...overrides,
  };
}

/** One day of the org trend. */
export function trendPoint(
  date: string,
  meetingRequired: number,
  levels: ReadinessTrendPoint['levels'],
): ReadinessTrendPoint {
  return {
    date,
    services: levels.none + levels.bronze + levels.silver + levels.gold,
    meetingRequired,
    levels,
  };
}

/**
 * Three services: orders (silver, meets), payments (none, needs gold, two
 * failing checks) and search (bronze, no tier set: not meeting).
 */
export function serviceRows(): ReadinessServiceListRow[] {
  return [
    serviceRow(),
    serviceRow({
      entityRef: 'component:default/payments',
      title: 'Payment service',
      owner: 'group:default/team-payments',
      system: 'system:default/money',
      tier: 'critical',
      level: 'none',
      requiredLevel: 'gold',
      meetsRequired: false,
      status: 'below',
      passed: 3,
      applicable: 12,
      failingChecks: [
        {
          id: 'runbook-linked',
          title: 'Runbook linked',
          category: 'operations',
          level: 'bronze',
        },
        {
          id: 'failover-drill',
          title: 'Failover drill done',
          category: 'resilience',
          level: 'gold',
        },
      ],
    }),
    serviceRow({
      entityRef: 'component:default/search',
      owner: 'group:default/team-search',
      system: null,
      tier: null,
      level: 'bronze',
      requiredLevel: 'none',
      meetsRequired: false,
      status: 'no-tier',
      passed: 4,
      applicable: 4,
    }),
  ];
}

/** The overview of {@link serviceRows}. */
export function overview(
  overrides: Partial<ReadinessOverview> = {},
): ReadinessOverview {
  return {
    totalServices: 3,
    levels: { none: 1, bronze: 1, silver: 1, gold: 0 },
    meetingRequired: 1,
    statuses: { meets: 1, below: 1, awaiting: 0, 'no-tier': 1 },
    teams: [
      groupRow({ key: 'group:default/team-search', score: 1 }),
      groupRow(),
      groupRow({
        key: 'group:default/team-payments',
        meetingRequired: 0,
        score: 0.25,
        levels: { none: 1, bronze: 0, silver: 0, gold: 0 },
      }),
    ],
    trend: [
      trendPoint('2026-03-28', 1, { none: 2, bronze: 1, silver: 0, gold: 0 }),
      trendPoint('2026-03-29', 2, { none: 1, bronze: 2, silver: 0, gold: 0 }),
      trendPoint('2026-03-30', 2, { none: 1, bronze: 1, silver: 1, gold: 0 }),
    ],
    failingChecks: [
      {
        id: 'failover-drill',
        title: 'Failover drill done',
        category: 'resilience',
        level: 'gold',
        services: 2,
      },
      {
        id: 'runbook-linked',
        title: 'Runbook linked',
        category: 'operations',
        level: 'bronze',
        services: 1,
      },
    ],
    choices: {
      owner: [
        { value: 'group:default/team-orders', count: 1 },
        { value: 'group:default/team-payments', count: 1 },
        { value: 'group:default/team-search', count: 1 },
      ],
      system: [
        { value: 'system:default/money', count: 1 },
        { value: 'system:default/shop', count: 1 },
      ],
    },
    evaluatedAt: '2026-03-30T12:00:00.000Z',
    ...overrides,
  };
}

const scoreOf = (row: ReadinessServiceListRow) =>
  row.applicable > 0 ? row.passed / row.applicable : null;

/**
 * What `GET /v1/services` answers over `rows`, in memory: filters,
 * search, the sorts the tests use (score, level, title), the page.
 */
export function pageOfServices(
  rows: ReadonlyArray<ReadinessServiceListRow>,
  query: ReadinessServicesQuery = {},
): PagedRows<ReadinessServiceListRow> {
  const { offset = 0, limit = 50, sort = 'score', order = 'asc' } = query;
  const words = (query.q ?? '').toLowerCase().split(/\s+/).filter(Boolean);
  const matching = rows.filter(
    row =>
      (!query.owner?.length || query.owner.includes(row.owner ?? '')) &&
      (!query.system?.length || query.system.includes(row.system ?? '')) &&
      (!query.tier?.length || query.tier.includes(row.tier!)) &&
      words.every(word =>
        [row.title, row.entityRef, row.owner, row.system]
          .join(' ')
          .toLowerCase()
          .includes(word),
      ),
  );
  const sign = order === 'desc' ? -1 : 1;
  const byScore = (a: ReadinessServiceListRow, b: ReadinessServiceListRow) => {
    const unscored = Number(scoreOf(a) === null) - Number(scoreOf(b) === null);
    if (unscored) return unscored;
    return sign * ((scoreOf(a) ?? 0) - (scoreOf(b) ?? 0));
  };
  const sorted = [...matching].sort((a, b) => {
    let primary = 0;
    if (sort === 'level') {
      primary = sign * compareLevels(a.level, b.level) || byScore(a, b);
    } else if (sort === 'title') {
      primary =
        sign *
        (a.title ?? a.entityRef.split('/')[1]).localeCompare(
          b.title ?? b.entityRef.split('/')[1],
        );
    } else {
      primary = byScore(a, b) || sign * compareLevels(a.level, b.level);
    }
    return primary || a.entityRef.localeCompare(b.entityRef);
  });
  return {
    items: sorted.slice(offset, offset + limit),
    totalItems: matching.length,
    offset,
    limit,
  };
}

/** A check definition with defaults. */
export function check(overrides: Partial<ReadinessCheck> = {}): ReadinessCheck {
  return {
    id: 'runbook-linked',
    title: 'Runbook linked',
    description: 'The service names its runbook.',
    category: 'operations',
    level: 'bronze',
    tiers: ['critical', 'important', 'standard', 'best-effort'],
    condition: { fact: 'catalog.hasRunbook', operator: 'equal', value: true },
    facts: ['catalog.hasRunbook'],
    remediation: {
      hint: 'Add the golden-path.io/runbook annotation.',
      url: 'https://example.com/docs/runbooks',
    },
    ...overrides,
  };
}

/** An attestation of the failover drill by jane. */
export function attestation(overrides: Partial<Attestation> = {}): Attestation {
  return {
    id: 'att-1',
    entityRef: 'component:default/orders',
    checkId: 'failover-drill',
    author: 'user:default/jane',
    comment: 'Drill run on 2026-03-01, failover in 40 s.',
    createdAt: '2026-03-02T09:00:00.000Z',
    expiresAt: '2026-05-31T09:00:00.000Z',
    expired: false,
    ...overrides,
  };
}

/** The failover drill check (attestable, 90 days). */
export const failoverDrill = check({
  id: 'failover-drill',
  title: 'Failover drill done',
  description: 'A failover drill was run in the last quarter.',
  category: 'resilience',
  level: 'gold',
  tiers: ['critical', 'important'],
  condition: {
    fact: 'attestation.failover-drill',
    operator: 'equal',
    value: true,
  },
  facts: ['attestation.failover-drill'],
  remediation: { hint: 'Run a failover drill and attest it.' },
  attestation: { validDays: 90 },
});

/**
 * The detail of component:default/orders: runbook passes, the dockerfile
 * check fails (never collected), the failover drill fails (attestable), the
 * SBOM check errors and the chaos check does not apply.
 */
export function entityDetail(
  overrides: Partial<ReadinessEntityDetail> = {},
): ReadinessEntityDetail {
  const checks: EntityCheckResult[] = [
    {
      check: check(),
      outcome: 'pass',
      message: 'catalog.hasRunbook is true',
      facts: [
        {
          id: 'catalog.hasRunbook',
          value: true,
          collectedAt: '2026-03-30T11:57:00.000Z',
          collector: 'catalog',
        },
      ],
      attestation: null,
    },
    {
      check: check({
        id: 'dockerfile',
        title: 'Has a Dockerfile',
        category: 'consistency',
        level: 'silver',
        facts: ['repository.files'],
        condition: {
          fact: 'repository.files',
          operator: 'contains',
          value: 'Dockerfile',
        },
        remediation: {
          hint: 'Start from the node-service template.',
          url: '/create/templates/default/node-service',
        },
      }),
      outcome: 'fail',
      message: 'repository.files was never collected',
      facts: [
        {
          id: 'repository.files',
          value: null,
          collectedAt: null,
          collector: 'repository',
        },
      ],
      attestation: null,
    },
    {
      check: failoverDrill,
      outcome: 'fail',
      message: 'attestation.failover-drill is false (expected true)',
      facts: [
        {
          id: 'attestation.failover-drill',
          value: false,
          collectedAt: '2026-03-30T11:00:00.000Z',
          collector: 'attestation',
        },
      ],
      attestation: null,
    },
    {
      check: check({
        id: 'sbom',
        title: 'SBOM published',
        category: 'security',
        level: 'silver',
        facts: ['repository.sbomCount'],
        condition: {
          fact: 'repository.sbomCount',
          operator: 'greaterThan',
          value: 0,
        },
        remediation: { hint: 'Publish an SBOM in CI.' },
      }),
      outcome: 'error',
      message: 'repository.sbomCount is a string, expected a number',
      facts: [
        {
          id: 'repository.sbomCount',
          value: 'many',
          collectedAt: '2026-03-30T10:00:00.000Z',
          collector: 'repository',
        },
      ],
      attestation: null,
    },
    {
      check: check({
        id: 'chaos-tested',
        title: 'Chaos tested',
        category: 'resilience',
        level: 'gold',
        tiers: ['critical'],
        facts: ['repository.chaosTests'],
        condition: {
          fact: 'repository.chaosTests',
          operator: 'exists',
        },
        remediation: { hint: 'Add a chaos experiment.' },
      }),
      outcome: 'not-applicable',
      message: 'not required for the Important tier',
      facts: [],
      attestation: null,
    },
  ];
  return {
    entityRef: 'component:default/orders',
    title: null,
    owner: 'group:default/team-orders',
    system: 'system:default/shop',
    tier: 'important',
    level: 'bronze',
    requiredLevel: 'silver',
    meetsRequired: false,
    status: 'below',
    passed: 1,
    applicable: 4,
    awaiting: 0,
    checks,
    history: [
      {
        evaluatedAt: '2026-03-29T12:00:00.000Z',
        level: 'none',
        passed: 0,
        applicable: 4,
      },
      {
        evaluatedAt: '2026-03-30T12:00:00.000Z',
        level: 'bronze',
        passed: 1,
        applicable: 4,
      },
    ],
    evaluatedAt: '2026-03-30T12:00:00.000Z',
    ...overrides,
  };
}

/**
 * A ReadinessApi whose methods are jest mocks with in-memory answers;
 * override a method with `mockResolvedValue`/`mockRejectedValue` where a
 * test needs to.
 */
export function createFakeReadinessApi(
  options: {
    overview?: ReadinessOverview;
    /** The services `getServices` pages through (default serviceRows()). */
    services?: ReadinessServiceListRow[];
    detail?: ReadinessEntityDetail | null;
    attestations?: Attestation[];
  } = {},
): jest.Mocked<ReadinessApi> {
  const detail = options.detail === undefined ? entityDetail() : options.detail;
  const checks: ReadinessChecksResponse = {
    checks: (detail?.checks ?? []).map(result => result.check),
    facts: [],
    requiredLevels: {
      critical: 'gold',
      important: 'silver',
      standard: 'bronze',
      'best-effort': 'none',
    },
  };
  return {
    getChecks: jest.fn(async () => checks),
    getOverview: jest.fn(
      async (_filters?: ReadinessOverviewFilters) =>
        options.overview ?? overview(),
    ),
    getServices: jest.fn(async (query?: ReadinessServicesQuery) =>
      pageOfServices(options.services ?? serviceRows(), query),
    ),
    getRollup: jest.fn(
      async (
        by: ReadinessRollup['by'],
        _filters?: ReadinessOverviewFilters,
      ): Promise<ReadinessRollup> => ({ by, groups: [] }),
    ),
    getEntityDetail: jest.fn(async (_entityRef: string) => detail),
    getHistory: jest.fn(
      async (_entityRef: string, _options?: { days?: number }) =>
        detail?.history ?? [],
    ),
    refreshEntity: jest.fn(
      async (_entityRef: string) => detail ?? entityDetail(),
    ),
    getAttestations: jest.fn(
      async (_entityRef: string) => options.attestations ?? [],
    ),
    createAttestation: jest.fn(async (entityRef, request) =>
      attestation({
        entityRef,
        checkId: request.checkId,
        comment: request.comment,
        expiresAt: request.expiresAt ?? '2026-06-28T12:00:00.000Z',
      }),
    ),
  };
}
