import { useCallback, useMemo } from 'react';
import { useSearchParams } from 'react-router-dom';
import {
  Content,
  EmptyState,
  Header,
  Link,
  Page,
  Progress,
  ResponseErrorPanel,
} from '@backstage/core-components';
import { useApi } from '@backstage/core-plugin-api';
import { EntityRefLink } from '@backstage/plugin-catalog-react';
import type {
  AdrListSort,
  AdrStats,
  AdrSummary,
} from '@golden-path/plugin-adr-common';
import Alert from '@mui/material/Alert';
import Button from '@mui/material/Button';
import Chip from '@mui/material/Chip';
import Paper from '@mui/material/Paper';
import Stack from '@mui/material/Stack';
import Table from '@mui/material/Table';
import TableBody from '@mui/material/TableBody';
import TableCell from '@mui/material/TableCell';
import { alpha } from '@mui/material/styles';
import TableContainer from '@mui/material/TableContainer';
import TableHead from '@mui/material/TableHead';
import TablePagination from '@mui/material/TablePagination';
import TableRow from '@mui/material/TableRow';
import TableSortLabel from '@mui/material/TableSortLabel';
import Typography from '@mui/material/Typography';
import useAsync from 'react-use/esm/useAsync';
import { adrApiRef } from '../../api/AdrApi';
import { adrNumberLabel } from '../adrLabel';
import { AdrStatusChip } from '../AdrStatusChip/AdrStatusChip';
import { useAdrHref } from '../AdrReader/readerLinks';
import { PeopleList } from '../PeopleList/PeopleList';
import { AdrFilters } from './AdrFilters';
import {
  AdrListView,
  daysProposed,
  defaultOrder,
  hasFilters,
  PAGE_SIZES,
  readAdrListView,
  writeAdrListView,
} from './adrListSearchParams';

/** Default stale threshold until the backend's stats arrive. */
const DEFAULT_STALE_DAYS = 30;

const ANNOTATION_HELP =
  'Add the golden-path.io/adr-location annotation (a folder of ADRs, as a URL or a path relative to the file) to a catalog-info.yaml, then refresh the entity.';

const SummaryStrip = (props: { stats: AdrStats; onShowStale: () => void }) => {
  const { stats, onShowStale } = props;
  const parts = (
    [
      'accepted',
      'proposed',
      'rejected',
      'deprecated',
      'superseded',
      'unknown',
    ] as const
  )
    .filter(status => stats.byStatus[status] > 0)
    .map(status => `${stats.byStatus[status]} ${status}`);
  return (
    <Stack spacing={1} component="section" aria-label="Summary">
      <Typography variant="body1">
        <strong>
          {stats.total} {stats.total === 1 ? 'ADR' : 'ADRs'}
        </strong>{' '}
        in {stats.entities} {stats.entities === 1 ? 'entity' : 'entities'}
        {parts.length > 0 && ` · ${parts.join(' · ')}`}
        {stats.entitiesWithErrors > 0 &&
          ` · ${stats.entitiesWithErrors} ${
            stats.entitiesWithErrors === 1 ? 'entity' : 'entities'
          } with an unreadable ADR folder`}
      </Typography>
      {stats.staleProposed > 0 && (
        <Alert
          severity="warning"
          action={
            <Button color="inherit" size="small" onClick={onShowStale}>
              Show them
            </Button>
          }
        >
          {stats.staleProposed} proposed for more than {stats.staleProposedDays}{' '}
          days
        </Alert>
      )}
    </Stack>
  );
};

/** The table's columns, with the server-side sort each one asks for. */
const COLUMNS: Array<{ label: string; sort?: AdrListSort }> = [
  { label: 'Number', sort: 'number' },
  { label: 'Title', sort: 'title' },
  { label: 'Status', sort: 'status' },
  { label: 'Date', sort: 'date' },
  { label: 'Entity', sort: 'entity' },
  { label: 'Owner', sort: 'owner' },
  { label: 'Decision makers' },
];

const AdrTable = (props: {
  items: AdrSummary[];
  totalCount: number;
  view: AdrListView;
  onViewChange: (view: AdrListView) => void;
}) => {
  const { items, totalCount, view, onViewChange } = props;
  const href = useAdrHref();
  const now = new Date();
  // The active column turns around; another starts in its own direction.
  const sortBy = (sort: AdrListSort) => {
    const flipped = view.order === 'asc' ? 'desc' : 'asc';
    onViewChange({
      ...view,
      sort,
      order: view.sort === sort ? flipped : defaultOrder(sort),
      page: 0,
    });
  };
  return (
    <Paper>
      <TableContainer>
        <Table
          size="small"
          aria-label="Architecture decision records"
          // Backstage's theme lets table cells break inside a word
          // ("Payme nt service"); wrap between words only.
          sx={{
            '& th, & td': { wordBreak: 'normal', overflowWrap: 'normal' },
          }}
        >
          <TableHead>
            <TableRow>
              {COLUMNS.map(column => {
                const active = column.sort === view.sort;
                return (
                  <TableCell
                    key={column.label}
                    sortDirection={active ? view.order : false}
                  >
                    {column.sort ? (
                      <TableSortLabel
                        active={active}
                        direction={
                          active ? view.order : defaultOrder(column.sort)
                        }
                        onClick={() => sortBy(column.sort!)}
                      >
                        {column.label}
                      </TableSortLabel>
                    ) : (
                      column.label
                    )}
                  </TableCell>
                );
              })}
            </TableRow>
          </TableHead>
          <TableBody>
            {items.map(adr => (
              <TableRow
                key={`${adr.entityRef}:${adr.path}`}
                data-stale={adr.staleProposed ? 'true' : undefined}
                sx={
                  adr.staleProposed
                    ? {
                        bgcolor: theme =>
                          alpha(theme.palette.warning.main, 0.12),
                        '& > td:first-of-type': {
                          borderLeft: 4,
                          borderLeftColor: 'warning.main',
                        },
                      }
                    : undefined
                }
              >
                <TableCell sx={{ whiteSpace: 'nowrap' }}>
                  {adrNumberLabel(adr.number) ?? '—'}
                </TableCell>
                <TableCell>
                  <Link to={href(adr.entityRef, adr.path)}>
                    {adr.title ?? adr.path}
                  </Link>
                </TableCell>
                <TableCell>
                  <Stack
                    direction="row"
                    spacing={1}
                    alignItems="center"
                    sx={{ whiteSpace: 'nowrap' }}
                  >
                    <AdrStatusChip
                      status={adr.status}
                      statusRaw={adr.statusRaw}
                      stale={adr.staleProposed}
                    />
                    {adr.staleProposed && (
                      <Chip
                        size="small"
                        color="warning"
                        variant="outlined"
                        label={`proposed ${daysProposed(adr, now)} days`}
                      />
                    )}
                  </Stack>
                </TableCell>
                <TableCell sx={{ whiteSpace: 'nowrap' }}>
                  {adr.date ?? '—'}
                </TableCell>
                <TableCell>
                  <EntityRefLink entityRef={adr.entityRef} />
                </TableCell>
                <TableCell sx={{ whiteSpace: 'nowrap' }}>
                  {adr.owner ? (
                    <EntityRefLink entityRef={adr.owner} defaultKind="group" />
                  ) : (
                    '—'
                  )}
                </TableCell>
                <TableCell>
                  <PeopleList names={adr.decisionMakers} />
                </TableCell>
              </TableRow>
            ))}
          </TableBody>
        </Table>
      </TableContainer>
      <TablePagination
        component="div"
        count={totalCount}
        page={view.page}
        rowsPerPage={view.pageSize}
        rowsPerPageOptions={[...PAGE_SIZES]}
        onPageChange={(_, page) => onViewChange({ ...view, page })}
        onRowsPerPageChange={event =>
          onViewChange({
            ...view,
            pageSize: Number(event.target.value),
            page: 0,
          })
        }
      />
    </Paper>
  );
};

const TITLE = 'Architecture Decision Records';
const SUBTITLE =
  'Every ADR across the organisation, by status, team and system';

/**
 * The organisation-wide list of ADRs at /adrs: filters kept in the URL,
 * counts by status, stale proposals highlighted, server-side paging.
 * `header` draws its own Backstage header (legacy frontend system).
 */
export const AdrListPage = (props: { header?: boolean }) => {
  const adrApi = useApi(adrApiRef);
  const [searchParams, setSearchParams] = useSearchParams();
  const queryKey = searchParams.toString();
  const view = useMemo(
    () => readAdrListView(new URLSearchParams(queryKey)),
    [queryKey],
  );

  const list = useAsync(
    () =>
      adrApi.listAdrs({
        ...view.filters,
        sort: view.sort,
        order: view.order,
        limit: view.pageSize,
        offset: view.page * view.pageSize,
      }),
    [adrApi, view],
  );
  // Facets and stats make the page nicer but are not needed to use it.
  const facets = useAsync(() => adrApi.getFacets(), [adrApi]);
  const stats = useAsync(() => adrApi.getStats(), [adrApi]);

  const setView = useCallback(
    (next: AdrListView) => setSearchParams(writeAdrListView(next)),
    [setSearchParams],
  );
  const setFilters = useCallback(
    (filters: AdrListView['filters']) => setView({ ...view, filters, page: 0 }),
    [setView, view],
  );

  const filtered = hasFilters(view);
  let body;
  if (list.error) {
    body = <ResponseErrorPanel error={list.error} />;
  } else if (!list.value) {
    body = <Progress />;
  } else if (list.value.totalItems === 0 && !filtered) {
    body = (
      <EmptyState
        missing="content"
        title="No ADRs yet"
        description={ANNOTATION_HELP}
      />
    );
  } else if (list.value.totalItems === 0) {
    body = (
      <EmptyState
        missing="data"
        title="No ADRs match these filters"
        description="Remove a filter or widen the dates."
        action={
          <Button
            variant="contained"
            onClick={() => setFilters({ status: [], owner: [], system: [] })}
          >
            Clear filters
          </Button>
        }
      />
    );
  } else {
    body = (
      <Stack spacing={1}>
        {list.loading && <Progress />}
        <Typography variant="body2" color="text.secondary">
          {list.value.totalItems} matching ADRs
          {list.value.staleProposedCount > 0 &&
            `, ${list.value.staleProposedCount} proposed for too long`}
        </Typography>
        <AdrTable
          items={list.value.items}
          totalCount={list.value.totalItems}
          view={view}
          onViewChange={setView}
        />
      </Stack>
    );
  }

  const content = (
    <Content>
      <Stack spacing={3}>
        {!props.header && (
          <Typography variant="body1" color="text.secondary">
            {SUBTITLE}
          </Typography>
        )}
        {stats.value && (
          <SummaryStrip
            stats={stats.value}
            onShowStale={() => setFilters({ ...view.filters, stale: true })}
          />
        )}
        <AdrFilters
          view={view}
          counts={list.value?.counts}
          facets={facets.value}
          staleProposedDays={
            stats.value?.staleProposedDays ?? DEFAULT_STALE_DAYS
          }
          filtered={filtered}
          onChange={setFilters}
        />
        {facets.error && (
          <Typography variant="body2" color="text.secondary">
            Owner and system choices could not be loaded: {facets.error.message}
          </Typography>
        )}
        {body}
      </Stack>
    </Content>
  );
  if (!props.header) return content;
  return (
    <Page themeId="tool">
      <Header title={TITLE} subtitle={SUBTITLE} />
      {content}
    </Page>
  );
};
