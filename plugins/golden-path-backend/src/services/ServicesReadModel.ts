import {
  SERVICE_GROUPINGS,
  SERVICE_SORTS,
  ServiceGroup,
  ServiceGrouping,
  ServicesItem,
  ServicesResponse,
  ServiceSort,
} from '@golden-path/plugin-golden-path-common';
import {
  AuthService,
  CacheService,
  LoggerService,
} from '@backstage/backend-plugin-api';
import { CatalogService } from '@backstage/plugin-catalog-node';
import {
  DEFAULT_TIER_TABLE,
  TIER_NAMES,
  TierTable,
} from '@golden-path/plugin-golden-path-common';
import {
  compareText,
  matchesText,
  pageOf,
  SharedSnapshot,
} from '@golden-path/plugin-golden-path-node';
import {
  buildServiceRows,
  loadServiceEntities,
  Metadata,
  ServiceRow,
} from './serviceRows';

// The answer's types live in golden-path-common.
export { SERVICE_GROUPINGS as GROUPINGS, SERVICE_SORTS };
export type { ServiceGroup, ServicesItem, ServicesResponse, ServiceSort };
export type Grouping = ServiceGrouping;

/** The key of the group of services without a team, domain or tier. */
export const NO_GROUP = 'none';

/** The query of GET /services, parsed (refs lower-case). */
export type ServicesQuery = {
  offset: number;
  limit: number;
  sort: ServiceSort;
  order: 'asc' | 'desc';
  q?: string;
  groupBy?: Grouping;
  /** Only this group (a key of `groups`); needs `groupBy`. */
  group?: string;
  tier?: string[];
  lifecycle?: string[];
  /** Services that lack any of these. */
  missing?: Metadata[];
  owner?: string[];
  system?: string[];
  domain?: string[];
};

/** A row with what requests compare it by, computed once per snapshot. */
type IndexedRow = {
  row: ServiceRow;
  /** The lower-case ref, as `readableEntityRefs` has it. */
  key: string;
  /** Everything the search looks at, lower-case. */
  text: string;
  owner?: string;
  system?: string;
  domain?: string;
  lifecycle: string;
  groups: Record<Grouping, string>;
  /** Per column: the rank of the row's value (equal values, equal ranks; none = -1). */
  ranks: Record<ServiceSort, number>;
  /** Its place by title, then ref: the tie-break. */
  position: number;
};

/** The rows of one build of the view. */
export type ServicesSnapshot = {
  rows: IndexedRow[];
  builtAt: string;
};

const NONE_TITLES: Record<Grouping, string> = {
  team: 'No team',
  domain: 'No domain',
  tier: 'No tier',
};

const lower = (value?: string) => value?.toLocaleLowerCase('en-US');

function sortValue(row: ServiceRow, sort: ServiceSort): string | undefined {
  switch (sort) {
    case 'service':
      return row.title;
    case 'team':
      return row.owner?.title;
    case 'system':
      return row.system?.title;
    case 'domain':
      return row.domain?.title;
    case 'lifecycle':
      return row.lifecycle || undefined;
    case 'type':
      return row.type || undefined;
    default:
      return undefined;
  }
}

/** Dense ranks of `values` (undefined = -1), compared with `compare`. */
function ranksOf<V>(
  values: Array<V | undefined>,
  compare: (a: V, b: V) => number,
): number[] {
  const order = values
    .map((value, index) => ({ value, index }))
    .filter((v): v is { value: V; index: number } => v.value !== undefined)
    .sort((a, b) => compare(a.value, b.value));
  const ranks = values.map(() => -1);
  let rank = -1;
  order.forEach((entry, i) => {
    if (i === 0 || compare(order[i - 1].value, entry.value) !== 0) rank += 1;
    ranks[entry.index] = rank;
  });
  return ranks;
}

/** Indexes built rows for fast per-request filtering and sorting. */
export function indexServiceRows(
  built: ReturnType<typeof buildServiceRows>,
): IndexedRow[] {
  const rows = built.map(b => b.row);
  const ranks = {} as Record<ServiceSort, number[]>;
  for (const sort of SERVICE_SORTS) {
    if (sort === 'tier') {
      ranks.tier = rows.map(r => (r.tier ? TIER_NAMES.indexOf(r.tier) : -1));
    } else if (sort === 'missing') {
      ranks.missing = rows.map(r => r.missing.length);
    } else {
      ranks[sort] = ranksOf(
        rows.map(r => sortValue(r, sort)),
        compareText,
      );
    }
  }
  const positions = ranksOf(
    rows.map((r, index) => ({ title: r.title, ref: r.entityRef, index })),
    (a, b) =>
      compareText(a.title, b.title) ||
      compareText(a.ref, b.ref) ||
      a.index - b.index,
  );
  return built.map(({ row, name }, index) => ({
    row,
    key: lower(row.entityRef)!,
    text: [
      row.title,
      name,
      row.owner?.title,
      row.owner?.ref,
      row.system?.title,
      row.domain?.title,
      row.tier,
      row.lifecycle,
      row.type,
      ...row.missing,
    ]
      .filter(Boolean)
      .join('\n')
      .toLocaleLowerCase('en-US'),
    owner: lower(row.owner?.ref),
    system: lower(row.system?.ref),
    domain: lower(row.domain?.ref),
    lifecycle: lower(row.lifecycle) ?? '',
    groups: {
      team: row.owner?.ref ?? NO_GROUP,
      domain: row.domain?.ref ?? NO_GROUP,
      tier: row.tier ?? NO_GROUP,
    },
    ranks: Object.fromEntries(
      SERVICE_SORTS.map(sort => [sort, ranks[sort][index]]),
    ) as Record<ServiceSort, number>,
    position: positions[index],
  }));
}

function groupTitle(row: ServiceRow, by: Grouping, tiers: TierTable): string {
  if (by === 'team') return row.owner?.title ?? NONE_TITLES.team;
  if (by === 'domain') return row.domain?.title ?? NONE_TITLES.domain;
  return row.tier
    ? tiers[row.tier]?.title ?? DEFAULT_TIER_TABLE[row.tier].title
    : NONE_TITLES.tier;
}

/**
 * The groups of `rows` by team, domain or tier: tiers in tier order, teams
 * and domains by size then title; the group without one last.
 */
function groupsOf(
  rows: IndexedRow[],
  by: Grouping,
  tiers: TierTable,
): ServiceGroup[] {
  const groups = new Map<string, ServiceGroup>();
  for (const indexed of rows) {
    const key = indexed.groups[by];
    let group = groups.get(key);
    if (!group) {
      group = {
        key,
        title: groupTitle(indexed.row, by, tiers),
        ...(by === 'tier' || key === NO_GROUP ? {} : { entityRef: key }),
        count: 0,
        missingMetadata: 0,
      };
      groups.set(key, group);
    }
    group.count += 1;
    if (indexed.row.missing.length > 0) group.missingMetadata += 1;
  }
  const rank = (key: string) => {
    if (key === NO_GROUP) return Number.MAX_SAFE_INTEGER;
    if (by === 'tier') return (TIER_NAMES as readonly string[]).indexOf(key);
    return 0;
  };
  return [...groups.values()].sort(
    (a, b) =>
      rank(a.key) - rank(b.key) ||
      b.count - a.count ||
      compareText(a.title, b.title) ||
      compareText(a.key, b.key),
  );
}

const anyOf = (wanted: string[] | undefined, value: string | undefined) =>
  !wanted?.length || wanted.includes(value ?? NO_GROUP);

/**
 * The Services page's read model: one row per catalog Component, built once
 * with the plugin's own credentials into a {@link SharedSnapshot} (rebuilt
 * when older than `maxAgeMs`: the catalog is its only input and tells no
 * command of ours when it changes), then filtered, grouped, sorted and paged
 * in memory per request after the caller's view of the catalog is applied.
 * Reading never writes.
 */
export class ServicesReadModel {
  readonly #snapshot: SharedSnapshot<ServicesSnapshot>;
  readonly #logger?: LoggerService;
  /** The last view built, served when a rebuild fails. */
  #last?: ServicesSnapshot;
  readonly #tiers: TierTable;

  constructor(options: {
    catalog: Pick<CatalogService, 'queryEntities'>;
    auth: Pick<AuthService, 'getOwnServiceCredentials'>;
    cache: CacheService;
    logger?: LoggerService;
    tiers?: TierTable;
    maxAgeMs?: number;
    now?: () => number;
  }) {
    const { catalog, auth, logger } = options;
    this.#logger = logger;
    this.#tiers = options.tiers ?? DEFAULT_TIER_TABLE;
    this.#snapshot = new SharedSnapshot({
      cache: options.cache,
      logger,
      key: 'services',
      maxAgeMs: options.maxAgeMs ?? 60_000,
      now: options.now,
      load: async () => {
        const started = Date.now();
        const credentials = await auth.getOwnServiceCredentials();
        const entities = await loadServiceEntities(catalog, credentials);
        const rows = indexServiceRows(buildServiceRows(entities));
        logger?.debug(
          `Services view: ${rows.length} components in ${
            Date.now() - started
          } ms`,
        );
        return { rows, builtAt: new Date().toISOString() };
      },
    });
  }

  /**
   * The current view; when a rebuild fails (the catalog did not answer), the
   * last one built, so a catalog hiccup does not empty the page. The next
   * read tries again.
   */
  async #view(): Promise<ServicesSnapshot> {
    try {
      this.#last = await this.#snapshot.get();
      return this.#last;
    } catch (error) {
      if (!this.#last) throw error;
      this.#logger?.warn(
        `The Services view could not be rebuilt from the catalog, serving the one built at ${
          this.#last.builtAt
        }: ${error}`,
      );
      return this.#last;
    }
  }

  /** Rebuilds the view on its next read, on every replica sharing the cache. */
  invalidate(): Promise<void> {
    return this.#snapshot.invalidate();
  }

  /**
   * One page of the services `readable` holds (lower-case refs; undefined =
   * every service), filtered before paging, with the groups of the filtered
   * set and the totals.
   */
  async list(
    query: ServicesQuery,
    readable: ReadonlySet<string> | undefined,
  ): Promise<ServicesResponse> {
    const { rows } = await this.#view();
    const visible = readable ? rows.filter(r => readable.has(r.key)) : rows;
    const tiers = query.tier;
    const lifecycles = query.lifecycle?.map(l => lower(l)!);
    const filtered = visible.filter(
      r =>
        anyOf(tiers, r.row.tier) &&
        (!lifecycles?.length || lifecycles.includes(r.lifecycle)) &&
        (!query.missing?.length ||
          query.missing.some(m => r.row.missing.includes(m))) &&
        anyOf(query.owner, r.owner) &&
        anyOf(query.system, r.system) &&
        anyOf(query.domain, r.domain) &&
        matchesText(query.q, r.text),
    );
    const by = query.groupBy;
    const groups = by ? groupsOf(filtered, by, this.#tiers) : [];
    const groupRank = new Map(groups.map((g, i) => [g.key, i]));
    const selected =
      by && query.group !== undefined
        ? filtered.filter(r => lower(r.groups[by]) === lower(query.group))
        : filtered;
    const sign = query.order === 'desc' ? -1 : 1;
    const sort = query.sort;
    const page = pageOf(selected, {
      offset: query.offset,
      limit: query.limit,
      order: 'asc',
      compare: (a, b) => {
        if (by) {
          const byGroup =
            groupRank.get(a.groups[by])! - groupRank.get(b.groups[by])!;
          if (byGroup) return byGroup;
        }
        const x = a.ranks[sort];
        const y = b.ranks[sort];
        // Services without a value come last in both orders.
        if (x === y) return 0;
        if (x < 0) return 1;
        if (y < 0) return -1;
        return sign * (x - y);
      },
      tieBreak: (a, b) => a.position - b.position,
    });
    return {
      ...page,
      items: page.items.map(r =>
        by ? { ...r.row, group: r.groups[by] } : r.row,
      ),
      groups,
      summary: {
        services: visible.length,
        missingMetadata: visible.filter(r => r.row.missing.length > 0).length,
      },
    };
  }
}
