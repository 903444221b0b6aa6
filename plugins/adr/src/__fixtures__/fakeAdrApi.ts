import type {
  AdrEntityResponse,
  AdrChainStep,
  AdrFacets,
  AdrListResponse,
  AdrRecord,
  AdrStats,
  AdrSummary,
} from '@golden-path/plugin-adr-common';
import type { AdrApi, AdrListFilters } from '../api/AdrApi';

/** An AdrSummary with defaults; tests override what they look at. */
export function summary(overrides: Partial<AdrSummary> = {}): AdrSummary {
  return {
    entityRef: 'component:default/payments',
    path: '0001-record-decisions.md',
    number: 1,
    slug: 'record-decisions',
    title: 'Record architecture decisions',
    status: 'accepted',
    statusRaw: 'Accepted',
    date: '2024-01-10',
    decisionMakers: ['Ann Architect'],
    format: 'madr3',
    owner: 'group:default/team-payments',
    system: 'system:default/payments-core',
    supersedes: [],
    supersededBy: [],
    staleProposed: false,
    firstSeenAt: '2024-01-10T10:00:00.000Z',
    warnings: [],
    ...overrides,
  };
}

/** An AdrRecord with defaults. */
export function record(overrides: Partial<AdrRecord> = {}): AdrRecord {
  const base = summary(overrides);
  const self: AdrChainStep = {
    entityRef: base.entityRef,
    path: base.path,
    number: base.number,
    title: base.title,
    target: base.path,
    status: base.status,
    statusRaw: base.statusRaw,
    date: base.date,
  };
  return {
    ...base,
    body: '## Context\n\nWe need to record decisions.',
    consulted: [],
    informed: [],
    sourceLocation: `https://git.example.com/payments/docs/adr/${base.path}`,
    chain: [self],
    ...overrides,
  };
}

export const emptyCounts = {
  proposed: 0,
  accepted: 0,
  rejected: 0,
  deprecated: 0,
  superseded: 0,
  unknown: 0,
};

export const stats: AdrStats = {
  total: 3,
  byStatus: { ...emptyCounts, accepted: 1, proposed: 1, superseded: 1 },
  staleProposed: 1,
  entities: 2,
  entitiesWithErrors: 0,
  staleProposedDays: 30,
};

export const facets: AdrFacets = {
  owners: [
    { value: 'group:default/team-payments', count: 2 },
    { value: 'group:default/team-checkout', count: 1 },
  ],
  systems: [{ value: 'system:default/payments-core', count: 3 }],
  entities: [{ value: 'component:default/payments', count: 3 }],
  decisionMakers: [{ value: 'Ann Architect', count: 3 }],
};

/**
 * An AdrApi whose methods are jest mocks with in-memory answers; override a
 * method with `mockResolvedValue`/`mockRejectedValue` where a test needs to.
 */
export function createFakeAdrApi(
  options: {
    list?: AdrListResponse;
    records?: AdrRecord[];
    entity?: AdrEntityResponse;
  } = {},
): jest.Mocked<AdrApi> {
  const records = options.records ?? [record()];
  return {
    listAdrs: jest.fn(
      async (_filters: AdrListFilters) =>
        options.list ?? {
          items: records,
          totalItems: records.length,
          offset: 0,
          limit: 25,
          totalCount: records.length,
          counts: { ...emptyCounts, accepted: records.length },
          staleProposedCount: 0,
        },
    ),
    getFacets: jest.fn(async () => facets),
    getStats: jest.fn(async () => stats),
    getEntityAdrs: jest.fn(
      async (_entityRef: string) =>
        options.entity ?? { source: null, items: records },
    ),
    getAdr: jest.fn(async (entityRef: string, path: string) => {
      const found = records.find(
        r => r.entityRef === entityRef && r.path === path,
      );
      if (!found) throw new Error(`No ADR ${path} in ${entityRef}`);
      return found;
    }),
    getFile: jest.fn(
      async (_entityRef: string, _path: string) =>
        new Blob(['PNG'], { type: 'image/png' }),
    ),
    refresh: jest.fn(async (entityRef: string) => ({
      entityRef,
      annotation: './docs/adr',
      location: 'https://git.example.com/payments/docs/adr',
      lastReadAt: '2024-06-01T00:00:00.000Z',
      error: null,
      warnings: [],
      adrCount: records.length,
    })),
  };
}
