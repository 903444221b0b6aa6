import type {
  Attestation,
  EntityCheckResult,
  ReadinessCheck,
  ReadinessChecksResponse,
  ReadinessEntityDetail,
  ReadinessGroupRow,
  ReadinessOverview,
  ReadinessRollup,
  ReadinessServiceRow,
  ReadinessTrendPoint,
} from '@golden-path/plugin-readiness-common';
import type {
  ReadinessApi,
  ReadinessOverviewFilters,
} from '../api/ReadinessApi';

/** A service row with defaults; tests override what they look at. */
export function serviceRow(
  overrides: Partial<ReadinessServiceRow> = {},
): ReadinessServiceRow {
  return {
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
    ...overrides,
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
 * An overview of three services: orders (silver, meets), payments (none,
 * needs gold, two failing checks) and search (bronze, no tier set: not
 * meeting).
 */
export function overview(
  overrides: Partial<ReadinessOverview> = {},
): ReadinessOverview {
  return {
    services: [
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
    ],
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
    evaluatedAt: '2026-03-30T12:00:00.000Z',
    ...overrides,
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
