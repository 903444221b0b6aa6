import { EmptyState, Link } from '@backstage/core-components';
import { useApi } from '@backstage/core-plugin-api';
import { ANNOTATION_TIER } from '@golden-path/plugin-golden-path-common';
import {
  OrgPage,
  PageSection,
  useFilteredOverview,
} from '@golden-path/plugin-golden-path-react';
import type { ReadinessOverview } from '@golden-path/plugin-readiness-common';
import Button from '@mui/material/Button';
import Grid from '@mui/material/Grid';
import Typography from '@mui/material/Typography';
import useAsync from 'react-use/esm/useAsync';
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
import { ServicesTable } from './ServicesTable';

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
  onSort: (
    sort: ReadinessPageView['sort'],
    order: ReadinessPageView['order'],
  ) => void;
  onByChange: (by: ReadinessPageView['by']) => void;
}) => {
  const { overview, view, filters, onSort, onByChange } = props;
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
          services={overview.services.length}
          categories={filters.category}
        />
      </PageSection>
      <PageSection title="Services">
        <ServicesTable
          services={overview.services}
          view={view}
          onSort={onSort}
        />
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
  const {
    view,
    filters,
    filtered,
    overview,
    choiceServices,
    setView,
    setFilters,
  } = useFilteredOverview({
    read: readReadinessPageView,
    write: writeReadinessPageView,
    hasFilters,
    load: query => readinessApi.getOverview(query),
    deps: [readinessApi],
  });

  const value = overview.value;
  return (
    <OrgPage
      title="Readiness scorecards"
      subtitle={SUBTITLE}
      noHeader={props.noHeader}
      state={overview}
      filtered={filtered}
      onClearFilters={() => setFilters(NO_FILTERS)}
      isEmpty={answer => answer.services.length === 0}
      nothingYet={<NoServicesYet readmeUrl={props.readmeUrl} />}
      controls={
        <>
          <ReadinessFilters
            filters={view.filters}
            services={choiceServices}
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
          onSort={(sort, order) => setView({ ...view, sort, order })}
          onByChange={by => setView({ ...view, by })}
        />
      )}
    </OrgPage>
  );
};
