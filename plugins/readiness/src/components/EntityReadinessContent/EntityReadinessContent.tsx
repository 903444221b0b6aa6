import { useCallback, useMemo, useState } from 'react';
import { useSearchParams } from 'react-router-dom';
import { stringifyEntityRef } from '@backstage/catalog-model';
import {
  EmptyState,
  InfoCard,
  Progress,
  ResponseErrorPanel,
} from '@backstage/core-components';
import { useApi } from '@backstage/core-plugin-api';
import { useEntity } from '@backstage/plugin-catalog-react';
import { usePermission } from '@backstage/plugin-permission-react';
import { DEFAULT_TIER_TABLE } from '@golden-path/plugin-golden-path-common';
import { refreshRateLimitMessage } from '@golden-path/plugin-golden-path-react';
import {
  CATEGORY_TITLES,
  LEVEL_TITLES,
  ReadinessCheck,
  ReadinessEntityDetail,
  readinessAttestationCreatePermission,
  readinessEntityRefreshPermission,
} from '@golden-path/plugin-readiness-common';
import Alert from '@mui/material/Alert';
import Button from '@mui/material/Button';
import Paper from '@mui/material/Paper';
import Stack from '@mui/material/Stack';
import Typography from '@mui/material/Typography';
import { RiRefreshLine } from '@remixicon/react';
import useAsyncRetry from 'react-use/esm/useAsyncRetry';
import { readinessApiRef } from '../../api/ReadinessApi';
import { isReadinessAvailable } from '../../isReadinessAvailable';
import { formatAge } from '../formatAge';
import { LevelBadge } from '../LevelBadge/LevelBadge';
import { levelAwaited, STATUS_TEXT } from '../StatusLabel/StatusLabel';
import { errorStatus, serverMessage } from '../serverMessage';
import { AttestationHistory } from './AttestationHistory';
import { AttestDialog } from './AttestDialog';
import { AttestPermission, CheckItem } from './CheckItem';
import { groupChecksByCategory } from './groupChecksByCategory';
import { HistoryChart } from './HistoryChart';

/** What a failed refresh means to the person who pressed the button. */
function refreshErrorText(error: unknown): string {
  if (errorStatus(error) === 403) {
    return `You may not refresh readiness (permission ${
      readinessEntityRefreshPermission.name
    }): ${serverMessage(error)}`;
  }
  return (
    refreshRateLimitMessage(error) ?? `Refresh failed: ${serverMessage(error)}`
  );
}

const RefreshButton = (props: {
  refreshing: boolean;
  onRefresh: () => void;
}) => (
  <Button
    variant="outlined"
    size="small"
    startIcon={<RiRefreshLine size={16} aria-hidden />}
    onClick={props.onRefresh}
    disabled={props.refreshing}
  >
    {props.refreshing ? 'Refreshing…' : 'Refresh now'}
  </Button>
);

/** The level against the level the tier requires, score and freshness. */
const ReadinessHeader = (props: {
  detail: ReadinessEntityDetail;
  now: number;
  refresh: React.ReactNode;
}) => {
  const { detail, now, refresh } = props;
  const tier = detail.tier ? DEFAULT_TIER_TABLE[detail.tier].title : null;
  const required = LEVEL_TITLES[detail.requiredLevel];
  let verdict: string;
  if (detail.status === 'no-tier') {
    verdict =
      'No tier set: set the golden-path.io/tier annotation to know which level it needs';
  } else if (detail.status === 'awaiting') {
    verdict = `Awaiting first collection: ${detail.awaiting} check${
      detail.awaiting === 1 ? '' : 's'
    } wait for facts the collectors have not gathered yet; the level follows then`;
  } else if (detail.requiredLevel === 'none') {
    verdict = `The ${tier} tier requires no level`;
  } else if (detail.meetsRequired) {
    verdict = `Meets ${required}, the level the ${tier} tier requires`;
  } else {
    verdict = `Below ${required}, the level the ${tier} tier requires`;
  }
  return (
    <Paper
      variant="outlined"
      sx={{ p: 2 }}
      component="section"
      aria-label="Readiness level"
      data-testid="readiness-header"
      data-meets-required={detail.meetsRequired}
      data-status={detail.status}
    >
      <Stack
        direction={{ xs: 'column', md: 'row' }}
        spacing={3}
        alignItems={{ md: 'center' }}
        justifyContent="space-between"
      >
        <Stack spacing={1}>
          <Stack
            direction="row"
            spacing={1}
            alignItems="center"
            flexWrap="wrap"
          >
            <Typography variant="body1">Level</Typography>
            <LevelBadge
              level={detail.level}
              size="medium"
              awaiting={levelAwaited(detail)}
            />
            {detail.tier && (
              <>
                <Typography variant="body1">required</Typography>
                <span data-testid="required-level">
                  <LevelBadge level={detail.requiredLevel} size="medium" />
                </span>
              </>
            )}
          </Stack>
          <Typography
            variant="body2"
            color={STATUS_TEXT[detail.status]?.color ?? 'error.main'}
            fontWeight={600}
            data-testid="readiness-verdict"
          >
            {verdict}
          </Typography>
          <Typography variant="body2" data-testid="readiness-score">
            {detail.passed} of {detail.applicable} applicable checks pass
          </Typography>
        </Stack>
        <Stack spacing={1} alignItems={{ md: 'flex-end' }}>
          <Typography variant="body2" color="text.secondary">
            {detail.evaluatedAt ? (
              <>
                Evaluated{' '}
                <time dateTime={detail.evaluatedAt} title={detail.evaluatedAt}>
                  {formatAge(detail.evaluatedAt, now)}
                </time>
              </>
            ) : (
              'Not evaluated yet'
            )}
          </Typography>
          {refresh}
        </Stack>
      </Stack>
    </Paper>
  );
};

/**
 * The "Readiness" tab of a component: its level against the level its tier
 * requires, "Refresh now", the checks by category with the facts behind
 * each, remediation, attestations (with an "Attest" button for those
 * allowed), the score history and the attestation audit trail.
 * @public
 */
export const EntityReadinessContent = () => {
  const { entity } = useEntity();
  const readinessApi = useApi(readinessApiRef);
  const entityRef = stringifyEntityRef(entity);
  const available = isReadinessAvailable(entity);
  const [searchParams] = useSearchParams();
  const focusedCheck = searchParams.get('check');
  const attestPermission = usePermission({
    permission: readinessAttestationCreatePermission,
    resourceRef: entityRef,
  });
  let canAttest: AttestPermission = 'loading';
  if (!attestPermission.loading) {
    canAttest = attestPermission.allowed ? 'allowed' : 'denied';
  }
  // "Refresh now" only for those allowed to refresh this component.
  const refreshPermission = usePermission({
    permission: readinessEntityRefreshPermission,
    resourceRef: entityRef,
  });
  const canRefresh = !refreshPermission.loading && refreshPermission.allowed;

  const detail = useAsyncRetry(
    async () =>
      available ? readinessApi.getEntityDetail(entityRef) : undefined,
    [readinessApi, entityRef, available],
  );
  const attestations = useAsyncRetry(
    async () =>
      available ? readinessApi.getAttestations(entityRef) : undefined,
    [readinessApi, entityRef, available],
  );
  // The answer of "Refresh now" is the new detail; shown until the next load.
  const [refreshed, setRefreshed] = useState<ReadinessEntityDetail>();
  const [refreshing, setRefreshing] = useState(false);
  const [refreshError, setRefreshError] = useState<string>();
  const [attesting, setAttesting] = useState<ReadinessCheck>();
  const [notice, setNotice] = useState<string>();
  const now = Date.now();

  const { retry: retryDetail } = detail;
  const { retry: retryAttestations } = attestations;
  const refresh = useCallback(async () => {
    setRefreshing(true);
    setRefreshError(undefined);
    setNotice(undefined);
    try {
      setRefreshed(await readinessApi.refreshEntity(entityRef));
      retryAttestations();
    } catch (e) {
      setRefreshError(refreshErrorText(e));
    } finally {
      setRefreshing(false);
    }
  }, [readinessApi, entityRef, retryAttestations]);

  const value = refreshed ?? detail.value;
  const checkTitles = useMemo(
    () => new Map((value?.checks ?? []).map(r => [r.check.id, r.check.title])),
    [value],
  );
  const groups = useMemo(
    () => groupChecksByCategory(value?.checks ?? []),
    [value],
  );

  const refreshControls = canRefresh ? (
    <Stack spacing={1} alignItems={{ md: 'flex-end' }}>
      <RefreshButton refreshing={refreshing} onRefresh={refresh} />
      {refreshError && (
        <Alert severity="error" data-testid="refresh-error">
          {refreshError}
        </Alert>
      )}
    </Stack>
  ) : null;

  if (!available) {
    return (
      <EmptyState
        missing="info"
        title="Readiness is evaluated for components"
        description={`This ${entity.kind} is not a Component, so no readiness checks apply to it.`}
      />
    );
  }
  if (detail.error) return <ResponseErrorPanel error={detail.error} />;
  if (detail.loading && !value) return <Progress />;
  if (!value) {
    return (
      <EmptyState
        missing="data"
        title="Not evaluated yet"
        description={`The readiness backend has no evaluation of this component: it answers so while the catalog has not processed the component yet. ${
          canRefresh
            ? 'Refresh now collects its facts and evaluates its checks at once.'
            : 'Its next scheduled collection evaluates it.'
        }`}
        action={refreshControls ?? undefined}
      />
    );
  }

  return (
    <Stack spacing={3}>
      <ReadinessHeader detail={value} now={now} refresh={refreshControls} />
      {notice && (
        <Alert
          severity="success"
          onClose={() => setNotice(undefined)}
          data-testid="readiness-notice"
        >
          {notice}
        </Alert>
      )}
      {groups.length === 0 && (
        <Typography variant="body2" color="text.secondary">
          No readiness checks are defined.
        </Typography>
      )}
      {groups.map(group => (
        <Stack
          key={group.category}
          spacing={1}
          component="section"
          aria-label={CATEGORY_TITLES[group.category] ?? group.category}
          data-testid="readiness-category"
          data-category={group.category}
        >
          <Stack direction="row" spacing={2} alignItems="baseline">
            <Typography variant="h6" component="h3">
              {CATEGORY_TITLES[group.category] ?? group.category}
            </Typography>
            <Typography variant="body2" color="text.secondary">
              {group.applicable === 0
                ? 'not required for this tier'
                : `${group.passed} of ${group.applicable} pass`}
            </Typography>
          </Stack>
          {group.results.map(result => (
            <CheckItem
              key={result.check.id}
              result={result}
              focused={result.check.id === focusedCheck}
              canAttest={canAttest}
              onAttest={() => setAttesting(result.check)}
              now={now}
            />
          ))}
        </Stack>
      ))}
      <InfoCard title="Readiness history" subheader="Last 90 days">
        <HistoryChart history={value.history} />
      </InfoCard>
      <InfoCard title="Attestation history">
        {attestations.error && (
          <ResponseErrorPanel error={attestations.error} />
        )}
        {!attestations.error && !attestations.value && <Progress />}
        {attestations.value && (
          <AttestationHistory
            attestations={attestations.value}
            checkTitles={checkTitles}
          />
        )}
      </InfoCard>
      {attesting && (
        <AttestDialog
          check={attesting}
          now={now}
          onClose={() => setAttesting(undefined)}
          onSubmit={request =>
            readinessApi.createAttestation(entityRef, request)
          }
          onAttested={attestation => {
            setAttesting(undefined);
            setNotice(
              `Attested ${attesting.title} until ${attestation.expiresAt.slice(
                0,
                10,
              )}. The check counts it from its next evaluation (Refresh now to evaluate at once).`,
            );
            setRefreshed(undefined);
            retryDetail();
            retryAttestations();
          }}
        />
      )}
    </Stack>
  );
};
