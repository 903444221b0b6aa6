import { BUDGET_WARNING_FRACTION } from '@golden-path/plugin-slo-common';
import Box from '@mui/material/Box';
import LinearProgress from '@mui/material/LinearProgress';
import Typography from '@mui/material/Typography';
import { formatBudget, NO_VALUE } from '../formatPercent';

/**
 * The remaining error budget as a bar and a percentage. An overspent budget
 * shows an empty bar and the negative figure in the error colour, so it is
 * never mistaken for one that is merely spent.
 */
export const BudgetBar = (props: {
  remaining: number | null;
  label?: string;
}) => {
  const { remaining, label = 'Budget remaining' } = props;
  if (remaining === null || !Number.isFinite(remaining)) {
    return (
      <Typography variant="body2" color="text.secondary">
        {NO_VALUE}
      </Typography>
    );
  }
  const overspent = remaining < 0;
  let color: 'success' | 'warning' | 'error' = 'success';
  if (remaining <= 0) color = 'error';
  else if (remaining < BUDGET_WARNING_FRACTION) color = 'warning';
  const text = formatBudget(remaining);
  return (
    <Box
      sx={{ display: 'flex', alignItems: 'center', gap: 1, minWidth: 140 }}
      data-testid="budget-remaining"
      data-value={remaining}
    >
      <LinearProgress
        variant="determinate"
        color={color}
        value={Math.max(0, Math.min(1, remaining)) * 100}
        aria-label={label}
        aria-valuetext={overspent ? `${text} (overspent)` : text}
        sx={{ flexGrow: 1, height: 8, borderRadius: 1 }}
      />
      <Typography
        variant="body2"
        sx={{ whiteSpace: 'nowrap', fontVariantNumeric: 'tabular-nums' }}
        color={overspent ? 'error.main' : 'text.primary'}
      >
        {text}
        {overspent && ' (overspent)'}
      </Typography>
    </Box>
  );
};
