import { MouseEvent, useMemo, useState } from 'react';
import Box from '@mui/material/Box';
import Stack from '@mui/material/Stack';
import Table from '@mui/material/Table';
import TableBody from '@mui/material/TableBody';
import TableCell from '@mui/material/TableCell';
import TableHead from '@mui/material/TableHead';
import TableRow from '@mui/material/TableRow';
import Typography from '@mui/material/Typography';
import { useTheme } from '@mui/material/styles';
import {
  ChartPoint,
  lineChartGeometry,
  nearestColumn,
} from './lineChartGeometry';

/** One line of a {@link LineChart}. */
export type LineSeries = {
  key: string;
  label: string;
  color: string;
  /** SVG dash pattern, so lines differ by more than colour. */
  dash?: string;
  width?: number;
};

const WIDTH = 640;

/** A count for the tooltip and table: "—" for a missing value, never NaN. */
function formatValue(value: number | null | undefined): string {
  return typeof value === 'number' && Number.isFinite(value)
    ? String(value)
    : '—';
}

/**
 * An inline-SVG line chart of counts over time: a line per series (a
 * single point is drawn as a dot), a legend with each line's colour and
 * dash, a tooltip following the pointer, and the same numbers as a table
 * under "Data" for screen readers and copying.
 */
export const LineChart = (props: {
  /** What the chart shows, in words: its accessible name. */
  summary: string;
  series: ReadonlyArray<LineSeries>;
  points: ReadonlyArray<ChartPoint>;
  /** The x label of a point: a day or a time. */
  formatTime: (time: number) => string;
  timeHeader: string;
  tableLabel: string;
  emptyText: string;
  height?: number;
  minYMax?: number;
  testId?: string;
}) => {
  const {
    summary,
    series,
    points,
    formatTime,
    timeHeader,
    tableLabel,
    emptyText,
    height = 220,
    minYMax,
    testId,
  } = props;
  const theme = useTheme();
  const box = useMemo(
    () => ({ left: 40, right: WIDTH - 16, top: 12, bottom: height - 28 }),
    [height],
  );
  const keys = useMemo(() => series.map(s => s.key), [series]);
  const geometry = useMemo(
    () => lineChartGeometry(points, keys, box, { minYMax }),
    [points, keys, box, minYMax],
  );
  const [hover, setHover] = useState<number>();

  if (!geometry) {
    return (
      <Typography variant="body2" color="text.secondary">
        {emptyText}
      </Typography>
    );
  }

  const hovered =
    hover === undefined
      ? undefined
      : geometry.columns.find(column => column.time === hover);
  const onMove = (event: MouseEvent<SVGRectElement>) => {
    const rect = event.currentTarget.ownerSVGElement?.getBoundingClientRect();
    if (!rect || rect.width === 0) return;
    const svgX = ((event.clientX - rect.left) / rect.width) * WIDTH;
    setHover(nearestColumn(geometry.columns, svgX)?.time);
  };
  const first = geometry.columns[0];
  const last = geometry.columns[geometry.columns.length - 1];

  return (
    <Box data-testid={testId}>
      <svg
        width="100%"
        viewBox={`0 0 ${WIDTH} ${height}`}
        role="img"
        aria-label={summary}
        style={{ maxWidth: WIDTH, display: 'block' }}
      >
        <title>{summary}</title>
        {geometry.yTicks.map(value => (
          <g key={value}>
            <line
              x1={box.left}
              x2={box.right}
              y1={geometry.y(value)}
              y2={geometry.y(value)}
              stroke={theme.palette.divider}
              strokeDasharray={value === 0 ? undefined : '3 3'}
            />
            <text
              x={box.left - 6}
              y={geometry.y(value) + 4}
              fontSize={11}
              textAnchor="end"
              fill={theme.palette.text.secondary}
            >
              {value}
            </text>
          </g>
        ))}
        <text
          x={box.left}
          y={height - 8}
          fontSize={11}
          fill={theme.palette.text.secondary}
        >
          {formatTime(first.time)}
        </text>
        {last !== first && (
          <text
            x={box.right}
            y={height - 8}
            fontSize={11}
            textAnchor="end"
            fill={theme.palette.text.secondary}
          >
            {formatTime(last.time)}
          </text>
        )}
        {series.map(s => {
          const line = geometry.series[s.key];
          return (
            <g key={s.key} data-series={s.key}>
              <path
                d={line.path}
                fill="none"
                stroke={s.color}
                strokeWidth={s.width ?? 2}
                strokeDasharray={s.dash}
                data-testid="chart-line"
                data-points={line.points.length}
              />
              {/* Dots mark each value, so one day alone is still drawn. */}
              {line.points.map(p => (
                <circle key={p.time} cx={p.x} cy={p.y} r={3} fill={s.color} />
              ))}
            </g>
          );
        })}
        {hovered && (
          <line
            data-testid="chart-hover"
            x1={hovered.x}
            x2={hovered.x}
            y1={box.top}
            y2={box.bottom}
            stroke={theme.palette.text.secondary}
            strokeDasharray="2 2"
            pointerEvents="none"
          />
        )}
        <rect
          x={box.left}
          y={box.top}
          width={box.right - box.left}
          height={box.bottom - box.top}
          fill="transparent"
          onMouseMove={onMove}
          onMouseLeave={() => setHover(undefined)}
        />
      </svg>
      <Stack
        direction="row"
        spacing={2}
        flexWrap="wrap"
        useFlexGap
        component="ul"
        aria-label="Legend"
        sx={{ listStyle: 'none', p: 0, m: 0 }}
      >
        {series.map(s => (
          <Stack
            key={s.key}
            direction="row"
            spacing={0.5}
            alignItems="center"
            component="li"
          >
            <svg width={24} height={10} aria-hidden>
              <line
                x1={0}
                x2={24}
                y1={5}
                y2={5}
                stroke={s.color}
                strokeWidth={s.width ?? 2}
                strokeDasharray={s.dash}
              />
            </svg>
            <Typography variant="caption">{s.label}</Typography>
          </Stack>
        ))}
      </Stack>
      <Typography
        variant="body2"
        data-testid="chart-tooltip"
        sx={{ minHeight: '1.5em', fontVariantNumeric: 'tabular-nums' }}
        aria-live="polite"
      >
        {hovered
          ? `${formatTime(hovered.time)}: ${series
              .map(
                s => `${s.label} ${formatValue(hovered.point.values[s.key])}`,
              )
              .join(' · ')}`
          : ''}
      </Typography>
      <details>
        <summary>
          <Typography variant="caption" component="span">
            Data
          </Typography>
        </summary>
        <Table size="small" aria-label={tableLabel}>
          <TableHead>
            <TableRow>
              <TableCell>{timeHeader}</TableCell>
              {series.map(s => (
                <TableCell key={s.key} align="right">
                  {s.label}
                </TableCell>
              ))}
            </TableRow>
          </TableHead>
          <TableBody>
            {geometry.columns.map((column, i) => (
              <TableRow key={`${column.time}:${i}`}>
                <TableCell>{formatTime(column.time)}</TableCell>
                {series.map(s => (
                  <TableCell key={s.key} align="right">
                    {formatValue(column.point.values[s.key])}
                  </TableCell>
                ))}
              </TableRow>
            ))}
          </TableBody>
        </Table>
      </details>
    </Box>
  );
};
