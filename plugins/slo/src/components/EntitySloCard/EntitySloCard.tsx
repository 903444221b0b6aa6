import { useMemo, useState } from 'react';
import { stringifyEntityRef } from '@backstage/catalog-model';
import {
  EmptyState,
  InfoCard,
  Progress,
  ResponseErrorPanel,
  WarningPanel,
} from '@backstage/core-components';
import { useApi } from '@backstage/core-plugin-api';
import {
  MissingAnnotationEmptyState,
  useEntity,
} from '@backstage/plugin-catalog-react';
import {
  ANNOTATION_SLO,
  ANNOTATION_TIER,
} from '@golden-path/plugin-golden-path-common';
import type {
  SloEntityDetail,
  SloSummary,
} from '@golden-path/plugin-slo-common';
import Alert from '@mui/material/Alert';
import Box from '@mui/material/Box';
import Chip from '@mui/material/Chip';
import Divider from '@mui/material/Divider';
import Stack from '@mui/material/Stack';
import TextField from '@mui/material/TextField';
import Typography from '@mui/material/Typography';
import useAsync from 'react-use/esm/useAsync';
import { sloApiRef } from '../../api/SloApi';
import { isSloAvailable } from '../../isSloAvailable';
import { AlertSeverityChip } from '../AlertSeverityChip/AlertSeverityChip';
import { BudgetBar } from '../BudgetBar/BudgetBar';
import { BudgetBurnDownChart } from './BudgetBurnDownChart';
import { formatBurnRate, formatPercent } from '../formatPercent';
import { SloStatusChip } from '../SloStatusChip/SloStatusChip';
import { describeObjective, describeWindow } from './describeSlo';

const Figure = (props: {
  label: string;
  testId: string;
  children: React.ReactNode;
}) => (
  <Box sx={{ minWidth: 110 }}>
    <Typography variant="caption" color="text.secondary" component="div">
      {props.label}
    </Typography>
    <Box data-testid={props.testId}>{props.children}</Box>
  </Box>
);

/** The numbers of an evaluated SLO; absent for error and no-data states. */
const SloFigures = (props: { slo: SloSummary }) => {
  const { slo } = props;
  return (
    <Stack direction="row" spacing={3} flexWrap="wrap" useFlexGap>
      <Figure label="Target" testId="slo-target">
        <Typography variant="body1">{formatPercent(slo.target)}</Typography>
      </Figure>
      <Figure label="Attainment" testId="slo-attainment">
        <Typography
          variant="body1"
          color={
            slo.attainment !== null && slo.attainment < slo.target
              ? 'error.main'
              : 'text.primary'
          }
        >
          {formatPercent(slo.attainment)}
        </Typography>
      </Figure>
      <Figure label="Budget remaining" testId="slo-budget">
        <BudgetBar
          remaining={slo.budgetRemaining}
          label={`Budget remaining of ${slo.name}`}
        />
      </Figure>
      <Figure label="Burn rate" testId="slo-burn-rates">
        <Typography variant="body2" sx={{ fontVariantNumeric: 'tabular-nums' }}>
          {slo.burnRates.length === 0
            ? '—'
            : slo.burnRates
                .map(rate => `${rate.window} ${formatBurnRate(rate.burnRate)}`)
                .join(' · ')}
        </Typography>
      </Figure>
    </Stack>
  );
};

const SloRow = (props: { slo: SloSummary }) => {
  const { slo } = props;
  let body;
  if (slo.status === 'error') {
    body = (
      <Alert severity="error" data-testid="slo-error">
        {slo.error ?? 'This SLO could not be evaluated.'}
      </Alert>
    );
  } else if (slo.status === 'no-data' || slo.attainment === null) {
    body = (
      <Typography variant="body2" color="text.secondary">
        No SLI data in the current window: target {formatPercent(slo.target)},
        nothing measured yet.
      </Typography>
    );
  } else {
    body = <SloFigures slo={slo} />;
  }
  return (
    <Stack
      spacing={1}
      component="section"
      aria-label={slo.displayName ?? slo.name}
      data-testid="slo-row"
      data-slo-ref={slo.ref}
    >
      <Stack direction="row" spacing={1} alignItems="center" flexWrap="wrap">
        <Typography variant="subtitle1" component="h3">
          {slo.displayName ?? slo.name}
        </Typography>
        <SloStatusChip status={slo.status} />
        <Chip
          size="small"
          variant="outlined"
          label={slo.source === 'openslo' ? 'OpenSLO' : 'tier'}
        />
      </Stack>
      <Typography variant="body2" color="text.secondary">
        {describeObjective(slo)} · {describeWindow(slo.window)} ·{' '}
        {slo.budgetingMethod}
      </Typography>
      {body}
      {slo.status !== 'error' && slo.firingAlerts.length > 0 && (
        <Stack spacing={0.5} aria-label={`Alerts firing for ${slo.name}`}>
          {slo.firingAlerts.map(alert => (
            <Stack
              key={alert.name}
              direction="row"
              spacing={1}
              alignItems="center"
              data-testid="slo-firing-alert"
            >
              <AlertSeverityChip severity={alert.severity} />
              <Typography variant="body2">
                {alert.name}: {formatBurnRate(alert.longBurnRate)} over{' '}
                {alert.longWindow} and {formatBurnRate(alert.shortBurnRate)}{' '}
                over {alert.shortWindow} (threshold{' '}
                {formatBurnRate(alert.threshold)})
              </Typography>
            </Stack>
          ))}
        </Stack>
      )}
    </Stack>
  );
};

/** The SLO the chart opens with: the first one that has a value to draw. */
function defaultChartSlo(detail: SloEntityDetail): string | undefined {
  const drawable = detail.slos.find(slo =>
    (detail.burnDown[slo.ref] ?? []).some(p =>
      Number.isFinite(p.remainingFraction),
    ),
  );
  return (drawable ?? detail.slos[0])?.ref;
}

const BurnDown = (props: { detail: SloEntityDetail }) => {
  const { detail } = props;
  const [selected, setSelected] = useState<string>();
  const ref = selected ?? defaultChartSlo(detail);
  const slo = detail.slos.find(s => s.ref === ref);
  if (!slo) return null;
  return (
    <Stack spacing={1} component="section" aria-label="Budget burn-down">
      <Stack direction="row" spacing={2} alignItems="center">
        <Typography variant="subtitle1" component="h3">
          Budget burn-down
        </Typography>
        <TextField
          select
          size="small"
          label="SLO"
          value={slo.ref}
          onChange={event => setSelected(event.target.value)}
          SelectProps={{ native: true }}
          inputProps={{ 'aria-label': 'Burn-down SLO' }}
        >
          {detail.slos.map(s => (
            <option key={s.ref} value={s.ref}>
              {s.displayName ?? s.name}
            </option>
          ))}
        </TextField>
      </Stack>
      {slo.status === 'error' ? (
        <Typography variant="body2" color="text.secondary">
          No burn-down for {slo.name}: it could not be evaluated.
        </Typography>
      ) : (
        <BudgetBurnDownChart
          sloName={slo.name}
          points={detail.burnDown[slo.ref] ?? []}
          window={slo.window}
        />
      )}
    </Stack>
  );
};

const CardBody = (props: { detail: SloEntityDetail }) => {
  const { detail } = props;
  const violations = useMemo(
    () => detail.slos.flatMap(slo => slo.tierViolations),
    [detail],
  );
  return (
    <Stack spacing={2}>
      {detail.errors.length > 0 && (
        <WarningPanel
          severity="error"
          defaultExpanded
          title="Some SLO definitions of this entity could not be used"
        >
          <ul aria-label="SLO definition problems">
            {detail.errors.map(message => (
              <li key={message}>{message}</li>
            ))}
          </ul>
        </WarningPanel>
      )}
      {detail.slos.length === 0 ? (
        <Typography variant="body2" color="text.secondary">
          No SLOs could be derived for this entity.
        </Typography>
      ) : (
        detail.slos.map((slo, i) => (
          <Stack spacing={2} key={slo.ref}>
            {i > 0 && <Divider />}
            <SloRow slo={slo} />
          </Stack>
        ))
      )}
      {violations.length > 0 && (
        <Alert severity="warning">
          <Typography variant="subtitle2" component="h3">
            Tier violations
          </Typography>
          <ul aria-label="Tier violations" style={{ margin: 0 }}>
            {violations.map(v => (
              <li key={`${v.sloName}:${v.field}`} data-testid="tier-violation">
                {v.message}
              </li>
            ))}
          </ul>
        </Alert>
      )}
      {detail.slos.length > 0 && (
        <>
          <Divider />
          <BurnDown detail={detail} />
        </>
      )}
    </Stack>
  );
};

/**
 * The "SLOs" card of an entity: per SLO its objective, attainment, remaining
 * budget, burn rates and firing alerts (or why it cannot be evaluated), the
 * tier violations, and the budget burn-down of the current window.
 * @public
 */
export const EntitySloCard = () => {
  const { entity } = useEntity();
  const sloApi = useApi(sloApiRef);
  const entityRef = stringifyEntityRef(entity);
  const available = isSloAvailable(entity);
  const { value, loading, error } = useAsync(
    async () => (available ? sloApi.getEntityDetail(entityRef) : undefined),
    [sloApi, entityRef, available],
  );

  let body;
  if (!available) {
    body = (
      <MissingAnnotationEmptyState
        annotation={[ANNOTATION_TIER, ANNOTATION_SLO]}
      />
    );
  } else if (loading) {
    body = <Progress />;
  } else if (error) {
    body = <ResponseErrorPanel error={error} />;
  } else if (!value) {
    body = (
      <EmptyState
        missing="data"
        title="No SLOs for this entity"
        description="The SLO backend knows no SLOs for this entity yet. Components get SLOs from their golden-path.io/tier annotation once the catalog has processed them."
      />
    );
  } else if (
    value.slos.length === 0 &&
    value.errors.length === 0 &&
    value.computedAt === null
  ) {
    body = (
      <EmptyState
        missing="data"
        title="SLOs not computed yet"
        description="The SLO backend has not computed this entity's SLOs yet: they appear after its next run, within a few minutes (Recompute now on the SLO page starts one)."
      />
    );
  } else {
    body = <CardBody detail={value} />;
  }

  return (
    <InfoCard
      title="SLOs"
      subheader={
        value?.computedAt
          ? `Computed at ${new Date(value.computedAt).toLocaleString()}`
          : undefined
      }
    >
      {body}
    </InfoCard>
  );
};
