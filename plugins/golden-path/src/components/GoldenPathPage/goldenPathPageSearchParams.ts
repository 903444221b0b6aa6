import { isTierName, TierName } from '@golden-path/plugin-golden-path-common';

/** The columns the services table sorts by. */
export const SERVICE_SORT_KEYS = [
  'service',
  'owner',
  'tier',
  'version',
  'chassis',
  'behind',
  'status',
] as const;

/** A column the services table sorts by. */
export type ServiceSortKey = (typeof SERVICE_SORT_KEYS)[number];

/** The page's filters, each a list ("all" when empty). */
export type GoldenPathPageFilters = {
  owner: string[];
  system: string[];
  tier: TierName[];
};

/**
 * The /golden-path page state as it lives in the URL query string, so a
 * filtered and sorted view can be shared and survives a reload.
 */
export type GoldenPathPageView = {
  filters: GoldenPathPageFilters;
  sort: ServiceSortKey;
  order: 'asc' | 'desc';
};

/** Furthest behind first: the services that need an upgrade on top. */
export const DEFAULT_VIEW: Omit<GoldenPathPageView, 'filters'> = {
  sort: 'behind',
  order: 'desc',
};

/** No filter at all. */
export const NO_FILTERS: GoldenPathPageFilters = {
  owner: [],
  system: [],
  tier: [],
};

const FILTER_KEYS = ['owner', 'system', 'tier'] as const;

const isSortKey = (value: unknown): value is ServiceSortKey =>
  (SERVICE_SORT_KEYS as readonly unknown[]).includes(value);

/**
 * Reads the view from the query string, dropping values the backend would
 * refuse (unknown tiers, empty values) rather than failing the page.
 */
export function readGoldenPathPageView(
  params: URLSearchParams,
): GoldenPathPageView {
  const sort = params.get('sort');
  const order = params.get('order');
  return {
    filters: {
      owner: params.getAll('owner').filter(Boolean),
      system: params.getAll('system').filter(Boolean),
      tier: params.getAll('tier').filter(isTierName),
    },
    sort: isSortKey(sort) ? sort : DEFAULT_VIEW.sort,
    order: order === 'asc' || order === 'desc' ? order : DEFAULT_VIEW.order,
  };
}

/** Writes the view back, leaving out the defaults. */
export function writeGoldenPathPageView(
  view: GoldenPathPageView,
): URLSearchParams {
  const params = new URLSearchParams();
  for (const key of FILTER_KEYS) {
    for (const value of view.filters[key]) params.append(key, value);
  }
  if (view.sort !== DEFAULT_VIEW.sort || view.order !== DEFAULT_VIEW.order) {
    params.set('sort', view.sort);
    params.set('order', view.order);
  }
  return params;
}

/** True when any filter narrows the overview. */
export function hasFilters(view: GoldenPathPageView): boolean {
  return FILTER_KEYS.some(key => view.filters[key].length > 0);
}
