import { useTheme } from '@mui/material/styles';
import Typography from '@mui/material/Typography';
import { formatBudget } from '../formatPercent';
import { boxPlotDomain, BudgetQuartiles, scaleLinear } from './boxPlotScale';

const WIDTH = 180;
const HEIGHT = 34;
const PAD = 8;
const MID = 13;

/** Words for the plot's accessible name, in the order of the quartiles. */
export function describeQuartiles(q: BudgetQuartiles): string {
  return `Budget remaining across services: min ${formatBudget(
    q.min,
  )}, 25th percentile ${formatBudget(q.p25)}, median ${formatBudget(
    q.median,
  )}, 75th percentile ${formatBudget(q.p75)}, max ${formatBudget(q.max)}`;
}

/**
 * The distribution of the services' remaining budget in a tier as a small
 * horizontal box plot (whiskers min–max, box p25–p75, median line) over an
 * axis from 0 % to 100 %, with the 0 % line marking a spent budget.
 */
export const BudgetBoxPlot = (props: {
  quartiles: BudgetQuartiles | null;
  testId?: string;
}) => {
  const { quartiles: q, testId } = props;
  const theme = useTheme();
  if (!q) {
    return (
      <Typography variant="body2" color="text.secondary">
        No budget data
      </Typography>
    );
  }
  const domain = boxPlotDomain(q);
  const x = scaleLinear(domain, [PAD, WIDTH - PAD]);
  const label = describeQuartiles(q);
  const cut = q.min < domain[0];
  const boxColor =
    q.median <= 0 ? theme.palette.error.main : theme.palette.primary.main;
  return (
    <svg
      width={WIDTH}
      height={HEIGHT}
      viewBox={`0 0 ${WIDTH} ${HEIGHT}`}
      role="img"
      aria-label={label}
      data-testid={testId}
    >
      <title>{label}</title>
      {/* The 0 % line: left of it the budget is overspent. */}
      <line
        x1={x(0)}
        x2={x(0)}
        y1={2}
        y2={HEIGHT - 10}
        stroke={theme.palette.error.main}
        strokeDasharray="2 2"
      />
      <line
        x1={x(q.min)}
        x2={x(q.max)}
        y1={MID}
        y2={MID}
        stroke={theme.palette.text.secondary}
      />
      {[q.min, q.max].map((value, i) => (
        <line
          key={i}
          x1={x(value)}
          x2={x(value)}
          y1={MID - 5}
          y2={MID + 5}
          stroke={theme.palette.text.secondary}
        />
      ))}
      <rect
        data-part="box"
        x={x(q.p25)}
        y={MID - 7}
        width={Math.max(1, x(q.p75) - x(q.p25))}
        height={14}
        fill={boxColor}
        fillOpacity={0.25}
        stroke={boxColor}
      />
      <line
        data-part="median"
        x1={x(q.median)}
        x2={x(q.median)}
        y1={MID - 7}
        y2={MID + 7}
        stroke={boxColor}
        strokeWidth={2}
      />
      <text
        x={x(domain[0])}
        y={HEIGHT - 1}
        fontSize={8}
        fill={theme.palette.text.secondary}
      >
        {cut ? `< ${formatBudget(domain[0])}` : formatBudget(domain[0])}
      </text>
      <text
        x={x(domain[1])}
        y={HEIGHT - 1}
        fontSize={8}
        textAnchor="end"
        fill={theme.palette.text.secondary}
      >
        {formatBudget(domain[1])}
      </text>
    </svg>
  );
};
