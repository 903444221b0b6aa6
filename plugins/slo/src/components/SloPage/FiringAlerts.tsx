import { EntityRefLink } from '@backstage/plugin-catalog-react';
import type { SloOverview } from '@golden-path/plugin-slo-common';
import Accordion from '@mui/material/Accordion';
import AccordionDetails from '@mui/material/AccordionDetails';
import AccordionSummary from '@mui/material/AccordionSummary';
import Stack from '@mui/material/Stack';
import Table from '@mui/material/Table';
import TableBody from '@mui/material/TableBody';
import TableCell from '@mui/material/TableCell';
import TableHead from '@mui/material/TableHead';
import TableRow from '@mui/material/TableRow';
import Typography from '@mui/material/Typography';
import { RiArrowDownSLine } from '@remixicon/react';
import { AlertSeverityChip } from '../AlertSeverityChip/AlertSeverityChip';
import { formatBurnRate } from '../formatPercent';

type FiringAlert = SloOverview['firingAlerts'][number];
type Severity = FiringAlert['severity'];

/** The alerts of one service and severity, fastest burn first. */
export type ServiceAlerts = {
  entityRef: string;
  alerts: FiringAlert[];
  /** The fastest long-window burn among them. */
  fastest: FiringAlert;
};

const SEVERITIES: Array<{ severity: Severity; what: string }> = [
  { severity: 'page', what: 'page' },
  { severity: 'ticket', what: 'ticket' },
];

const plural = (n: number, one: string, many = `${one}s`) =>
  `${n} ${n === 1 ? one : many}`;

/**
 * The alerts of a severity grouped by service, the service burning fastest
 * first: dozens of ticket alerts read as a handful of services.
 */
export function groupAlerts(
  alerts: ReadonlyArray<FiringAlert>,
  severity: Severity,
): ServiceAlerts[] {
  const byService = new Map<string, FiringAlert[]>();
  for (const alert of alerts) {
    if (alert.severity !== severity) continue;
    byService.set(alert.entityRef, [
      ...(byService.get(alert.entityRef) ?? []),
      alert,
    ]);
  }
  return [...byService.entries()]
    .map(([entityRef, list]) => {
      const sorted = [...list].sort(
        (a, b) =>
          b.longBurnRate - a.longBurnRate || a.sloName.localeCompare(b.sloName),
      );
      return { entityRef, alerts: sorted, fastest: sorted[0] };
    })
    .sort(
      (a, b) =>
        b.fastest.longBurnRate - a.fastest.longBurnRate ||
        a.entityRef.localeCompare(b.entityRef),
    );
}

const SeverityGroup = (props: {
  severity: Severity;
  what: string;
  services: ServiceAlerts[];
}) => {
  const { severity, what, services } = props;
  const count = services.reduce((n, s) => n + s.alerts.length, 0);
  return (
    <Accordion
      disableGutters
      variant="outlined"
      defaultExpanded={severity === 'page'}
      data-testid={`alert-group-${severity}`}
    >
      <AccordionSummary expandIcon={<RiArrowDownSLine aria-hidden />}>
        <Stack direction="row" spacing={1} alignItems="center">
          <AlertSeverityChip severity={severity} />
          <Typography variant="body1" data-testid="alert-group-summary">
            {plural(count, `${what} alert`)} firing on{' '}
            {plural(services.length, 'service')}
          </Typography>
        </Stack>
      </AccordionSummary>
      <AccordionDetails sx={{ p: 0 }}>
        <Table
          size="small"
          aria-label={`${what[0].toUpperCase()}${what.slice(1)} alerts`}
          sx={{ '& th': { whiteSpace: 'nowrap' } }}
        >
          <TableHead>
            <TableRow>
              <TableCell>Service</TableCell>
              <TableCell>SLOs alerting</TableCell>
              <TableCell>Fastest burn</TableCell>
              <TableCell>Alert threshold</TableCell>
            </TableRow>
          </TableHead>
          <TableBody>
            {services.map(service => (
              <TableRow
                key={service.entityRef}
                data-testid="firing-alert"
                data-entity-ref={service.entityRef}
              >
                <TableCell sx={{ minWidth: 140 }}>
                  <EntityRefLink entityRef={service.entityRef} />
                </TableCell>
                <TableCell>
                  {[...new Set(service.alerts.map(a => a.sloName))].join(', ')}
                </TableCell>
                <TableCell sx={{ whiteSpace: 'nowrap' }}>
                  {formatBurnRate(service.fastest.longBurnRate)} over{' '}
                  {service.fastest.longWindow},{' '}
                  {formatBurnRate(service.fastest.shortBurnRate)} over{' '}
                  {service.fastest.shortWindow}
                </TableCell>
                <TableCell sx={{ whiteSpace: 'nowrap' }}>
                  {formatBurnRate(service.fastest.threshold)}
                </TableCell>
              </TableRow>
            ))}
          </TableBody>
        </Table>
      </AccordionDetails>
    </Accordion>
  );
};

/**
 * The multi-window burn-rate alerts firing now, one line per severity
 * (pages open, tickets folded) listing the services they fire on.
 */
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
    <Stack spacing={1}>
      {SEVERITIES.map(({ severity, what }) => {
        const services = groupAlerts(alerts, severity);
        return services.length === 0 ? null : (
          <SeverityGroup
            key={severity}
            severity={severity}
            what={what}
            services={services}
          />
        );
      })}
    </Stack>
  );
};
