import { useMemo } from 'react';
import type { BurnDownPoint } from '@golden-path/plugin-slo-common';
import {
  TimeSeries,
  TimeSeriesBand,
  TimeSeriesChart,
  TimeSeriesReference,
  TimeSeriesYAxis,
} from '@golden-path/plugin-golden-path-react';
import { useTheme } from '@mui/material/styles';
import { formatBudget } from '../formatPercent';

/**
 * Remaining budget from 100 % (untouched) down to 0 % (spent) and below
 * (overspent). Overspent budgets can fall to −1000 % and more, so the axis
 * stops at −100 % to keep the part that matters readable, and ends on a
 * quarter so its last label reads round.
 */
const BUDGET_AXIS: TimeSeriesYAxis = {
  include: [0, 1],
  floor: -1,
  step: 0.25,
  tickStep: 0.5,
};

/** "2026-03-14": dates in UTC, like the backend's hourly steps. */
function day(time: number): string {
  return new Date(time).toISOString().slice(0, 10);
}

/** "2026-03-14 13:00 UTC" for the pointer readout. */
function hour(time: number): string {
  const iso = new Date(time).toISOString();
  return `${iso.slice(0, 10)} ${iso.slice(11, 16)} UTC`;
}

function count(value: number): string {
  return value.toLocaleString('en-US');
}

function summary(sloName: string, points: BurnDownPoint[]): string {
  const valued = points
    .map(point => ({ time: Date.parse(point.time), point }))
    .filter(
      ({ time, point }) =>
        Number.isFinite(time) && Number.isFinite(point.remainingFraction),
    )
    .sort((a, b) => a.time - b.time);
  if (valued.length === 0) return `No burn-down data for ${sloName}`;
  const first = valued[0];
  const last = valued[valued.length - 1];
  return `Error budget remaining of ${sloName}: ${formatBudget(
    first.point.remainingFraction,
  )} on ${day(first.time)}, ${formatBudget(
    last.point.remainingFraction,
  )} on ${day(last.time)} (${valued.length} hourly points)`;
}

/**
 * The burn-down of one SLO's error budget over its window, drawn by the
 * shared {@link TimeSeriesChart}: remaining budget against time with the
 * 100 % and 0 % lines, the overspent part shaded, and a table of daily
 * values (with the events behind them) for screen readers and copying.
 */
export const BudgetBurnDownChart = (props: {
  sloName: string;
  points: BurnDownPoint[];
  window?: { start: string; end: string };
}) => {
  const { sloName, points, window } = props;
  const theme = useTheme();
  const error = theme.palette.error.main;
  const series: TimeSeries[] = useMemo(
    () => [
      {
        key: 'remaining',
        label: 'Budget remaining',
        color: theme.palette.primary.main,
        format: formatBudget,
        testId: 'burn-down-line',
      },
      { key: 'total', label: 'Events', format: count, plot: false },
      { key: 'bad', label: 'Bad events', format: count, plot: false },
    ],
    [theme],
  );
  const references: TimeSeriesReference[] = useMemo(
    () => [
      { key: 'budget', value: 1, label: 'full budget' },
      { key: 'zero', value: 0, label: 'budget spent', color: error },
    ],
    [error],
  );
  const bands: TimeSeriesBand[] = useMemo(
    () => [
      {
        key: 'overspent',
        from: -Infinity,
        to: 0,
        label: 'overspent',
        color: error,
      },
    ],
    [error],
  );
  const chartPoints = useMemo(
    () =>
      points.map(point => ({
        time: Date.parse(point.time),
        values: {
          remaining: point.remainingFraction,
          total: point.total,
          bad: point.consumedBad,
        },
      })),
    [points],
  );
  const xDomain = useMemo((): [number, number] | undefined => {
    if (!window) return undefined;
    return [Date.parse(window.start), Date.parse(window.end)];
  }, [window]);

  return (
    <TimeSeriesChart
      summary={summary(sloName, points)}
      series={series}
      points={chartPoints}
      formatTime={hour}
      formatValue={formatBudget}
      yAxis={BUDGET_AXIS}
      xDomain={xDomain}
      references={references}
      bands={bands}
      emptyText={`No burn-down data for ${sloName} in this window yet.`}
      table={{
        label: `Burn-down data of ${sloName}`,
        title: 'Burn-down data',
        timeHeader: 'Day (UTC)',
        formatTime: day,
        rows: 'lastOfDay',
      }}
      testId="burn-down-chart"
    />
  );
};
