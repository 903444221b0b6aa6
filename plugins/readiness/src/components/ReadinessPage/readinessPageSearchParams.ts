import { isTierName, TierName } from '@golden-path/plugin-golden-path-common';
import {
  isReadinessCategory,
  READINESS_SERVICE_SORTS,
  ReadinessCategory,
  ReadinessServiceSort,
} from '@golden-path/plugin-readiness-common';

/** The columns the services table sorts by (on the server). */
export type ServiceSortKey = ReadinessServiceSort;

function isServiceSortKey(value: string | null): value is ServiceSortKey {
  return (READINESS_SERVICE_SORTS as readonly (string | null)[]).includes(
    value,
  );
}

/** What the leaderboard sums services by. */
export type LeaderboardGrouping = 'owner' | 'system' | 'domain';

/** The page's filters, each a list ("all" when empty). */
export type ReadinessPageFilters = {
  owner: string[];
  system: string[];
  tier: TierName[];
  category: ReadinessCategory[];
};

/**
 * The /readiness page state as it lives in the URL query string, so a
 * filtered and sorted view can be shared and survives a reload.
 */
export type ReadinessPageView = {
  filters: ReadinessPageFilters;
  sort: ServiceSortKey;
  order: 'asc' | 'desc';
  by: LeaderboardGrouping;
  /** The search words of the services table ('' for none). */
  q: string;
};

/** Lowest score first: the services that need work on top. */
export const DEFAULT_VIEW: Omit<ReadinessPageView, 'filters'> = {
  sort: 'score',
  order: 'asc',
  by: 'owner',
  q: '',
};

/** No filter at all. */
export const NO_FILTERS: ReadinessPageFilters = {
  owner: [],
  system: [],
  tier: [],
  category: [],
};

const FILTER_KEYS = ['owner', 'system', 'tier', 'category'] as const;

/**
 * Reads the view from the query string, dropping values the backend would
 * refuse (unknown tiers and categories, empty values) rather than failing
 * the page.
 */
export function readReadinessPageView(
  params: URLSearchParams,
): ReadinessPageView {
  const sort = params.get('sort');
  const order = params.get('order');
  const by = params.get('by');
  return {
    filters: {
      owner: params.getAll('owner').filter(Boolean),
      system: params.getAll('system').filter(Boolean),
      tier: params.getAll('tier').filter(isTierName),
      category: params.getAll('category').filter(isReadinessCategory),
    },
    sort: isServiceSortKey(sort) ? sort : DEFAULT_VIEW.sort,
    order: order === 'asc' || order === 'desc' ? order : DEFAULT_VIEW.order,
    by: by === 'owner' || by === 'system' || by === 'domain' ? by : 'owner',
    q: (params.get('q') ?? '').slice(0, 200),
  };
}

/** Writes the view back, leaving out the defaults. */
export function writeReadinessPageView(
  view: ReadinessPageView,
): URLSearchParams {
  const params = new URLSearchParams();
  for (const key of FILTER_KEYS) {
    for (const value of view.filters[key]) params.append(key, value);
  }
  if (view.sort !== DEFAULT_VIEW.sort || view.order !== DEFAULT_VIEW.order) {
    params.set('sort', view.sort);
    params.set('order', view.order);
  }
  if (view.by !== DEFAULT_VIEW.by) params.set('by', view.by);
  if (view.q.trim()) params.set('q', view.q);
  return params;
}

/** True when any filter narrows the overview. */
export function hasFilters(view: ReadinessPageView): boolean {
  return FILTER_KEYS.some(key => view.filters[key].length > 0);
}
