import {
  type ReactNode,
  useCallback,
  useEffect,
  useMemo,
  useRef,
  useState,
} from 'react';
import { useSearchParams } from 'react-router-dom';
import useAsyncRetry from 'react-use/esm/useAsyncRetry';
import {
  EmptyState,
  Link,
  Progress,
  ResponseErrorPanel,
} from '@backstage/core-components';
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
} from '@golden-path/plugin-golden-path-react';
import {
  sloRefreshAllPermission,
  type SloOverview,
  type SloServicesPage,
} from '@golden-path/plugin-slo-common';
import Alert from '@mui/material/Alert';
import Button from '@mui/material/Button';
import CircularProgress from '@mui/material/CircularProgress';
import Stack from '@mui/material/Stack';
import TextField from '@mui/material/TextField';
import Typography from '@mui/material/Typography';
import { sloApiRef } from '../../api/SloApi';
import { FiringAlerts } from './FiringAlerts';
import { ROWS_PER_PAGE, ServicesTable } from './ServicesTable';
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

/** How long the search waits after the last key before asking. */
const SEARCH_DEBOUNCE_MS = 300;

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

/**
 * The services table's search field: asks the backend (through the URL's
 * `q`) once typing pauses, not on every key.
 */
const ServiceSearch = (props: {
  value: string;
  onChange: (q: string) => void;
}) => {
  const { value } = props;
  const [text, setText] = useState(value);
  const onChange = useRef(props.onChange);
  onChange.current = props.onChange;
  // A new value from outside (a shared URL, back): show it.
  useEffect(() => setText(value), [value]);
  useEffect(() => {
    if (text === value) return undefined;
    const timer = setTimeout(() => onChange.current(text), SEARCH_DEBOUNCE_MS);
    return () => clearTimeout(timer);
  }, [text, value]);
  return (
    <TextField
      size="small"
      type="search"
      label="Search services"
      placeholder="Name, owner or system"
      value={text}
      onChange={event => setText(event.target.value.slice(0, 200))}
      inputProps={{ 'data-testid': 'slo-services-search' }}
      sx={{ maxWidth: 360 }}
    />
  );
};

/** The services table's answer: a page, an error, and whether it loads. */
type ServicesState = {
  value?: SloServicesPage;
  error?: Error;
  loading: boolean;
};

const Services = (props: {
  state: ServicesState;
  tierTitles: Partial<Record<string, string>>;
  view: SloPageView;
  onSort: (sort: SloPageView['sort'], order: SloPageView['order']) => void;
  onSearch: (q: string) => void;
  onPageChange: (offset: number) => void;
  onRowsPerPageChange: (limit: number) => void;
}) => {
  const { state, view } = props;
  let table;
  if (state.error) table = <ResponseErrorPanel error={state.error} />;
  else if (!state.value) table = <Progress />;
  else {
    table = (
      <ServicesTable
        page={state.value}
        tierTitles={props.tierTitles}
        view={view}
        onSort={props.onSort}
        loading={state.loading}
        onPageChange={props.onPageChange}
        onRowsPerPageChange={props.onRowsPerPageChange}
      />
    );
  }
  return (
    <Stack spacing={1}>
      <ServiceSearch value={view.q} onChange={props.onSearch} />
      {table}
    </Stack>
  );
};

const Dashboard = (props: { overview: SloOverview; services: ReactNode }) => {
  const { overview } = props;
  return (
    <>
      <PageSection title="Tiers">
        <TierRows tiers={overview.tiers} />
      </PageSection>
      <PageSection title="Alerts firing now">
        <FiringAlerts alerts={overview.firingAlerts} />
      </PageSection>
      <PageSection title="Services">{props.services}</PageSection>
      <PageSection title="Tier violations">
        <TierViolations violations={overview.tierViolations} />
      </PageSection>
    </>
  );
};

/**
 * The page's state: the view in the URL (filters, sort, search), the
 * overview's aggregates for its filters (asked again only when a filter
 * changes), and the services table's page (asked again when the filters,
 * sort, search or page change; a new filter, sort or search starts at the
 * first page).
 */
function useSloDashboard() {
  const sloApi = useApi(sloApiRef);
  const [searchParams, setSearchParams] = useSearchParams();
  const queryKey = searchParams.toString();
  const view = useMemo(
    () => readSloPageView(new URLSearchParams(queryKey)),
    [queryKey],
  );
  const filtersKey = JSON.stringify(view.filters);
  const filters = useMemo(
    () => JSON.parse(filtersKey) as SloPageView['filters'],
    [filtersKey],
  );
  const overview = useAsyncRetry(
    () => sloApi.getOverview(filters),
    [sloApi, filters],
  );

  const [limit, setLimit] = useState(ROWS_PER_PAGE[0]);
  const tableKey = JSON.stringify([filters, view.sort, view.order, view.q]);
  const [paging, setPaging] = useState({ key: tableKey, offset: 0 });
  const offset = paging.key === tableKey ? paging.offset : 0;
  const { sort, order, q } = view;
  const services = useAsyncRetry(
    () =>
      sloApi.getServices({
        ...filters,
        q: q || undefined,
        sort,
        order,
        offset,
        limit,
      }),
    [sloApi, filters, sort, order, q, offset, limit],
  );
  // Past the last page (the services changed since): the last page.
  const total = services.value?.totalItems;
  useEffect(() => {
    if (total !== undefined && total > 0 && offset >= total) {
      setPaging({
        key: tableKey,
        offset: Math.floor((total - 1) / limit) * limit,
      });
    }
  }, [total, offset, limit, tableKey]);

  const setView = (next: SloPageView, replace = false) =>
    setSearchParams(writeSloPageView(next), { replace });
  return {
    sloApi,
    view,
    filtered: hasFilters(view),
    overview,
    services,
    setView,
    setOffset: (next: number) => setPaging({ key: tableKey, offset: next }),
    setLimit: (next: number) => {
      setLimit(next);
      setPaging({ key: tableKey, offset: 0 });
    },
  };
}

/**
 * The SLO tier dashboard at /slo: one row per tier, the alerts firing now,
 * the services sortable by budget and burn rate (paged, sorted and searched
 * on the server), and the tier violations; filters by owner team, system
 * and tier, the sort and the search kept in the URL.
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
  const {
    sloApi,
    view,
    filtered,
    overview,
    services,
    setView,
    setOffset,
    setLimit,
  } = useSloDashboard();
  const { retry: retryOverview } = overview;
  const { retry: retryServices } = services;

  const onRecomputed = useCallback(() => {
    retryOverview();
    retryServices();
  }, [retryOverview, retryServices]);
  const { status: recomputeStatus, recompute } = useRecompute(
    sloApi,
    onRecomputed,
  );

  const setSort = (sort: SloPageView['sort'], order: SloPageView['order']) =>
    setView({ ...view, sort, order });
  const setFilters = (filters: SloPageView['filters']) =>
    setView({ ...view, filters });

  const value = overview.value;
  const tierTitles = Object.fromEntries(
    (value?.tiers ?? []).map(row => [row.tier, row.title]),
  );
  return (
    <OrgPage
      title="SLO tier dashboard"
      subtitle={SUBTITLE}
      noHeader={props.noHeader}
      state={overview}
      filtered={filtered}
      onClearFilters={() => setFilters({ owner: [], system: [], tier: [] })}
      isEmpty={answer => answer.totalServices === 0}
      nothingYet={<NoSlosYet readmeUrl={props.readmeUrl} />}
      controls={
        <>
          <SloFilters
            view={view}
            choices={value?.choices ?? { owner: [], system: [] }}
            tierTitles={tierTitles}
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
      {answer => (
        <Dashboard
          overview={answer}
          services={
            <Services
              state={services}
              tierTitles={tierTitles}
              view={view}
              onSort={setSort}
              onSearch={q => setView({ ...view, q }, true)}
              onPageChange={setOffset}
              onRowsPerPageChange={setLimit}
            />
          }
        />
      )}
    </OrgPage>
  );
};
