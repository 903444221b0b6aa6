import { EmptyState, Link } from '@backstage/core-components';
import { useApi } from '@backstage/core-plugin-api';
import { ANNOTATION_TIER } from '@golden-path/plugin-golden-path-common';
import { OrgPage, PageSection } from '@golden-path/plugin-golden-path-react';
import type { ReadinessOverview } from '@golden-path/plugin-readiness-common';
import Button from '@mui/material/Button';
import Grid from '@mui/material/Grid';
import Typography from '@mui/material/Typography';
import { useMemo, useState } from 'react';
import { useSearchParams } from 'react-router-dom';
import useAsync from 'react-use/esm/useAsync';
import useAsyncRetry from 'react-use/esm/useAsyncRetry';
import useDebounce from 'react-use/esm/useDebounce';
import { readinessApiRef } from '../../api/ReadinessApi';
import { TrendChart } from '../TrendChart/TrendChart';
import { Leaderboard } from './Leaderboard';
import { LevelSummary } from './LevelSummary';
import { MostFailedChecks } from './MostFailedChecks';
import { ReadinessFilters } from './ReadinessFilters';
import {
  hasFilters,
  NO_FILTERS,
  ReadinessPageFilters,
  ReadinessPageView,
  readReadinessPageView,
  writeReadinessPageView,
} from './readinessPageSearchParams';
import { ROWS_PER_PAGE, ServicesTable } from './ServicesTable';

/** How long typing pauses before the search is sent. */
const SEARCH_DEBOUNCE_MS = 300;

/**
 * The services table's page, sort and search: one page asked for at a
 * time, back to the first page when the filters, the sort or the search
 * change.
 */
const ServicesSection = (props: {
  view: ReadinessPageView;
  filters: ReadinessPageFilters;
  setView: (view: ReadinessPageView) => void;
}) => {
  const { view, filters, setView } = props;
  const readinessApi = useApi(readinessApiRef);
  const [search, setSearch] = useState(view.q);
  useDebounce(
    () => {
      if (search !== view.q) setView({ ...view, q: search });
    },
    SEARCH_DEBOUNCE_MS,
    [search],
  );
  const [rowsPerPage, setRowsPerPage] = useState(ROWS_PER_PAGE[0]);
  // The page belongs to one query: another query starts at the first.
  const queryKey = JSON.stringify([filters, view.sort, view.order, view.q]);
  const [paging, setPaging] = useState({ key: queryKey, index: 0 });
  const pageIndex = paging.key === queryKey ? paging.index : 0;
  const services = useAsync(
    () =>
      readinessApi.getServices({
        ...filters,
        sort: view.sort,
        order: view.order,
        q: view.q,
        offset: pageIndex * rowsPerPage,
        limit: rowsPerPage,
      }),
    [
      readinessApi,
      filters,
      view.sort,
      view.order,
      view.q,
      pageIndex,
      rowsPerPage,
    ],
  );
  return (
    <ServicesTable
      page={services.value}
      loading={services.loading}
      error={services.error}
      view={view}
      onSort={(sort, order) => setView({ ...view, sort, order })}
      search={search}
      onSearch={setSearch}
      pageIndex={pageIndex}
      rowsPerPage={rowsPerPage}
      onPage={(index, rows) => {
        setRowsPerPage(rows);
        setPaging({ key: queryKey, index });
      }}
    />
  );
};

const SUBTITLE =
  "Each service's readiness level against the level its tier requires";

const NoServicesYet = (props: { readmeUrl?: string }) => (
  <EmptyState
    missing="content"
    title="No services evaluated yet"
    description={
      <>
        The readiness backend evaluates every Component of the catalog on its
        schedule (<code>goldenPath.readiness.schedule</code>) and checks it
        against the level its <code>{ANNOTATION_TIER}</code> requires. Wait for
        the first run, or open a component's <strong>Readiness</strong> tab and
        press <strong>Refresh now</strong> to evaluate it at once. If this stays
        empty, the backend log says why (no components in the catalog, or check
        definitions that could not be read).
      </>
    }
    action={
      props.readmeUrl ? (
        <Button variant="contained" component={Link} to={props.readmeUrl}>
          Read the README
        </Button>
      ) : undefined
    }
  />
);

const Scorecards = (props: {
  overview: ReadinessOverview;
  view: ReadinessPageView;
  filters: ReadinessPageFilters;
  setView: (view: ReadinessPageView) => void;
}) => {
  const { overview, view, filters, setView } = props;
  const onByChange = (by: ReadinessPageView['by']) => setView({ ...view, by });
  const readinessApi = useApi(readinessApiRef);
  // The owner leaderboard comes with the overview; the others are asked for.
  const rollup = useAsync(
    async () =>
      view.by === 'owner'
        ? undefined
        : readinessApi.getRollup(view.by, filters),
    [readinessApi, view.by, filters],
  );
  let groups: ReadinessOverview['teams'] | undefined = overview.teams;
  if (view.by !== 'owner') {
    // Until the new grouping arrives, show progress rather than the old one.
    groups = rollup.value?.by === view.by ? rollup.value.groups : undefined;
  }
  return (
    <>
      <PageSection title="Summary">
        <LevelSummary
          levels={overview.levels}
          statuses={overview.statuses}
          services={overview.totalServices}
          categories={filters.category}
        />
      </PageSection>
      <PageSection title="Services">
        <ServicesSection view={view} filters={filters} setView={setView} />
      </PageSection>
      <Grid container spacing={3}>
        <Grid item xs={12} xl={6}>
          <PageSection title="Leaderboard">
            <Leaderboard
              by={view.by}
              onByChange={onByChange}
              groups={groups}
              error={view.by === 'owner' ? undefined : rollup.error}
            />
          </PageSection>
        </Grid>
        <Grid item xs={12} xl={6}>
          <PageSection title="Most failed checks">
            <MostFailedChecks checks={overview.failingChecks} />
          </PageSection>
        </Grid>
      </Grid>
      <PageSection title="Trend">
        {filters.category.length > 0 && (
          <Typography variant="body2" color="text.secondary">
            The trend counts every category&apos;s checks: the history keeps
            levels, not single checks.
          </Typography>
        )}
        <TrendChart trend={overview.trend} />
      </PageSection>
    </>
  );
};

/**
 * The readiness scorecards at /readiness: how many services meet the level
 * their tier requires, every service's level, score and failing checks, a
 * leaderboard, the most failed checks and the trend; filters by owner team,
 * system, tier and category kept in the URL.
 * @public
 */
export const ReadinessPage = (props: {
  /** Where the empty state's "Read the README" button leads. */
  readmeUrl?: string;
  /**
   * Leave out the page's own Backstage header: the new frontend system's
   * page header names the page instead.
   */
  noHeader?: boolean;
}) => {
  const readinessApi = useApi(readinessApiRef);
  const [searchParams, setSearchParams] = useSearchParams();
  const queryKey = searchParams.toString();
  const view = useMemo(
    () => readReadinessPageView(new URLSearchParams(queryKey)),
    [queryKey],
  );
  const filtersKey = JSON.stringify(view.filters);
  const filters = useMemo(
    () => JSON.parse(filtersKey) as ReadinessPageFilters,
    [filtersKey],
  );
  const filtered = hasFilters(view);
  // The aggregates (and the filter choices); the table asks for its pages.
  const overview = useAsyncRetry(
    () => readinessApi.getOverview(filters),
    [readinessApi, filters],
  );
  const setView = (next: ReadinessPageView) =>
    setSearchParams(writeReadinessPageView(next));
  const setFilters = (next: ReadinessPageFilters) =>
    setView({ ...view, filters: next });

  const value = overview.value;
  return (
    <OrgPage
      title="Readiness scorecards"
      subtitle={SUBTITLE}
      noHeader={props.noHeader}
      state={overview}
      filtered={filtered}
      onClearFilters={() => setFilters(NO_FILTERS)}
      isEmpty={answer => answer.totalServices === 0}
      nothingYet={<NoServicesYet readmeUrl={props.readmeUrl} />}
      controls={
        <>
          <ReadinessFilters
            filters={view.filters}
            choices={value?.choices}
            filtered={filtered}
            onChange={setFilters}
          />
          {value && (
            <Typography
              variant="body2"
              color="text.secondary"
              data-testid="readiness-evaluated-at"
            >
              {value.evaluatedAt
                ? `Last evaluated at ${new Date(
                    value.evaluatedAt,
                  ).toLocaleString()}`
                : 'Not evaluated yet'}
            </Typography>
          )}
        </>
      }
    >
      {answer => (
        <Scorecards
          overview={answer}
          view={view}
          filters={filters}
          setView={setView}
        />
      )}
    </OrgPage>
  );
};
