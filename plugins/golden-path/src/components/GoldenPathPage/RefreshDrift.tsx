import { useEffect, useRef, useState } from 'react';
import { useApi } from '@backstage/core-plugin-api';
import { usePermission } from '@backstage/plugin-permission-react';
import { goldenPathDriftRefreshAllPermission } from '@golden-path/plugin-golden-path-common';
import { refreshRateLimitMessage } from '@golden-path/plugin-golden-path-react';
import Button from '@mui/material/Button';
import CircularProgress from '@mui/material/CircularProgress';
import Stack from '@mui/material/Stack';
import Typography from '@mui/material/Typography';
import { RiRefreshLine } from '@remixicon/react';
import type { DriftFilters } from '../../api/GoldenPathApi';
import { goldenPathApiRef } from '../../api/GoldenPathApi';
import { errorMessage } from '../FleetUpgrade/runFleetUpgrade';

/** How often, and how many times, to look for the refreshed drift. */
export const REFRESH_POLL = { intervalMs: 2000, attempts: 15 };

type Phase =
  | { state: 'idle' }
  | { state: 'refreshing' }
  | { state: 'refreshed' }
  | { state: 'slow' }
  | { state: 'failed'; message: string }
  /** The backend ran a refresh a moment ago (429). */
  | { state: 'limited'; message: string };

const sleep = (ms: number) =>
  new Promise<void>(resolve => setTimeout(resolve, ms));

const PHASE_TEXT: Record<
  Exclude<Phase['state'], 'idle' | 'failed' | 'limited'>,
  string
> = {
  refreshing: 'Refreshing: the backend is reading the templates and services…',
  refreshed: 'Refreshed.',
  slow: 'The refresh is still running; the figures update when you reload the page.',
};

/**
 * When the drift was computed, and "Refresh" for those allowed to recompute
 * it (`goldenpath.drift.refresh.all`): asks the backend to compute it again,
 * waits until it has (a newer `generatedAt`), then reloads the page's
 * figures, saying what it is doing.
 */
export const RefreshDrift = (props: {
  generatedAt: string | null | undefined;
  filters: DriftFilters;
  onRefreshed: () => void;
}) => {
  const { generatedAt, filters, onRefreshed } = props;
  const goldenPathApi = useApi(goldenPathApiRef);
  const permission = usePermission({
    permission: goldenPathDriftRefreshAllPermission,
  });
  const canRefresh = !permission.loading && permission.allowed;
  const [phase, setPhase] = useState<Phase>({ state: 'idle' });
  const mounted = useRef(true);
  useEffect(
    () => () => {
      mounted.current = false;
    },
    [],
  );

  const refresh = async () => {
    const before = generatedAt ?? null;
    setPhase({ state: 'refreshing' });
    try {
      await goldenPathApi.refreshDrift();
      for (let i = 0; i < REFRESH_POLL.attempts && mounted.current; i++) {
        await sleep(REFRESH_POLL.intervalMs);
        const next = await goldenPathApi.getDrift(filters);
        if (next.generatedAt && next.generatedAt !== before) {
          if (!mounted.current) return;
          onRefreshed();
          setPhase({ state: 'refreshed' });
          return;
        }
      }
      if (!mounted.current) return;
      onRefreshed();
      setPhase({ state: 'slow' });
    } catch (error) {
      if (mounted.current) {
        const limited = refreshRateLimitMessage(error);
        setPhase(
          limited
            ? { state: 'limited', message: limited }
            : { state: 'failed', message: errorMessage(error) },
        );
      }
    }
  };

  let feedback: React.ReactNode = null;
  if (phase.state === 'failed') {
    feedback = (
      <Typography variant="body2" color="error.main">
        Could not refresh: {phase.message}
      </Typography>
    );
  } else if (phase.state === 'limited') {
    feedback = (
      <Typography variant="body2" color="text.secondary">
        {phase.message}
      </Typography>
    );
  } else if (phase.state !== 'idle') {
    feedback = (
      <Typography variant="body2" color="text.secondary">
        {PHASE_TEXT[phase.state]}
      </Typography>
    );
  }

  return (
    <Stack
      direction="row"
      spacing={2}
      alignItems="center"
      flexWrap="wrap"
      useFlexGap
    >
      {generatedAt !== undefined && (
        <Typography
          variant="body2"
          color="text.secondary"
          data-testid="drift-generated-at"
        >
          {generatedAt
            ? `Computed at ${new Date(generatedAt).toLocaleString()}`
            : 'Not computed yet'}
        </Typography>
      )}
      {canRefresh && (
        <Button
          variant="outlined"
          size="small"
          onClick={refresh}
          disabled={phase.state === 'refreshing'}
          startIcon={
            phase.state === 'refreshing' ? (
              <CircularProgress size={14} aria-hidden />
            ) : (
              <RiRefreshLine size={16} aria-hidden />
            )
          }
        >
          Refresh
        </Button>
      )}
      <div role="status" aria-live="polite" data-testid="drift-refresh-status">
        {feedback}
      </div>
    </Stack>
  );
};
