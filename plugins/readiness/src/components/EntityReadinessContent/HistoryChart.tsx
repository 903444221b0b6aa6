import { useMemo } from 'react';
import type { ReadinessHistoryPoint } from '@golden-path/plugin-readiness-common';
import {
  TimeSeries,
  TimeSeriesChart,
  TimeSeriesYAxis,
} from '@golden-path/plugin-golden-path-react';
import { useTheme } from '@mui/material/styles';

const COUNTS: TimeSeriesYAxis = { integer: true };

/** "2026-03-30 12:00 UTC" */
function minute(time: number): string {
  const iso = new Date(time).toISOString();
  return `${iso.slice(0, 10)} ${iso.slice(11, 16)} UTC`;
}

function historySummary(history: ReadonlyArray<ReadinessHistoryPoint>) {
  const valid = history.filter(p => Number.isFinite(Date.parse(p.evaluatedAt)));
  if (valid.length === 0) return 'No evaluations yet';
  const first = valid[0];
  const last = valid[valid.length - 1];
  const describe = (p: ReadinessHistoryPoint) =>
    `${p.passed} of ${p.applicable} on ${p.evaluatedAt.slice(0, 10)}`;
  const count = `${valid.length} ${
    valid.length === 1 ? 'evaluation' : 'evaluations'
  }`;
  return valid.length === 1
    ? `Checks passed: ${describe(last)} (${count})`
    : `Checks passed: ${describe(first)}, ${describe(last)} (${count})`;
}

/** The entity's passed and applicable checks per evaluation (90 days). */
export const HistoryChart = (props: {
  history: ReadonlyArray<ReadinessHistoryPoint>;
}) => {
  const { history } = props;
  const theme = useTheme();
  const series: TimeSeries[] = useMemo(
    () => [
      { key: 'passed', label: 'Passed', color: theme.palette.primary.main },
      {
        key: 'applicable',
        label: 'Applicable',
        color: theme.palette.text.secondary,
        dash: '6 4',
      },
    ],
    [theme],
  );
  const points = useMemo(
    () =>
      history.map(point => ({
        time: Date.parse(point.evaluatedAt),
        values: { passed: point.passed, applicable: point.applicable },
      })),
    [history],
  );
  return (
    <TimeSeriesChart
      summary={historySummary(history)}
      series={series}
      points={points}
      formatTime={minute}
      yAxis={COUNTS}
      table={{ label: 'Readiness history data', timeHeader: 'Evaluated (UTC)' }}
      emptyText="No evaluations in the last 90 days."
      height={160}
      testId="readiness-history-chart"
    />
  );
};
