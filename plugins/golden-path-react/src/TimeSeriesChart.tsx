import { MouseEvent, useLayoutEffect, useMemo, useState } from 'react';
import Box from '@mui/material/Box';
import Stack from '@mui/material/Stack';
import Table from '@mui/material/Table';
import TableBody from '@mui/material/TableBody';
import TableCell from '@mui/material/TableCell';
import TableHead from '@mui/material/TableHead';
import TableRow from '@mui/material/TableRow';
import Typography from '@mui/material/Typography';
import { Theme, useTheme } from '@mui/material/styles';
import {
  dataStep,
  lastOfEachDay,
  nearestColumn,
  timeSeriesGeometry,
  TimeSeriesGeometry,
  TimeSeriesPoint,
  TimeSeriesYAxis,
  timeTicks,
} from './timeSeriesGeometry';

/**
 * One series of a {@link TimeSeriesChart}: a line, or with `plot: false` a
 * column of the data table only (e.g. event counts beside a percentage).
 * @public
 */
export type TimeSeries = {
  /** The key of its values in each point. */
  key: string;
  label: string;
  /** Default: a colour of the theme's palette, by position. */
  color?: string;
  /** SVG dash pattern, so lines differ by more than colour. */
  dash?: string;
  width?: number;
  /**
   * How a value reads in the readout and table; default the y axis format
   * (plain numbers for a table-only series).
   */
  format?: (value: number) => string;
  /** `data-testid` of its line; default `chart-line`. */
  testId?: string;
  /** False: in the data table only, not drawn nor in the legend. */
  plot?: boolean;
};

/**
 * A labelled horizontal line at a value, e.g. a target or a budget.
 * @public
 */
export type TimeSeriesReference = {
  /** Names the line in the DOM: `data-line="<key>"`. */
  key: string;
  value: number;
  /** Written above the line, at its right end. */
  label: string;
  /** Line and label colour; default the theme's divider and secondary text. */
  color?: string;
  dash?: string;
};

/**
 * A shaded range of values, e.g. "overspent" below zero; drawn where it
 * meets the axis.
 * @public
 */
export type TimeSeriesBand = {
  /** Names the band in the DOM: `data-band="<key>"`. */
  key: string;
  /** Its ends; ±Infinity reach the axis edge. */
  from: number;
  to: number;
  /** Written inside the band, at its top right. */
  label: string;
  color: string;
};

/**
 * The properties of a {@link TimeSeriesChart}.
 * @public
 */
export type TimeSeriesChartProps = {
  /** What the chart shows, in words: its accessible name and SVG title. */
  summary: string;
  series: ReadonlyArray<TimeSeries>;
  points: ReadonlyArray<TimeSeriesPoint>;
  /** A point's time in the readout and table, e.g. a day or a UTC time. */
  formatTime: (time: number) => string;
  /** An x axis label; default the UTC day, or day and time for short spans. */
  formatTick?: (time: number, step: number) => string;
  /** A value on the y axis (and readout and table unless a series says). */
  formatValue?: (value: number) => string;
  yAxis?: TimeSeriesYAxis;
  /** Times the x axis spans at least, e.g. an SLO's window. */
  xDomain?: [number, number];
  references?: ReadonlyArray<TimeSeriesReference>;
  bands?: ReadonlyArray<TimeSeriesBand>;
  /** Shown instead of the chart when no series has a value. */
  emptyText: string;
  /** The data table: its accessible name, the text of its toggle, its time column. */
  table: {
    label: string;
    title?: string;
    timeHeader: string;
    /** A row's time; default `formatTime`. */
    formatTime?: (time: number) => string;
    /** `lastOfDay`: one row per UTC day (its last point), for hourly data. */
    rows?: 'all' | 'lastOfDay';
  };
  /** SVG height in pixels; default 220. */
  height?: number;
  /** Widest the chart grows, in pixels; default 960. */
  maxWidth?: number;
  testId?: string;
};

/** Used before the container is measured (and in tests without layout). */
const DEFAULT_WIDTH = 640;
const FONT_SIZE = 11;
/** Roughly the width of a character at FONT_SIZE, to keep labels apart. */
const CHAR_WIDTH = 6.6;

/** "—" for a missing value, never NaN. */
function formatNumber(value: number | null | undefined): string {
  return typeof value === 'number' && Number.isFinite(value)
    ? String(Number(value.toPrecision(12)))
    : '—';
}

function defaultColors(theme: Theme): string[] {
  const p = theme.palette;
  return [
    p.primary.main,
    p.text.secondary,
    p.secondary.main,
    p.success.main,
    p.warning.main,
    p.error.main,
    p.info.main,
  ];
}

/** A y axis label; an end values lie beyond reads "≤ −100 %" or "≥ …". */
function yTickLabel(
  geometry: TimeSeriesGeometry,
  value: number,
  format: (value: number) => string,
): string {
  const [y0, y1] = geometry.yDomain;
  const prefix =
    (value === y0 && geometry.clipped.below && '≤ ') ||
    (value === y1 && geometry.clipped.above && '≥ ') ||
    '';
  return `${prefix}${format(value)}`;
}

/**
 * The width of an element, following resizes where the browser can tell.
 * A callback ref, so the element the chart and its empty state swap
 * between is measured each time.
 */
function useWidth(): [
  (element: HTMLDivElement | null) => void,
  number | undefined,
] {
  const [element, setElement] = useState<HTMLDivElement | null>(null);
  const [width, setWidth] = useState<number>();
  useLayoutEffect(() => {
    if (!element) return undefined;
    const measure = () => {
      const measured = element.getBoundingClientRect().width;
      setWidth(measured > 0 ? Math.floor(measured) : undefined);
    };
    measure();
    if (typeof ResizeObserver === 'undefined') return undefined;
    const observer = new ResizeObserver(measure);
    observer.observe(element);
    return () => observer.disconnect();
  }, [element]);
  return [setElement, width];
}

/**
 * An inline-SVG line chart of values over time, in the theme's colours: a
 * line per series (a lone point drawn as a dot), y and x axes with round,
 * non-overlapping labels, optional reference lines and shaded bands, a
 * legend, a readout of the values under the pointer, and the same numbers
 * as a table under a toggle for screen readers and copying. The SVG has
 * `role="img"` and the summary as its name; it is as wide as its container
 * (up to `maxWidth`), so it never scrolls sideways.
 * @public
 */
export const TimeSeriesChart = (props: TimeSeriesChartProps) => {
  const {
    summary,
    series,
    points,
    formatTime,
    formatTick,
    formatValue = formatNumber,
    yAxis,
    xDomain,
    references = [],
    bands = [],
    emptyText,
    table,
    height = 220,
    maxWidth = 960,
    testId,
  } = props;
  const theme = useTheme();
  const [containerRef, measured] = useWidth();
  const width = Math.min(maxWidth, measured ?? DEFAULT_WIDTH);
  const plotted = useMemo(() => series.filter(s => s.plot !== false), [series]);
  const keys = useMemo(() => plotted.map(s => s.key), [plotted]);
  const colors = useMemo(() => {
    const palette = defaultColors(theme);
    return Object.fromEntries(
      plotted.map((s, i) => [s.key, s.color ?? palette[i % palette.length]]),
    );
  }, [plotted, theme]);

  // The left margin fits the longest y label; the value axis does not
  // depend on the box, so a layout in a unit box finds the labels.
  const probe = useMemo(
    () =>
      timeSeriesGeometry(
        points,
        keys,
        { left: 0, right: 1, top: 0, bottom: 1 },
        { xDomain, yAxis },
      ),
    [points, keys, xDomain, yAxis],
  );
  const longestYLabel = probe
    ? Math.max(
        ...probe.yTicks.map(v => yTickLabel(probe, v, formatValue).length),
      )
    : 0;
  const box = useMemo(
    () => ({
      left: Math.max(32, Math.ceil(longestYLabel * CHAR_WIDTH) + 10),
      right: width - 12,
      top: 14,
      bottom: height - 26,
    }),
    [longestYLabel, width, height],
  );
  const geometry = useMemo(
    () => timeSeriesGeometry(points, keys, box, { xDomain, yAxis }),
    [points, keys, box, xDomain, yAxis],
  );
  const [hover, setHover] = useState<number>();

  if (!geometry) {
    return (
      <Box ref={containerRef}>
        <Typography variant="body2" color="text.secondary">
          {emptyText}
        </Typography>
      </Box>
    );
  }

  const { x, y, yDomain } = geometry;
  const xTicks = timeTicks(geometry.xDomain, x, {
    format: formatTick,
    charWidth: CHAR_WIDTH,
    minStep: dataStep(geometry.columns.map(c => c.time)),
  });
  const hovered =
    hover === undefined
      ? undefined
      : geometry.columns.find(column => column.time === hover);
  const onMove = (event: MouseEvent<SVGRectElement>) => {
    const rect = event.currentTarget.ownerSVGElement?.getBoundingClientRect();
    if (!rect || rect.width === 0) return;
    const svgX = ((event.clientX - rect.left) / rect.width) * width;
    setHover(nearestColumn(geometry.columns, svgX)?.time);
  };
  const formatOf = (s: TimeSeries) =>
    s.format ?? (s.plot === false ? formatNumber : formatValue);
  const cell = (s: TimeSeries, value: number | null | undefined) =>
    typeof value === 'number' && Number.isFinite(value)
      ? formatOf(s)(value)
      : '—';
  const rows =
    table.rows === 'lastOfDay'
      ? lastOfEachDay(geometry.columns)
      : geometry.columns;
  const text = theme.palette.text.secondary;

  return (
    <Box data-testid={testId} ref={containerRef} sx={{ maxWidth, minWidth: 0 }}>
      <svg
        width={width}
        height={height}
        viewBox={`0 0 ${width} ${height}`}
        role="img"
        aria-label={summary}
        style={{ maxWidth: '100%', height: 'auto', display: 'block' }}
      >
        <title>{summary}</title>
        {bands.map(band => {
          const top = y(Math.min(band.to, yDomain[1]));
          const bottom = y(Math.max(band.from, yDomain[0]));
          if (band.to <= yDomain[0] || band.from >= yDomain[1]) return null;
          return (
            <g key={band.key} data-band={band.key}>
              <rect
                x={box.left}
                y={top}
                width={box.right - box.left}
                height={Math.max(0, bottom - top)}
                fill={band.color}
                fillOpacity={0.08}
              />
              <text
                x={box.right}
                y={top + 13}
                fontSize={10}
                textAnchor="end"
                fill={band.color}
              >
                {band.label}
              </text>
            </g>
          );
        })}
        {geometry.yTicks.map(value => (
          <g key={value}>
            {/* A reference line at this value replaces the grid line. */}
            {!references.some(r => r.value === value) && (
              <line
                x1={box.left}
                x2={box.right}
                y1={y(value)}
                y2={y(value)}
                stroke={theme.palette.divider}
                strokeDasharray={value === 0 ? undefined : '3 3'}
              />
            )}
            <text
              x={box.left - 6}
              y={y(value) + 4}
              fontSize={FONT_SIZE}
              textAnchor="end"
              fill={text}
            >
              {yTickLabel(geometry, value, formatValue)}
            </text>
          </g>
        ))}
        {references
          .filter(r => r.value >= yDomain[0] && r.value <= yDomain[1])
          .map(r => (
            <g key={r.key}>
              <line
                data-line={r.key}
                x1={box.left}
                x2={box.right}
                y1={y(r.value)}
                y2={y(r.value)}
                stroke={r.color ?? theme.palette.divider}
                strokeDasharray={r.dash}
              />
              <text
                x={box.right}
                y={y(r.value) - 3}
                fontSize={10}
                textAnchor="end"
                fill={r.color ?? text}
              >
                {r.label}
              </text>
            </g>
          ))}
        {xTicks.map(tick => (
          <g key={tick.time}>
            <line
              x1={tick.x}
              x2={tick.x}
              y1={box.bottom}
              y2={box.bottom + 4}
              stroke={theme.palette.divider}
            />
            <text
              x={tick.x}
              y={height - 8}
              fontSize={FONT_SIZE}
              textAnchor={tick.anchor}
              fill={text}
            >
              {tick.label}
            </text>
          </g>
        ))}
        {plotted.map(s => {
          const line = geometry.series[s.key];
          // Dots mark each value while there is room for them, and always
          // a value no line reaches, so one day alone is still drawn.
          const roomy = line.points.length * 8 <= box.right - box.left;
          const dots = line.points.filter(p => roomy || p.isolated);
          return (
            <g key={s.key} data-series={s.key}>
              <path
                d={line.path}
                fill="none"
                stroke={colors[s.key]}
                strokeWidth={s.width ?? 2}
                strokeDasharray={s.dash}
                strokeLinejoin="round"
                data-testid={s.testId ?? 'chart-line'}
                data-points={line.points.length}
              />
              {dots.map(p => (
                <circle
                  key={p.time}
                  cx={p.x}
                  cy={p.y}
                  r={3}
                  fill={colors[s.key]}
                />
              ))}
            </g>
          );
        })}
        {hovered && (
          <g data-testid="chart-hover" pointerEvents="none">
            <line
              x1={hovered.x}
              x2={hovered.x}
              y1={box.top}
              y2={box.bottom}
              stroke={text}
              strokeDasharray="2 2"
            />
            {plotted.map(s => {
              const value = hovered.point.values[s.key];
              return typeof value === 'number' && Number.isFinite(value) ? (
                <circle
                  key={s.key}
                  cx={hovered.x}
                  cy={y(value)}
                  r={4}
                  fill={colors[s.key]}
                  stroke={theme.palette.background.paper}
                />
              ) : null;
            })}
          </g>
        )}
        <rect
          x={box.left}
          y={box.top}
          width={Math.max(0, box.right - box.left)}
          height={Math.max(0, box.bottom - box.top)}
          fill="transparent"
          onMouseMove={onMove}
          onMouseLeave={() => setHover(undefined)}
        />
      </svg>
      {(geometry.clipped.below || geometry.clipped.above) && (
        <Typography variant="caption" color="error" component="p">
          {geometry.clipped.below &&
            `Values below ${formatValue(
              yDomain[0],
            )} are drawn at the bottom edge.`}
          {geometry.clipped.below && geometry.clipped.above && ' '}
          {geometry.clipped.above &&
            `Values above ${formatValue(
              yDomain[1],
            )} are drawn at the top edge.`}
        </Typography>
      )}
      <Stack
        direction="row"
        spacing={2}
        flexWrap="wrap"
        useFlexGap
        component="ul"
        aria-label="Legend"
        sx={{ listStyle: 'none', p: 0, m: 0 }}
      >
        {plotted.map(s => (
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
                stroke={colors[s.key]}
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
          ? `${formatTime(hovered.time)}: ${plotted
              .map(s => `${s.label} ${cell(s, hovered.point.values[s.key])}`)
              .join(' · ')}`
          : ''}
      </Typography>
      <details>
        <summary>
          <Typography variant="caption" component="span">
            {table.title ?? 'Data'}
          </Typography>
        </summary>
        <Table size="small" aria-label={table.label}>
          <TableHead>
            <TableRow>
              <TableCell>{table.timeHeader}</TableCell>
              {series.map(s => (
                <TableCell key={s.key} align="right">
                  {s.label}
                </TableCell>
              ))}
            </TableRow>
          </TableHead>
          <TableBody>
            {rows.map((column, i) => (
              <TableRow key={`${column.time}:${i}`}>
                <TableCell>
                  {(table.formatTime ?? formatTime)(column.time)}
                </TableCell>
                {series.map(s => (
                  <TableCell key={s.key} align="right">
                    {cell(s, column.point.values[s.key])}
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
