import {
  AdrFacets,
  AdrFacetValue,
  AdrListSort,
  AdrStatusCounts,
  AdrSummary,
} from '@golden-path/plugin-adr-common';
import { CacheService, LoggerService } from '@backstage/backend-plugin-api';
import { pageOf, SharedSnapshot } from '@golden-path/plugin-golden-path-node';
import {
  isAndCriteria,
  isNotCriteria,
  isOrCriteria,
} from '@backstage/plugin-permission-node';
import {
  AdrCounts,
  AdrIndexRecord,
  AdrIndexSource,
  AdrListFilter,
  AdrPermissionFilter,
  AdrStore,
} from '../database/AdrStore';

/**
 * The org view of the ADR index: every ADR (no bodies) and every source,
 * built once from the store and kept in a `SharedSnapshot`; the sorted
 * orders and the org-wide facets are computed on first use and kept with it.
 * Nothing about a caller is in it: what a caller may see is applied per
 * request (see {@link AdrAccess}).
 */
export type AdrIndexView = {
  records: readonly AdrIndexRecord[];
  sources: readonly AdrIndexSource[];
  /** `sort:order` -> the records in that order (memo). */
  sorted: Map<string, readonly AdrIndexRecord[]>;
  /** The facets for a caller who may see everything (memo). */
  facets?: AdrFacets;
};

/** Builds the view from what the store read. */
export function createAdrIndexView(data: {
  records: AdrIndexRecord[];
  sources: AdrIndexSource[];
}): AdrIndexView {
  return { records: data.records, sources: data.sources, sorted: new Map() };
}

/**
 * Which ADRs and sources a caller may see, as a test of a row's entity and
 * owner; `undefined` when every one.
 */
export type AdrAccess =
  | ((row: { entityRef: string; owner: string | null }) => boolean)
  | undefined;

/**
 * The permission filter (conditions of `adr.record.read` and the catalog's
 * readable entities, as column conditions) as an in-memory test with the
 * same meaning as its SQL (`permissionFilter.ts`): a leaf holds when the
 * column is not null and one of its values; `not`, `allOf`, `anyOf` as
 * usual. Each leaf's values become a Set, so a list of 5,000 readable refs
 * costs one lookup per row.
 */
export function accessOf(filter: AdrPermissionFilter | undefined): AdrAccess {
  if (!filter) return undefined;
  type Row = { entityRef: string; owner: string | null };
  const compile = (criteria: AdrPermissionFilter): ((row: Row) => boolean) => {
    if (isAndCriteria(criteria)) {
      const subs = criteria.allOf.map(compile);
      return row => subs.every(sub => sub(row));
    }
    if (isOrCriteria(criteria)) {
      const subs = criteria.anyOf.map(compile);
      return row => subs.some(sub => sub(row));
    }
    if (isNotCriteria(criteria)) {
      const sub = compile(criteria.not);
      return row => !sub(row);
    }
    const values = new Set(criteria.values);
    return criteria.column === 'entity_ref'
      ? row => values.has(row.entityRef)
      : row => row.owner !== null && values.has(row.owner);
  };
  return compile(filter);
}

function emptyStatusCounts(): AdrStatusCounts {
  return {
    proposed: 0,
    accepted: 0,
    rejected: 0,
    deprecated: 0,
    superseded: 0,
    unknown: 0,
  };
}

/** The key of an ADR in sets and maps. */
export function recordKey(row: { entityRef: string; path: string }): string {
  return `${row.entityRef}\n${row.path}`;
}

const byText = (a: string, b: string) => {
  if (a === b) return 0;
  return a < b ? -1 : 1;
};

/**
 * compareText's order (case-insensitive, numbers by value) through one
 * collator: `localeCompare` with options builds a collator per call, which
 * made the first title sort of 25,000 ADRs take seconds.
 */
const collator = new Intl.Collator('en', {
  sensitivity: 'base',
  numeric: true,
});
const byWords = (a: string, b: string) => collator.compare(a, b);

/** Per sort column: the value (null sorts last) and how two values compare. */
const SORTS: Record<
  AdrListSort,
  {
    value: (row: AdrIndexRecord) => string | number | null;
    compare: (a: any, b: any) => number;
  }
> = {
  date: { value: row => row.date, compare: byText },
  number: { value: row => row.number, compare: (a, b) => a - b },
  title: { value: row => row.titleSort, compare: byWords },
  status: { value: row => row.status, compare: byText },
  entity: { value: row => row.entityRef, compare: byWords },
  owner: { value: row => row.owner, compare: byWords },
};

/** The direction a sort takes when the request names none. */
export function defaultOrder(sort: AdrListSort): 'asc' | 'desc' {
  return sort === 'date' ? 'desc' : 'asc';
}

/**
 * The view's records in the given order (computed once per view): rows
 * without the value last in either direction, ties by entity ref then path.
 */
export function sortedRecords(
  view: AdrIndexView,
  sort: AdrListSort,
  order: 'asc' | 'desc',
): readonly AdrIndexRecord[] {
  const key = `${sort}:${order}`;
  const memo = view.sorted.get(key);
  if (memo) return memo;
  const { value, compare } = SORTS[sort];
  // pageOf multiplies the comparison by -1 for desc; a missing value is
  // given the sign that puts it last after that.
  const sign = order === 'desc' ? -1 : 1;
  const sorted = pageOf(view.records, {
    offset: 0,
    limit: view.records.length,
    order,
    compare: (a, b) => {
      const x = value(a);
      const y = value(b);
      if (x === null && y === null) return 0;
      if (x === null) return sign;
      if (y === null) return -sign;
      return compare(x, y);
    },
    tieBreak: (a, b) =>
      byText(a.entityRef, b.entityRef) || byText(a.path, b.path),
  }).items;
  view.sorted.set(key, sorted);
  return sorted;
}

/** A stored row as the REST API shows it, stale or not as of `staleCutoff`. */
export function toAdrSummary(
  row: AdrIndexRecord,
  staleCutoff: string,
): AdrSummary {
  const { titleSort, ageDate, peopleText, ...summary } = row;
  return {
    ...summary,
    staleProposed: isStale(row, staleCutoff),
  };
}

function isStale(row: AdrIndexRecord, staleCutoff: string): boolean {
  return row.status === 'proposed' && row.ageDate < staleCutoff;
}

/** The list filters but status (and `q`, answered by `matching`) as a test. */
function filterTest(
  filter: AdrListFilter,
  staleCutoff: string,
): (row: AdrIndexRecord) => boolean {
  const entity = filter.entity?.length ? new Set(filter.entity) : undefined;
  const owner = filter.owner?.length ? new Set(filter.owner) : undefined;
  const system = filter.system?.length ? new Set(filter.system) : undefined;
  const person = filter.decisionMaker?.toLowerCase();
  const { from, to, stale } = filter;
  return row =>
    (!entity || entity.has(row.entityRef)) &&
    (!owner || (row.owner !== null && owner.has(row.owner))) &&
    (!system || (row.system !== null && system.has(row.system))) &&
    (!from || (row.date !== null && row.date >= from)) &&
    (!to || (row.date !== null && row.date <= to)) &&
    (!person || row.peopleText.includes(person)) &&
    (!stale || isStale(row, staleCutoff));
}

/**
 * One page of the ADRs matching the filters in the given order, with the
 * counts by status (the filters without the status filter), the total and
 * the stale count (all filters), in one pass over the sorted records.
 */
export function listAdrIndex(
  view: AdrIndexView,
  options: {
    filter: AdrListFilter;
    sort: AdrListSort;
    order: 'asc' | 'desc';
    offset: number;
    limit: number;
    access: AdrAccess;
    /** The keys (recordKey) the text search `q` matched, when there is one. */
    matching?: ReadonlySet<string>;
    staleCutoff: string;
  },
): {
  items: AdrIndexRecord[];
  totalItems: number;
  counts: AdrStatusCounts;
  staleProposedCount: number;
} {
  const { filter, access, matching, staleCutoff, offset, limit } = options;
  const passes = filterTest(filter, staleCutoff);
  const wanted = filter.status?.length ? new Set(filter.status) : undefined;
  const counts = emptyStatusCounts();
  const items: AdrIndexRecord[] = [];
  let totalItems = 0;
  let staleProposedCount = 0;
  for (const row of sortedRecords(view, options.sort, options.order)) {
    if (access && !access(row)) continue;
    if (matching && !matching.has(recordKey(row))) continue;
    if (!passes(row)) continue;
    const status = row.status ?? 'unknown';
    if (status in counts) counts[status]++;
    if (wanted && !wanted.has(status)) continue;
    if (totalItems >= offset && items.length < limit) items.push(row);
    totalItems++;
    if (isStale(row, staleCutoff)) staleProposedCount++;
  }
  return { items, totalItems, counts, staleProposedCount };
}

const facetCollator = new Intl.Collator('en');

function sortFacets(facets: AdrFacetValue[]): AdrFacetValue[] {
  return facets.sort(
    (a, b) => b.count - a.count || facetCollator.compare(a.value, b.value),
  );
}

/**
 * The values the org page offers as filters, each with its ADR count, over
 * the ADRs the caller may see (org-wide ones computed once per view).
 */
export function adrIndexFacets(
  view: AdrIndexView,
  access: AdrAccess,
): AdrFacets {
  if (!access && view.facets) return view.facets;
  const owners = new Map<string, number>();
  const systems = new Map<string, number>();
  const entities = new Map<string, number>();
  // Names differ in case between ADRs; the first spelling seen is shown.
  const names = new Map<string, AdrFacetValue>();
  const add = (map: Map<string, number>, value: string | null) => {
    if (value !== null) map.set(value, (map.get(value) ?? 0) + 1);
  };
  for (const row of view.records) {
    if (access && !access(row)) continue;
    add(owners, row.owner);
    add(systems, row.system);
    add(entities, row.entityRef);
    const seen = new Set<string>();
    for (const name of row.decisionMakers) {
      const key = name.toLowerCase();
      if (seen.has(key)) continue;
      seen.add(key);
      const facet = names.get(key);
      if (facet) facet.count++;
      else names.set(key, { value: name, count: 1 });
    }
  }
  const values = (map: Map<string, number>) =>
    sortFacets([...map].map(([value, count]) => ({ value, count })));
  const facets = {
    owners: values(owners),
    systems: values(systems),
    entities: values(entities),
    decisionMakers: sortFacets([...names.values()].map(v => ({ ...v }))),
  };
  if (!access) view.facets = facets;
  return facets;
}

/** ADRs by status and entities with and without a failed reading. */
export function adrIndexCounts(
  view: AdrIndexView,
  access: AdrAccess,
  staleCutoff: string,
): AdrCounts {
  const byStatus = emptyStatusCounts();
  let total = 0;
  let staleProposed = 0;
  for (const row of view.records) {
    if (access && !access(row)) continue;
    total++;
    byStatus[row.status ?? 'unknown']++;
    if (isStale(row, staleCutoff)) staleProposed++;
  }
  let entities = 0;
  let entitiesWithErrors = 0;
  for (const source of view.sources) {
    if (access && !access(source)) continue;
    entities++;
    if (source.hasError) entitiesWithErrors++;
  }
  return { total, byStatus, staleProposed, entities, entitiesWithErrors };
}

/** How old the org view may get without an invalidation (catalog changes). */
export const ADR_INDEX_MAX_AGE_MS = 5 * 60 * 1000;

/**
 * The org view as a `SharedSnapshot` on the plugin's cache: built from the
 * store on first use, rebuilt after AdrCommands invalidates it (on this or
 * any replica sharing the cache) or when older than `maxAgeMs`.
 */
export function createAdrIndexSnapshot(options: {
  cache: CacheService;
  store: Pick<AdrStore, 'readIndex'>;
  maxAgeMs?: number;
  logger?: LoggerService;
}): SharedSnapshot<AdrIndexView> {
  return new SharedSnapshot({
    cache: options.cache,
    logger: options.logger,
    key: 'adr-index',
    maxAgeMs: options.maxAgeMs ?? ADR_INDEX_MAX_AGE_MS,
    load: async () => createAdrIndexView(await options.store.readIndex()),
  });
}
