import { useMemo } from 'react';
import { useSearchParams } from 'react-router-dom';
import useAsync from 'react-use/esm/useAsync';
import useAsyncRetry from 'react-use/esm/useAsyncRetry';

/**
 * Options of {@link useFilteredOverview}.
 * @public
 */
export type FilteredOverviewOptions<
  V extends { filters: unknown },
  O extends { services: unknown[] },
> = {
  /** The page's view (filters, sort...) from the URL. */
  read: (params: URLSearchParams) => V;
  /** The URL of a view. */
  write: (view: V) => URLSearchParams;
  hasFilters: (view: V) => boolean;
  /** Fetches the overview for these filters (`{}`: the whole organisation). */
  load: (filters: V['filters'] | Partial<V['filters']>) => Promise<O>;
  /** What `load` depends on besides the filters (the API client). */
  deps: readonly unknown[];
};

/**
 * The state of an org page whose view lives in the URL: the view, the
 * overview for its filters (asked again only when a filter changes, not
 * when sorting), and the services the filter pickers offer: those of the
 * whole organisation, so a second owner can be added to a filtered page.
 * @public
 */
export function useFilteredOverview<
  V extends { filters: unknown },
  O extends { services: unknown[] },
>(options: FilteredOverviewOptions<V, O>) {
  type F = V['filters'];
  type S = O['services'][number];
  const { read, write, hasFilters, load, deps } = options;
  const [searchParams, setSearchParams] = useSearchParams();
  const queryKey = searchParams.toString();
  // eslint-disable-next-line react-hooks/exhaustive-deps
  const view = useMemo(() => read(new URLSearchParams(queryKey)), [queryKey]);
  const filtersKey = JSON.stringify(view.filters);
  // eslint-disable-next-line react-hooks/exhaustive-deps
  const filters = useMemo(() => JSON.parse(filtersKey) as F, [filtersKey]);
  const filtered = hasFilters(view);
  // eslint-disable-next-line react-hooks/exhaustive-deps
  const overview = useAsyncRetry(() => load(filters), [...deps, filters]);
  const choices = useAsync(
    async () => (filtered ? load({}) : undefined),
    // eslint-disable-next-line react-hooks/exhaustive-deps
    [...deps, filtered],
  );
  const choiceServices: S[] =
    (filtered ? choices.value?.services : overview.value?.services) ?? [];
  const setView = (next: V) => setSearchParams(write(next));
  const setFilters = (next: F) => setView({ ...view, filters: next });
  return {
    view,
    filters,
    filtered,
    overview,
    choiceServices,
    setView,
    setFilters,
  };
}
