/**
 * One page of an org view's rows, as every paged Golden Path API answers it
 * (the readiness and SLO overviews, the ADR index, the Services page): the
 * rows of the page after filtering and sorting on the server, and how many
 * rows the filters match in all.
 * @public
 */
export type PagedRows<T> = {
  items: T[];
  /** Rows matching the filters, over every page. */
  totalItems: number;
  /** Index of the first row of this page in the sorted rows. */
  offset: number;
  /** The page size asked for. */
  limit: number;
};

/**
 * The paging query parameters every paged API takes:
 * `offset` (default 0), `limit` (default {@link DEFAULT_PAGE_LIMIT}, at most
 * {@link MAX_PAGE_LIMIT}), `order` (`asc` or `desc`).
 * @public
 */
export type PagingQuery = {
  offset?: number;
  limit?: number;
  order?: 'asc' | 'desc';
};

/** @public */
export const DEFAULT_PAGE_LIMIT = 50;
/** @public */
export const MAX_PAGE_LIMIT = 500;
