import { useCallback } from 'react';
import { EmptyState, Link } from '@backstage/core-components';
import { useApi } from '@backstage/core-plugin-api';
import { usePermission } from '@backstage/plugin-permission-react';
import {
  ANNOTATION_TIER,
  tierNamesInWords,
} from '@golden-path/plugin-golden-path-common';
import {
  OrgPage,
  PageSection,
  refreshRateLimitMessage,
  useFilteredOverview,
} from '@golden-path/plugin-golden-path-react';
import {
  sloRefreshAllPermission,
  type SloOverview,
} from '@golden-path/plugin-slo-common';
import Alert from '@mui/material/Alert';
import Button from '@mui/material/Button';
import CircularProgress from '@mui/material/CircularProgress';
import Stack from '@mui/material/Stack';
import Typography from '@mui/material/Typography';
import { sloApiRef } from '../../api/SloApi';
import { FiringAlerts } from './FiringAlerts';
import { ServicesTable } from './ServicesTable';
import { SloFilters } from './SloFilters';
import {
  hasFilters,
  readSloPageView,
  SloPageView,
  writeSloPageView,
} from './sloPageSearchParams';
import { TierRows } from './TierRows';
import { TierViolations } from './TierViolations';
import { RecomputeState, useRecompute } from './useRecompute';

const SUBTITLE =
  'Objectives by tier, error budgets and burn-rate alerts for every service';

/**
 * When the budgets were computed, and, for those allowed to recompute every
 * SLO (`slo.refresh.all`), the "Recompute now" button with what it did.
 */
const ComputeToolbar = (props: {
  computedAt: string | null;
  status: RecomputeState;
  onRecompute: () => void;
}) => {
  const { computedAt, status, onRecompute } = props;
  const running = status.state === 'running';
  const permission = usePermission({ permission: sloRefreshAllPermission });
  const canRecompute = !permission.loading && permission.allowed;
  const limited =
    status.state === 'failed'
      ? refreshRateLimitMessage(status.error)
      : undefined;
  return (
    <Stack spacing={1}>
      <Stack
        direction="row"
        spacing={2}
        alignItems="center"
        flexWrap="wrap"
        useFlexGap
      >
        <Typography
          variant="body2"
          color="text.secondary"
          data-testid="slo-computed-at"
        >
          {computedAt
            ? `Budgets computed at ${new Date(computedAt).toLocaleString()}`
            : 'Budgets have not been computed yet'}
        </Typography>
        {canRecompute && (
          <Button
            size="small"
            variant="outlined"
            onClick={onRecompute}
            disabled={running}
            startIcon={
              running ? <CircularProgress size={14} aria-hidden /> : undefined
            }
          >
            {running ? 'Recomputing…' : 'Recompute now'}
          </Button>
        )}
        <span role="status" data-testid="slo-recompute-status">
          {status.state === 'done' && (
            <Typography variant="body2" color="success.main" component="span">
              Recomputed at {new Date(status.computedAt).toLocaleTimeString()}
            </Typography>
          )}
          {status.state === 'pending' && (
            <Typography variant="body2" color="text.secondary" component="span">
              The recomputation is still running; the numbers update when it
              finishes.
            </Typography>
          )}
        </span>
      </Stack>
      {status.state === 'failed' && limited && (
        <Alert severity="info" data-testid="slo-recompute-error">
          {limited}
        </Alert>
      )}
      {status.state === 'failed' && !limited && (
        <Alert severity="error" data-testid="slo-recompute-error">
          Recomputing failed: {status.error.message}
        </Alert>
      )}
    </Stack>
  );
};

const NoSlosYet = (props: { readmeUrl?: string }) => (
  <EmptyState
    missing="content"
    title="No SLOs yet"
    description={
      <>
        Every component with the <code>{ANNOTATION_TIER}</code> annotation (
        {tierNamesInWords()}) gets availability, latency and error-rate SLOs
        from its tier; an OpenSLO file named by <code>golden-path.io/slo</code>{' '}
        may tighten them. Budgets appear once SLI data arrives, through{' '}
        <code>POST /api/slo/v1/sli</code> or a Prometheus data source. See “Give
        a service SLOs” in the README of <code>@golden-path/plugin-slo</code>.
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

const Dashboard = (props: {
  overview: SloOverview;
  view: SloPageView;
  onSort: (sort: SloPageView['sort'], order: SloPageView['order']) => void;
}) => {
  const { overview, view, onSort } = props;
  const tierTitles = Object.fromEntries(
    overview.tiers.map(row => [row.tier, row.title]),
  );
  return (
    <>
      <PageSection title="Tiers">
        <TierRows tiers={overview.tiers} />
      </PageSection>
      <PageSection title="Alerts firing now">
        <FiringAlerts alerts={overview.firingAlerts} />
      </PageSection>
      <PageSection title="Services">
        <ServicesTable
          services={overview.services}
          tierTitles={tierTitles}
          view={view}
          onSort={onSort}
        />
      </PageSection>
      <PageSection title="Tier violations">
        <TierViolations violations={overview.tierViolations} />
      </PageSection>
    </>
  );
};

/**
 * The SLO tier dashboard at /slo: one row per tier, the alerts firing now,
 * the services sortable by budget and burn rate, and the tier violations;
 * filters by owner team, system and tier kept in the URL.
 * @public
 */
export const SloPage = (props: {
  /** Where the empty state's "Read the README" button leads. */
  readmeUrl?: string;
  /**
   * Leave out the page's own Backstage header: the new frontend system's
   * page header names the page instead.
   */
  noHeader?: boolean;
}) => {
  const sloApi = useApi(sloApiRef);
  const { view, filtered, overview, choiceServices, setView, setFilters } =
    useFilteredOverview({
      read: readSloPageView,
      write: writeSloPageView,
      hasFilters,
      load: filters => sloApi.getOverview(filters),
      deps: [sloApi],
    });
  const { retry } = overview;

  const onRecomputed = useCallback(() => retry(), [retry]);
  const { status: recomputeStatus, recompute } = useRecompute(
    sloApi,
    onRecomputed,
  );

  const setSort = (sort: SloPageView['sort'], order: SloPageView['order']) =>
    setView({ ...view, sort, order });

  const value = overview.value;
  return (
    <OrgPage
      title="SLO tier dashboard"
      subtitle={SUBTITLE}
      noHeader={props.noHeader}
      state={overview}
      filtered={filtered}
      onClearFilters={() => setFilters({ owner: [], system: [], tier: [] })}
      isEmpty={answer => answer.services.length === 0}
      nothingYet={<NoSlosYet readmeUrl={props.readmeUrl} />}
      controls={
        <>
          <SloFilters
            view={view}
            services={choiceServices}
            tierTitles={Object.fromEntries(
              (value?.tiers ?? []).map(row => [row.tier, row.title]),
            )}
            filtered={filtered}
            onChange={setFilters}
          />
          {value && (
            <ComputeToolbar
              computedAt={value.computedAt}
              status={recomputeStatus}
              onRecompute={recompute}
            />
          )}
        </>
      }
    >
      {answer => <Dashboard overview={answer} view={view} onSort={setSort} />}
    </OrgPage>
  );
};
