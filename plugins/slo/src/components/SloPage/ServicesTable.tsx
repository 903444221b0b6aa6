import { EntityRefLink } from '@backstage/plugin-catalog-react';
import type { SloServiceRow } from '@golden-path/plugin-slo-common';
import {
  SortableHeader,
  TierChip,
} from '@golden-path/plugin-golden-path-react';
import Paper from '@mui/material/Paper';
import Table from '@mui/material/Table';
import TableBody from '@mui/material/TableBody';
import TableCell from '@mui/material/TableCell';
import TableContainer from '@mui/material/TableContainer';
import TableHead from '@mui/material/TableHead';
import TableRow from '@mui/material/TableRow';
import { useMemo } from 'react';
import { BudgetBar } from '../BudgetBar/BudgetBar';
import { formatBurnRate } from '../formatPercent';
import { SloStatusChip } from '../SloStatusChip/SloStatusChip';
import type { ServiceSortKey, SloPageView } from './sloPageSearchParams';
import { sortServices } from './sortServices';

/** The direction a column starts in: the worst services on top. */
const FIRST_ORDER: Record<ServiceSortKey, 'asc' | 'desc'> = {
  budget: 'asc',
  burnRate: 'desc',
};

/**
 * Every service of the overview with its worst status, lowest remaining
 * budget and fastest burn; sorted in the browser since the overview holds
 * all rows.
 */
export const ServicesTable = (props: {
  services: SloServiceRow[];
  tierTitles: Partial<Record<string, string>>;
  view: Pick<SloPageView, 'sort' | 'order'>;
  onSort: (sort: ServiceSortKey, order: 'asc' | 'desc') => void;
}) => {
  const { services, tierTitles, view, onSort } = props;
  const rows = useMemo(
    () => sortServices(services, view.sort, view.order),
    [services, view.sort, view.order],
  );
  return (
    <TableContainer component={Paper}>
      <Table size="small" aria-label="Services">
        <TableHead>
          <TableRow>
            <TableCell>Service</TableCell>
            <TableCell>Tier</TableCell>
            <TableCell>Owner</TableCell>
            <TableCell>Status</TableCell>
            <SortableHeader
              column="budget"
              label="Budget remaining"
              sort={view.sort}
              order={view.order}
              firstOrder={FIRST_ORDER.budget}
              onSort={onSort}
            />
            <SortableHeader
              column="burnRate"
              label="Burn rate"
              sort={view.sort}
              order={view.order}
              firstOrder={FIRST_ORDER.burnRate}
              onSort={onSort}
            />
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
              <TableCell>
                <EntityRefLink entityRef={row.entityRef} />
              </TableCell>
              <TableCell>
                <TierChip
                  tier={row.tier}
                  title={row.tier ? tierTitles[row.tier] : undefined}
                />
              </TableCell>
              <TableCell sx={{ whiteSpace: 'nowrap' }}>
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
                  label={`Budget remaining of ${row.entityRef}`}
                />
              </TableCell>
              <TableCell
                sx={{
                  whiteSpace: 'nowrap',
                  fontVariantNumeric: 'tabular-nums',
                }}
              >
                {formatBurnRate(row.burnRate)}
              </TableCell>
              <TableCell align="right">{row.firingAlerts}</TableCell>
              <TableCell align="right">{row.tierViolations}</TableCell>
            </TableRow>
          ))}
        </TableBody>
      </Table>
    </TableContainer>
  );
};
