import type { SloTierRow } from '@golden-path/plugin-slo-common';
import Grid from '@mui/material/Grid';
import Paper from '@mui/material/Paper';
import Stack from '@mui/material/Stack';
import Typography from '@mui/material/Typography';
import { BudgetBoxPlot } from '../BudgetBoxPlot/BudgetBoxPlot';
import { describeTierObjectives } from '@golden-path/plugin-golden-path-common';
import { TierChip } from '@golden-path/plugin-golden-path-react';

const plural = (n: number, one: string, many = `${one}s`) =>
  `${n} ${n === 1 ? one : many}`;

/**
 * Why the others do not count as meeting, each service counted once, so
 * the numbers add up to the tier's services.
 */
function notMeeting(row: SloTierRow): string {
  const errors = row.errors ?? 0;
  const parts = [
    row.breaching > 0 && `${row.breaching} breaching`,
    row.noData > 0 && `${row.noData} without data`,
    errors > 0 && `${plural(errors, 'service')} whose SLOs cannot be computed`,
  ].filter(Boolean);
  if (parts.length === 0) {
    return row.meeting === 1
      ? 'It keeps its objectives'
      : `All ${row.services} keep their objectives`;
  }
  return `Not meeting: ${parts.join(' · ')}`;
}

const TierRow = (props: { row: SloTierRow }) => {
  const { row } = props;
  return (
    <Paper
      variant="outlined"
      component="section"
      aria-label={`${row.title} tier`}
      data-testid={`tier-row-${row.tier}`}
      sx={{ p: 2, height: '100%' }}
    >
      <Stack spacing={1}>
        <Stack direction="row" spacing={1} alignItems="center">
          <TierChip tier={row.tier} title={row.title} />
          <Typography variant="body2" color="text.secondary">
            {describeTierObjectives(row)}
          </Typography>
        </Stack>
        <Typography variant="h6" component="p">
          {row.services === 0
            ? 'No services'
            : `${row.meeting} of ${row.services} meet their objectives`}
        </Typography>
        {row.services > 0 && (
          <Typography
            variant="body2"
            color="text.secondary"
            data-testid="tier-row-others"
          >
            {notMeeting(row)}
          </Typography>
        )}
        <BudgetBoxPlot
          quartiles={row.budgetRemaining}
          testId={`budget-box-plot-${row.tier}`}
        />
      </Stack>
    </Paper>
  );
};

/** One card per tier: its promise, how many services keep it, budget spread. */
export const TierRows = (props: { tiers: SloTierRow[] }) => (
  <Grid container spacing={2}>
    {props.tiers.map(row => (
      <Grid item xs={12} sm={6} lg={3} key={row.tier}>
        <TierRow row={row} />
      </Grid>
    ))}
  </Grid>
);
