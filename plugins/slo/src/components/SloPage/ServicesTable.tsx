import { EntityRefLink } from '@backstage/plugin-catalog-react';
import type {
  SloServiceRow,
  SloServicesPage,
} from '@golden-path/plugin-slo-common';
import {
  SortableHeader,
  TierChip,
} from '@golden-path/plugin-golden-path-react';
import LinearProgress from '@mui/material/LinearProgress';
import Paper from '@mui/material/Paper';
import Table from '@mui/material/Table';
import TableBody from '@mui/material/TableBody';
import TableCell from '@mui/material/TableCell';
import TableContainer from '@mui/material/TableContainer';
import TableHead from '@mui/material/TableHead';
import TablePagination from '@mui/material/TablePagination';
import TableRow from '@mui/material/TableRow';
import Typography from '@mui/material/Typography';
import { BudgetBar } from '../BudgetBar/BudgetBar';
import { formatBurnRate } from '../formatPercent';
import { SloStatusChip } from '../SloStatusChip/SloStatusChip';
import type { ServiceSortKey, SloPageView } from './sloPageSearchParams';

/** The page sizes offered; the first is the default. */
export const ROWS_PER_PAGE = [25, 50, 100];

/** The direction a column starts in: the worst services on top. */
const FIRST_ORDER: Record<ServiceSortKey, 'asc' | 'desc'> = {
  service: 'asc',
  tier: 'asc',
  owner: 'asc',
  status: 'asc',
  budget: 'asc',
  burnRate: 'desc',
};

const COLUMNS: Array<{ key: ServiceSortKey; label: string }> = [
  { key: 'service', label: 'Service' },
  { key: 'tier', label: 'Tier' },
  { key: 'owner', label: 'Owner' },
  { key: 'status', label: 'Status' },
  { key: 'budget', label: 'Budget remaining' },
  { key: 'burnRate', label: 'Burn rate' },
];

/** "2.1×" with the window it was measured over. */
const BurnRate = (props: { row: SloServiceRow }) => {
  const { burnRate, burnRateWindow } = props.row;
  if (burnRate === null || !burnRateWindow) return <>{formatBurnRate(null)}</>;
  return (
    <span
      title={`The highest burn rate of its SLOs over the last ${burnRateWindow}: 1× spends the budget exactly over the window`}
      data-testid="burn-rate"
    >
      {formatBurnRate(burnRate)}{' '}
      <Typography component="span" variant="caption" color="text.secondary">
        over {burnRateWindow}
      </Typography>
    </span>
  );
};

/**
 * One page of the services with their worst status, lowest remaining
 * budget and current burn, as the backend filtered, searched, sorted and
 * cut them (`GET /v1/services`); every column header sorts there (tier in
 * tier order, owner by name), the pagination below asks for other pages.
 * Headers never break inside a word.
 */
export const ServicesTable = (props: {
  page: SloServicesPage;
  tierTitles: Partial<Record<string, string>>;
  view: Pick<SloPageView, 'sort' | 'order'>;
  onSort: (sort: ServiceSortKey, order: 'asc' | 'desc') => void;
  /** Whether another page is being fetched (the current one stays shown). */
  loading: boolean;
  onPageChange: (offset: number) => void;
  onRowsPerPageChange: (limit: number) => void;
}) => {
  const { page, tierTitles, view, onSort, loading } = props;
  const rows = page.items;
  return (
    <TableContainer component={Paper}>
      {loading ? (
        <LinearProgress
          aria-label="Loading services"
          data-testid="slo-services-loading"
        />
      ) : null}
      <Table
        size="small"
        aria-label="Services"
        aria-busy={loading}
        sx={{
          '& th': { whiteSpace: 'nowrap' },
          // Narrower gutters than MUI's: eight columns at 1280 px.
          '& th, & td': { px: 1 },
          '& th:first-of-type, & td:first-of-type': { pl: 2 },
        }}
      >
        <TableHead>
          <TableRow>
            {COLUMNS.map(column => (
              <SortableHeader
                key={column.key}
                column={column.key}
                label={column.label}
                sort={view.sort}
                order={view.order}
                firstOrder={FIRST_ORDER[column.key]}
                onSort={onSort}
              />
            ))}
            <TableCell align="right">Alerts</TableCell>
            <TableCell align="right">Violations</TableCell>
          </TableRow>
        </TableHead>
        <TableBody>
          {rows.map(row => (
            <TableRow
              key={row.entityRef}
              data-testid="slo-service-row"
              data-entity-ref={row.entityRef}
            >
              <TableCell sx={{ minWidth: 120 }}>
                <EntityRefLink entityRef={row.entityRef} />
              </TableCell>
              <TableCell>
                <TierChip
                  tier={row.tier}
                  title={row.tier ? tierTitles[row.tier] : undefined}
                />
              </TableCell>
              <TableCell sx={{ minWidth: 110 }}>
                {row.owner ? (
                  <EntityRefLink entityRef={row.owner} defaultKind="group" />
                ) : (
                  '—'
                )}
              </TableCell>
              <TableCell>
                <SloStatusChip status={row.status} />
              </TableCell>
              <TableCell>
                <BudgetBar
                  remaining={row.budgetRemaining}
                  label={`Budget remaining of ${row.title ?? row.entityRef}`}
                />
              </TableCell>
              <TableCell
                sx={{
                  whiteSpace: 'nowrap',
                  fontVariantNumeric: 'tabular-nums',
                }}
              >
                <BurnRate row={row} />
              </TableCell>
              <TableCell align="right">{row.firingAlerts}</TableCell>
              <TableCell align="right">{row.tierViolations}</TableCell>
            </TableRow>
          ))}
          {rows.length === 0 && (
            <TableRow>
              <TableCell colSpan={COLUMNS.length + 2}>
                <Typography
                  variant="body2"
                  color="text.secondary"
                  data-testid="slo-services-none"
                >
                  No services match this search.
                </Typography>
              </TableCell>
            </TableRow>
          )}
        </TableBody>
      </Table>
      <TablePagination
        component="div"
        data-testid="slo-services-pagination"
        count={page.totalItems}
        page={Math.min(
          Math.floor(page.offset / page.limit),
          Math.max(0, Math.ceil(page.totalItems / page.limit) - 1),
        )}
        rowsPerPage={page.limit}
        rowsPerPageOptions={ROWS_PER_PAGE}
        onPageChange={(_, next) => props.onPageChange(next * page.limit)}
        onRowsPerPageChange={event =>
          props.onRowsPerPageChange(Number(event.target.value))
        }
      />
    </TableContainer>
  );
};
