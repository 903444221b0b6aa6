import { MouseEvent, useMemo, useState } from 'react';
import type { BurnDownPoint } from '@golden-path/plugin-slo-common';
import Box from '@mui/material/Box';
import { useTheme } from '@mui/material/styles';
import Table from '@mui/material/Table';
import TableBody from '@mui/material/TableBody';
import TableCell from '@mui/material/TableCell';
import TableHead from '@mui/material/TableHead';
import TableRow from '@mui/material/TableRow';
import Typography from '@mui/material/Typography';
import { formatBudget } from '../formatPercent';
import {
  burnDownGeometry,
  burnDownTicks,
  dailyPoints,
  nearestPoint,
  PlottedPoint,
} from './burnDownGeometry';

const WIDTH = 640;
const HEIGHT = 220;
const BOX = { left: 48, right: WIDTH - 12, top: 12, bottom: HEIGHT - 28 };

/** "2026-03-14": dates in UTC, like the backend's hourly steps. */
function day(time: number): string {
  return new Date(time).toISOString().slice(0, 10);
}

/** "2026-03-14 13:00 UTC" for the tooltip. */
function hour(time: number): string {
  const iso = new Date(time).toISOString();
  return `${iso.slice(0, 10)} ${iso.slice(11, 16)} UTC`;
}

function summary(sloName: string, points: PlottedPoint[]): string {
  const first = points[0];
  const last = points[points.length - 1];
  return `Error budget remaining of ${sloName}: ${formatBudget(
    first.remaining,
  )} on ${day(first.time)}, ${formatBudget(last.remaining)} on ${day(
    last.time,
  )} (${points.length} hourly points)`;
}

/**
 * The burn-down of one SLO's error budget over its window: remaining budget
 * (100 % untouched, 0 % spent, below 0 overspent) against time, as an inline
 * SVG line with the 100 % and 0 % lines, a tooltip following the pointer and
 * a table of daily values for screen readers and copying.
 */
export const BurnDownChart = (props: {
  sloName: string;
  points: BurnDownPoint[];
  window?: { start: string; end: string };
}) => {
  const { sloName, points, window } = props;
  const theme = useTheme();
  const geometry = useMemo(
    () => burnDownGeometry(points, { ...BOX, window }),
    [points, window],
  );
  const [hover, setHover] = useState<PlottedPoint>();

  if (!geometry) {
    return (
      <Typography variant="body2" color="text.secondary">
        No burn-down data for {sloName} in this window yet.
      </Typography>
    );
  }

  const { y, xDomain, yDomain } = geometry;
  const label = summary(sloName, geometry.points);
  const yTicks = burnDownTicks(yDomain);
  const onMove = (event: MouseEvent<SVGRectElement>) => {
    const svg = event.currentTarget.ownerSVGElement;
    const rect = svg?.getBoundingClientRect();
    if (!rect || rect.width === 0) return;
    const svgX = ((event.clientX - rect.left) / rect.width) * WIDTH;
    setHover(nearestPoint(geometry.points, svgX));
  };

  return (
    <Box data-testid="burn-down-chart">
      <svg
        width="100%"
        viewBox={`0 0 ${WIDTH} ${HEIGHT}`}
        role="img"
        aria-label={label}
        style={{ maxWidth: WIDTH, display: 'block' }}
      >
        <title>{label}</title>
        {yTicks.map(value => (
          <g key={value}>
            <line
              x1={BOX.left}
              x2={BOX.right}
              y1={y(value)}
              y2={y(value)}
              stroke={
                value === 0 ? theme.palette.error.main : theme.palette.divider
              }
              strokeDasharray={value === 1 || value === 0 ? undefined : '3 3'}
              data-line={
                (value === 1 && 'budget') ||
                (value === 0 && 'zero') ||
                undefined
              }
            />
            <text
              x={BOX.left - 6}
              y={y(value) + 4}
              fontSize={11}
              textAnchor="end"
              fill={theme.palette.text.secondary}
            >
              {value === yDomain[0] && geometry.cut ? '≤ ' : ''}
              {formatBudget(value)}
            </text>
          </g>
        ))}
        <text
          x={BOX.right}
          y={y(1) - 3}
          fontSize={10}
          textAnchor="end"
          fill={theme.palette.text.secondary}
        >
          full budget
        </text>
        <text
          x={BOX.right}
          y={y(0) - 3}
          fontSize={10}
          textAnchor="end"
          fill={theme.palette.error.main}
        >
          budget spent
        </text>
        {yDomain[0] < 0 && (
          <>
            <rect
              x={BOX.left}
              y={y(0)}
              width={BOX.right - BOX.left}
              height={Math.max(0, BOX.bottom - y(0))}
              fill={theme.palette.error.main}
              fillOpacity={0.06}
            />
            <text
              x={BOX.right}
              y={y(0) + 13}
              fontSize={10}
              textAnchor="end"
              fill={theme.palette.error.main}
              data-testid="burn-down-overspent"
            >
              overspent
            </text>
          </>
        )}
        <text
          x={BOX.left}
          y={HEIGHT - 8}
          fontSize={11}
          fill={theme.palette.text.secondary}
        >
          {day(xDomain[0])}
        </text>
        <text
          x={BOX.right}
          y={HEIGHT - 8}
          fontSize={11}
          textAnchor="end"
          fill={theme.palette.text.secondary}
        >
          {day(xDomain[1])}
        </text>
        <path
          d={geometry.path}
          fill="none"
          stroke={theme.palette.primary.main}
          strokeWidth={2}
          data-testid="burn-down-line"
          data-points={geometry.points.length}
        />
        {hover && (
          <g data-testid="burn-down-tooltip" pointerEvents="none">
            <line
              x1={hover.x}
              x2={hover.x}
              y1={BOX.top}
              y2={BOX.bottom}
              stroke={theme.palette.text.secondary}
              strokeDasharray="2 2"
            />
            <circle
              cx={hover.x}
              cy={hover.y}
              r={4}
              fill={theme.palette.primary.main}
            />
            <text
              x={hover.x > WIDTH / 2 ? hover.x - 8 : hover.x + 8}
              y={BOX.top + 14}
              fontSize={12}
              textAnchor={hover.x > WIDTH / 2 ? 'end' : 'start'}
              fill={theme.palette.text.primary}
            >
              {`${hour(hover.time)}: ${formatBudget(hover.remaining)} left`}
            </text>
          </g>
        )}
        <rect
          x={BOX.left}
          y={BOX.top}
          width={BOX.right - BOX.left}
          height={BOX.bottom - BOX.top}
          fill="transparent"
          onMouseMove={onMove}
          onMouseLeave={() => setHover(undefined)}
        />
      </svg>
      {geometry.cut && (
        <Typography variant="caption" color="error">
          Values below {formatBudget(yDomain[0])} are drawn at the bottom edge.
        </Typography>
      )}
      <details>
        <summary>
          <Typography variant="caption" component="span">
            Burn-down data
          </Typography>
        </summary>
        <Table size="small" aria-label={`Burn-down data of ${sloName}`}>
          <TableHead>
            <TableRow>
              <TableCell>Day (UTC)</TableCell>
              <TableCell align="right">Budget remaining</TableCell>
              <TableCell align="right">Events</TableCell>
              <TableCell align="right">Bad events</TableCell>
            </TableRow>
          </TableHead>
          <TableBody>
            {dailyPoints(geometry.points).map(point => (
              <TableRow key={point.time}>
                <TableCell>{day(point.time)}</TableCell>
                <TableCell align="right">
                  {formatBudget(point.remaining)}
                </TableCell>
                <TableCell align="right">
                  {point.source.total.toLocaleString('en-US')}
                </TableCell>
                <TableCell align="right">
                  {point.source.consumedBad.toLocaleString('en-US')}
                </TableCell>
              </TableRow>
            ))}
          </TableBody>
        </Table>
      </details>
    </Box>
  );
};
