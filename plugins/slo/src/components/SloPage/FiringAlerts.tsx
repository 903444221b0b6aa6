import { EntityRefLink } from '@backstage/plugin-catalog-react';
import type { SloOverview } from '@golden-path/plugin-slo-common';
import Paper from '@mui/material/Paper';
import Table from '@mui/material/Table';
import TableBody from '@mui/material/TableBody';
import TableCell from '@mui/material/TableCell';
import TableContainer from '@mui/material/TableContainer';
import TableHead from '@mui/material/TableHead';
import TableRow from '@mui/material/TableRow';
import Typography from '@mui/material/Typography';
import { AlertSeverityChip } from '../AlertSeverityChip/AlertSeverityChip';
import { formatBurnRate } from '../formatPercent';

type FiringAlert = SloOverview['firingAlerts'][number];

/** Pages before tickets, then the fastest burn first. */
function alertOrder(a: FiringAlert, b: FiringAlert): number {
  if (a.severity !== b.severity) return a.severity === 'page' ? -1 : 1;
  return b.longBurnRate - a.longBurnRate || a.sloRef.localeCompare(b.sloRef);
}

/** "15.2× over 1h" */
function windowRate(rate: number, window: string) {
  return `${formatBurnRate(rate)} over ${window}`;
}

/** The multi-window burn-rate alerts firing now, pages first. */
export const FiringAlerts = (props: {
  alerts: SloOverview['firingAlerts'];
}) => {
  const { alerts } = props;
  if (alerts.length === 0) {
    return (
      <Typography variant="body2" color="text.secondary">
        No burn-rate alerts are firing.
      </Typography>
    );
  }
  return (
    <TableContainer component={Paper}>
      <Table size="small" aria-label="Alerts firing now">
        <TableHead>
          <TableRow>
            <TableCell>Severity</TableCell>
            <TableCell>Service</TableCell>
            <TableCell>SLO</TableCell>
            <TableCell>Long window</TableCell>
            <TableCell>Short window</TableCell>
            <TableCell>Threshold</TableCell>
          </TableRow>
        </TableHead>
        <TableBody>
          {[...alerts].sort(alertOrder).map(alert => (
            <TableRow
              key={`${alert.sloRef}:${alert.name}`}
              data-testid="firing-alert"
            >
              <TableCell>
                <AlertSeverityChip severity={alert.severity} />
              </TableCell>
              <TableCell>
                <EntityRefLink entityRef={alert.entityRef} />
              </TableCell>
              <TableCell>{alert.sloName}</TableCell>
              <TableCell>
                {windowRate(alert.longBurnRate, alert.longWindow)}
              </TableCell>
              <TableCell>
                {windowRate(alert.shortBurnRate, alert.shortWindow)}
              </TableCell>
              <TableCell>{formatBurnRate(alert.threshold)}</TableCell>
            </TableRow>
          ))}
        </TableBody>
      </Table>
    </TableContainer>
  );
};
