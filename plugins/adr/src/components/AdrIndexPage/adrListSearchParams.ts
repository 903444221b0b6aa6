import {
  ADR_LIST_SORTS,
  ADR_STATUS_FILTERS,
  type AdrListSort,
} from '@golden-path/plugin-adr-common';
import type { AdrListFilters, AdrStatusFilter } from '../../api/AdrApi';

/** Rows per page of the org page table, unless the user picks another. */
export const PAGE_SIZE = 25;

/** The page sizes the table offers. */
export const PAGE_SIZES: readonly number[] = [25, 50, 100];

/** The direction a column sorts in first: dates newest first, else A-Z. */
export function defaultOrder(sort: AdrListSort): 'asc' | 'desc' {
  return sort === 'date' ? 'desc' : 'asc';
}

/** Every status the filter offers, in the order the chips show them. */
export const STATUS_FILTERS: readonly AdrStatusFilter[] = ADR_STATUS_FILTERS;

/**
 * The org page state as it lives in the URL query string, so a filtered view
 * can be shared and survives a reload.
 */
export type AdrListView = {
  filters: Required<Pick<AdrListFilters, 'status' | 'owner' | 'system'>> &
    Pick<AdrListFilters, 'decisionMaker' | 'from' | 'to' | 'q' | 'stale'>;
  /** Zero-based page of the table. */
  page: number;
  /** Rows per page (one of PAGE_SIZES). */
  pageSize: number;
  /** The column the server sorts by, and which way. */
  sort: AdrListSort;
  order: 'asc' | 'desc';
};

const ISO_DATE = /^\d{4}-\d{2}-\d{2}$/;

/**
 * Reads the view from the query string, dropping values the backend would
 * refuse (unknown statuses, malformed dates) rather than failing the page.
 */
export function readAdrListView(params: URLSearchParams): AdrListView {
  const date = (key: string) => {
    const value = params.get(key);
    return value && ISO_DATE.test(value) ? value : undefined;
  };
  const text = (key: string) => params.get(key)?.trim() || undefined;
  const page = Number.parseInt(params.get('page') ?? '1', 10);
  const pageSize = Number.parseInt(params.get('pageSize') ?? '', 10);
  const sortParam = params.get('sort') as AdrListSort | null;
  const sort =
    sortParam && ADR_LIST_SORTS.includes(sortParam) ? sortParam : 'date';
  const orderParam = params.get('order');
  const order =
    orderParam === 'asc' || orderParam === 'desc'
      ? orderParam
      : defaultOrder(sort);
  return {
    filters: {
      status: params
        .getAll('status')
        .filter((s): s is AdrStatusFilter =>
          STATUS_FILTERS.includes(s as AdrStatusFilter),
        ),
      owner: params.getAll('owner').filter(Boolean),
      system: params.getAll('system').filter(Boolean),
      decisionMaker: text('decisionMaker'),
      from: date('from'),
      to: date('to'),
      q: text('q'),
      stale: params.get('stale') === 'true' ? true : undefined,
    },
    page: Number.isFinite(page) && page > 1 ? page - 1 : 0,
    pageSize: PAGE_SIZES.includes(pageSize) ? pageSize : PAGE_SIZE,
    sort,
    order,
  };
}

/** Writes the view back; the page is 1-based in the URL for people. */
export function writeAdrListView(view: AdrListView): URLSearchParams {
  const params = new URLSearchParams();
  const { filters } = view;
  for (const key of ['status', 'owner', 'system'] as const) {
    for (const value of filters[key]) params.append(key, value);
  }
  for (const key of ['decisionMaker', 'from', 'to', 'q'] as const) {
    const value = filters[key];
    if (value) params.set(key, value);
  }
  if (filters.stale) params.set('stale', 'true');
  if (view.sort !== 'date') params.set('sort', view.sort);
  if (view.order !== defaultOrder(view.sort)) params.set('order', view.order);
  if (view.pageSize !== PAGE_SIZE) {
    params.set('pageSize', String(view.pageSize));
  }
  if (view.page > 0) params.set('page', String(view.page + 1));
  return params;
}

/** True when any filter narrows the list. */
export function hasFilters(view: AdrListView): boolean {
  const { filters } = view;
  return (
    filters.status.length > 0 ||
    filters.owner.length > 0 ||
    filters.system.length > 0 ||
    Boolean(
      filters.decisionMaker ||
        filters.from ||
        filters.to ||
        filters.q ||
        filters.stale,
    )
  );
}

/**
 * Whole days an ADR has been proposed: counted from its date, else from when
 * the backend first saw it (an ADR without a date is as old as we know).
 */
export function daysProposed(
  adr: { date: string | null; firstSeenAt: string },
  now: Date,
): number {
  const since = Date.parse(adr.date ?? adr.firstSeenAt);
  if (Number.isNaN(since)) return 0;
  return Math.max(0, Math.floor((now.getTime() - since) / 86_400_000));
}
