import { useState } from 'react';
import { EntityRefLink } from '@backstage/plugin-catalog-react';
import { Link } from '@backstage/core-components';
import Alert from '@mui/material/Alert';
import Button from '@mui/material/Button';
import CircularProgress from '@mui/material/CircularProgress';
import Dialog from '@mui/material/Dialog';
import DialogActions from '@mui/material/DialogActions';
import DialogContent from '@mui/material/DialogContent';
import DialogContentText from '@mui/material/DialogContentText';
import DialogTitle from '@mui/material/DialogTitle';
import Paper from '@mui/material/Paper';
import Stack from '@mui/material/Stack';
import Table from '@mui/material/Table';
import TableBody from '@mui/material/TableBody';
import TableCell from '@mui/material/TableCell';
import TableHead from '@mui/material/TableHead';
import TableRow from '@mui/material/TableRow';
import Typography from '@mui/material/Typography';
import { plural } from '../driftWords';
import {
  FLEET_CONCURRENCY,
  FleetUpgradeProgress,
  fleetSummaryWords,
} from './runFleetUpgrade';
import type { FleetRun, FleetRunService } from './useFleetUpgrade';

/** The scaffolder's page of a task, with its log. */
const taskLink = (taskId: string) => `/create/tasks/${taskId}`;

/** "to v2.1.0", or the versions differ by template. */
function targetWords(services: ReadonlyArray<FleetRunService>): string {
  const versions = new Set(services.map(s => s.version));
  return versions.size === 1
    ? `to v${[...versions][0]}`
    : "to their templates' current versions";
}

/** "Upgrade 3 services to v2.1.0". */
export function upgradeButtonWords(
  services: ReadonlyArray<FleetRunService>,
): string {
  return `Upgrade ${plural(services.length, 'service')} ${targetWords(
    services,
  )}`;
}

const ProgressCell = (props: { progress?: FleetUpgradeProgress }) => {
  const progress = props.progress ?? { state: 'waiting' };
  const taskId = progress.state === 'waiting' ? undefined : progress.taskId;
  const log = taskId ? (
    <Link to={taskLink(taskId)} data-testid="fleet-task-log">
      Task log
    </Link>
  ) : null;
  switch (progress.state) {
    case 'waiting':
      return (
        <Typography variant="body2" color="text.secondary">
          Waiting
        </Typography>
      );
    case 'running':
      return (
        <Stack direction="row" spacing={1} alignItems="center">
          <CircularProgress size={14} aria-hidden />
          <Typography variant="body2">Running</Typography>
          {log}
        </Stack>
      );
    case 'done':
      return (
        <Stack
          direction="row"
          spacing={1.5}
          alignItems="baseline"
          flexWrap="wrap"
          useFlexGap
        >
          <Typography
            variant="body2"
            fontWeight={600}
            color={progress.conflicts > 0 ? 'warning.main' : 'success.main'}
          >
            {progress.conflicts > 0
              ? `Upgraded, ${plural(progress.conflicts, 'file')} with conflicts`
              : 'Upgraded'}
          </Typography>
          {progress.branchUrl && (
            <Link to={progress.branchUrl} data-testid="fleet-branch-link">
              Open the upgrade branch
            </Link>
          )}
          {log}
        </Stack>
      );
    case 'failed':
    default:
      return (
        <Stack spacing={0.5} alignItems="flex-start">
          <Typography variant="body2" color="error.main">
            <strong>Failed:</strong> {progress.message}
          </Typography>
          {log}
        </Stack>
      );
  }
};

/** "Running 3 · 2 done · 4 waiting" while a run goes on. */
function runningWords(run: FleetRun): string {
  const states = run.services.map(
    s => run.progress.get(s.entityRef)?.state ?? 'waiting',
  );
  const count = (state: FleetUpgradeProgress['state']) =>
    states.filter(s => s === state).length;
  const finished = count('done') + count('failed');
  return `Running ${count('running')} · ${finished} of ${
    run.services.length
  } finished · ${count('waiting')} waiting`;
}

/** Each service of the run with where its upgrade stands. */
const FleetRunProgress = (props: { run: FleetRun; onClear: () => void }) => {
  const { run, onClear } = props;
  return (
    <Paper
      variant="outlined"
      component="section"
      aria-label="Upgrade run"
      sx={{ p: 2 }}
    >
      <Stack spacing={1.5}>
        <Stack
          direction="row"
          spacing={2}
          alignItems="center"
          flexWrap="wrap"
          useFlexGap
        >
          <Typography variant="h6" component="h3">
            Upgrade run
          </Typography>
          <Typography
            variant="body1"
            role="status"
            data-testid={run.summary ? 'fleet-summary' : 'fleet-running'}
          >
            {run.summary ? fleetSummaryWords(run.summary) : runningWords(run)}
          </Typography>
          {run.summary && (
            <Button size="small" onClick={onClear} sx={{ ml: 'auto' }}>
              Dismiss
            </Button>
          )}
        </Stack>
        {!run.summary && (
          <Typography variant="body2" color="text.secondary">
            {FLEET_CONCURRENCY} upgrades run at a time. Stay on this page until
            the run ends: services still waiting start only while it is open.
          </Typography>
        )}
        <Table
          size="small"
          aria-label="Upgrade progress"
          sx={{ '& td': { verticalAlign: 'top' } }}
        >
          <TableHead>
            <TableRow>
              <TableCell sx={{ width: '30%' }}>Service</TableCell>
              <TableCell>Progress</TableCell>
            </TableRow>
          </TableHead>
          <TableBody>
            {run.services.map(service => {
              const progress = run.progress.get(service.entityRef);
              return (
                <TableRow
                  key={service.entityRef}
                  data-testid="fleet-row"
                  data-entity-ref={service.entityRef}
                  data-state={progress?.state ?? 'waiting'}
                >
                  <TableCell>
                    <EntityRefLink entityRef={service.entityRef}>
                      {service.title}
                    </EntityRefLink>
                  </TableCell>
                  <TableCell>
                    <ProgressCell progress={progress} />
                  </TableCell>
                </TableRow>
              );
            })}
          </TableBody>
        </Table>
      </Stack>
    </Paper>
  );
};

/**
 * The fleet upgrade of the golden-path page: "Upgrade N services to vX"
 * for the selected services (after a confirmation), then each service's
 * progress and the run's summary.
 */
export const FleetUpgrade = (props: {
  /** The selected upgradeable services, each with its target version. */
  selected: ReadonlyArray<FleetRunService>;
  run?: FleetRun;
  running: boolean;
  onStart: (services: FleetRunService[]) => void;
  onClear: () => void;
}) => {
  const { selected, run, running, onStart, onClear } = props;
  const [confirming, setConfirming] = useState(false);
  const branches = [...new Set(selected.map(s => s.version))].map(
    v => `golden-path/upgrade-v${v}`,
  );
  return (
    <Stack spacing={1.5}>
      <Stack
        direction="row"
        spacing={2}
        alignItems="center"
        flexWrap="wrap"
        useFlexGap
      >
        <Button
          variant="contained"
          disabled={selected.length === 0 || running}
          onClick={() => setConfirming(true)}
          data-testid="fleet-upgrade-button"
        >
          {selected.length === 0
            ? 'Upgrade selected services'
            : upgradeButtonWords(selected)}
        </Button>
        <Typography variant="body2" color="text.secondary">
          {selected.length === 0
            ? 'Select the services to upgrade: each gets its own branch.'
            : `${plural(selected.length, 'service')} selected`}
        </Typography>
      </Stack>
      {run && <FleetRunProgress run={run} onClear={onClear} />}
      <Dialog
        open={confirming}
        onClose={() => setConfirming(false)}
        aria-labelledby="fleet-upgrade-confirm-title"
      >
        <DialogTitle id="fleet-upgrade-confirm-title">
          {upgradeButtonWords(selected)}?
        </DialogTitle>
        <DialogContent>
          <Stack spacing={1.5}>
            <DialogContentText>
              Each service gets a branch {branches.join(' or ')} in its
              repository with its template&apos;s changes merged in; its default
              branch is not touched. {FLEET_CONCURRENCY} upgrades run at a time.
            </DialogContentText>
            <Alert severity="info">
              A service whose branch already exists, or that you may not
              upgrade, fails on its own; the others go on.
            </Alert>
          </Stack>
        </DialogContent>
        <DialogActions>
          <Button onClick={() => setConfirming(false)}>Cancel</Button>
          <Button
            variant="contained"
            onClick={() => {
              setConfirming(false);
              onStart([...selected]);
            }}
          >
            Start upgrades
          </Button>
        </DialogActions>
      </Dialog>
    </Stack>
  );
};
