import { isTierName, TierName } from '@golden-path/plugin-golden-path-common';
import {
  SLO_SERVICE_SORT_KEYS,
  type SloServiceSortKey,
} from '@golden-path/plugin-slo-common';

/** A column the services table sorts by (on the server). */
export type ServiceSortKey = SloServiceSortKey;

function isSortKey(value: string | null): value is ServiceSortKey {
  return (SLO_SERVICE_SORT_KEYS as readonly string[]).includes(value ?? '');
}

/** The longest search text the backend takes. */
const MAX_SEARCH_LENGTH = 200;

/**
 * The /slo page state as it lives in the URL query string, so a filtered
 * and sorted view can be shared and survives a reload.
 */
export type SloPageView = {
  filters: { owner: string[]; system: string[]; tier: TierName[] };
  sort: ServiceSortKey;
  order: 'asc' | 'desc';
  /** The services table's search text; empty for none. */
  q: string;
};

/** Lowest budget first: the services that need attention on top. */
export const DEFAULT_SORT: Pick<SloPageView, 'sort' | 'order'> = {
  sort: 'budget',
  order: 'asc',
};

/**
 * Reads the view from the query string, dropping values the backend would
 * refuse (unknown tiers) rather than failing the page.
 */
export function readSloPageView(params: URLSearchParams): SloPageView {
  const sort = params.get('sort');
  const order = params.get('order');
  return {
    filters: {
      owner: params.getAll('owner').filter(Boolean),
      system: params.getAll('system').filter(Boolean),
      tier: params.getAll('tier').filter(isTierName),
    },
    sort: isSortKey(sort) ? sort : DEFAULT_SORT.sort,
    order: order === 'asc' || order === 'desc' ? order : DEFAULT_SORT.order,
    q: (params.get('q') ?? '').slice(0, MAX_SEARCH_LENGTH),
  };
}

/** Writes the view back, leaving out the default sort and an empty search. */
export function writeSloPageView(view: SloPageView): URLSearchParams {
  const params = new URLSearchParams();
  for (const key of ['owner', 'system', 'tier'] as const) {
    for (const value of view.filters[key]) params.append(key, value);
  }
  if (view.sort !== DEFAULT_SORT.sort || view.order !== DEFAULT_SORT.order) {
    params.set('sort', view.sort);
    params.set('order', view.order);
  }
  if (view.q) params.set('q', view.q);
  return params;
}

/** True when any filter narrows the overview. */
export function hasFilters(view: SloPageView): boolean {
  const { owner, system, tier } = view.filters;
  return owner.length + system.length + tier.length > 0;
}
