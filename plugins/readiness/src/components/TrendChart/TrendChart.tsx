import { useMemo } from 'react';
import type { ReadinessTrendPoint } from '@golden-path/plugin-readiness-common';
import {
  TimeSeries,
  TimeSeriesChart,
  TimeSeriesYAxis,
} from '@golden-path/plugin-golden-path-react';
import { useTheme } from '@mui/material/styles';
import { LEVEL_COLORS } from '../LevelBadge/LevelBadge';

function day(time: number): string {
  return new Date(time).toISOString().slice(0, 10);
}

/** "2 of 3 services met their required level on 2026-03-30 …" */
function trendSummary(points: ReadonlyArray<ReadinessTrendPoint>): string {
  const valid = points.filter(p => Number.isFinite(Date.parse(p.date)));
  if (valid.length === 0) return 'No readiness trend yet';
  const sorted = [...valid].sort((a, b) => a.date.localeCompare(b.date));
  const describe = (p: ReadinessTrendPoint) =>
    `${p.meetingRequired} of ${p.services} on ${p.date}`;
  const first = sorted[0];
  const last = sorted[sorted.length - 1];
  const days = `${sorted.length} ${sorted.length === 1 ? 'day' : 'days'}`;
  return first === last
    ? `Services meeting the level their tier requires: ${describe(
        last,
      )} (${days})`
    : `Services meeting the level their tier requires: ${describe(
        first,
      )}, ${describe(last)} (${days})`;
}

const COUNTS: TimeSeriesYAxis = { integer: true };

/**
 * The organisation's readiness per day: services meeting the level their
 * tier requires, all services, and how many stand at each level.
 */
export const TrendChart = (props: {
  trend: ReadonlyArray<ReadinessTrendPoint>;
}) => {
  const { trend } = props;
  const theme = useTheme();
  const series: TimeSeries[] = useMemo(
    () => [
      {
        key: 'meetingRequired',
        label: 'Meeting required level',
        color: theme.palette.primary.main,
        width: 3,
      },
      {
        key: 'services',
        label: 'Services',
        color: theme.palette.text.secondary,
        dash: '6 4',
      },
      { key: 'gold', label: 'Gold', color: LEVEL_COLORS.gold.background },
      {
        key: 'silver',
        label: 'Silver',
        color: '#8A8A8A',
        dash: '8 3 2 3',
      },
      {
        key: 'bronze',
        label: 'Bronze',
        color: LEVEL_COLORS.bronze.background,
        dash: '2 3',
      },
      {
        key: 'none',
        label: 'None',
        color: theme.palette.error.main,
        dash: '1 4',
      },
    ],
    [theme],
  );
  const points = useMemo(
    () =>
      trend.map(point => ({
        time: Date.parse(`${point.date}T00:00:00Z`),
        values: {
          meetingRequired: point.meetingRequired,
          services: point.services,
          gold: point.levels.gold,
          silver: point.levels.silver,
          bronze: point.levels.bronze,
          none: point.levels.none,
        },
      })),
    [trend],
  );
  return (
    <TimeSeriesChart
      summary={trendSummary(trend)}
      series={series}
      points={points}
      formatTime={day}
      yAxis={COUNTS}
      table={{ label: 'Trend data', timeHeader: 'Day (UTC)' }}
      emptyText="No trend yet: each day with an evaluation adds a point."
      testId="readiness-trend-chart"
    />
  );
};
