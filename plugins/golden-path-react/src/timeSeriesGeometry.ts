/**
 * One x position of a {@link TimeSeriesChart}: a time (epoch milliseconds)
 * with a value per series key (null or absent: no value).
 * @public
 */
export type TimeSeriesPoint = {
  time: number;
  values: Readonly<Record<string, number | null | undefined>>;
};

/**
 * How a chart's value axis is laid out. Without options it suits counts
 * that start at zero.
 * @public
 */
export type TimeSeriesYAxis = {
  /** Values the axis always spans, e.g. `[0, 1]` for 0 % to 100 %; default `[0, 1]`. */
  include?: ReadonlyArray<number>;
  /** The lowest value drawn: lower values sit on the bottom edge, marked "≤". */
  floor?: number;
  /** The highest value drawn: higher values sit on the top edge, marked "≥". */
  ceiling?: number;
  /** The axis ends are rounded outwards to a multiple of this; default the tick step. */
  step?: number;
  /** Distance between labelled values; default a round step giving at most 5 labels. */
  tickStep?: number;
  /** Whole numbers only (counts): no tick step below 1. */
  integer?: boolean;
};

/** A point of a series, in data and in drawing coordinates. */
export type PlottedValue = {
  time: number;
  value: number;
  x: number;
  y: number;
  /** No value next to it on either side: no line reaches it. */
  isolated: boolean;
};

/** The drawing area of a chart, in SVG units. */
export type ChartBox = {
  left: number;
  right: number;
  top: number;
  bottom: number;
};

/** What a time-series chart draws. */
export type TimeSeriesGeometry = {
  /** The x positions, oldest first (invalid times dropped). */
  columns: Array<{ time: number; x: number; point: TimeSeriesPoint }>;
  /** Per series key: SVG path data (a missing value breaks the line) and points. */
  series: Record<string, { path: string; points: PlottedValue[] }>;
  xDomain: [number, number];
  yDomain: [number, number];
  /** Values for the y axis labels, bottom up. */
  yTicks: number[];
  /** Whether some value lies below the floor or above the ceiling. */
  clipped: { below: boolean; above: boolean };
  x(time: number): number;
  y(value: number): number;
};

/** Floating-point noise off (0.1 * 3 = 0.30000000000000004). */
function clean(value: number): number {
  return Number(value.toPrecision(12));
}

/**
 * A round distance (1, 2 or 5 times a power of ten) that cuts `span` into at
 * most `maxTicks - 1` parts.
 */
export function niceStep(span: number, maxTicks = 5, integer = false): number {
  if (!(span > 0)) return 1;
  const raw = span / Math.max(1, maxTicks - 1);
  const power = 10 ** Math.floor(Math.log10(raw));
  const step = [1, 2, 5, 10].map(f => f * power).find(s => s >= raw - 1e-12)!;
  return integer ? Math.max(1, Math.round(step)) : clean(step);
}

/**
 * The value domain and ticks of a chart: the data and `include`d values,
 * cut at `floor` and `ceiling`, with the ends rounded outwards to `step`
 * (never past the floor or ceiling). Ticks are the multiples of the tick
 * step inside the domain, plus the ends themselves.
 */
export function valueAxis(
  values: ReadonlyArray<number>,
  options: TimeSeriesYAxis = {},
): { domain: [number, number]; ticks: number[] } {
  const floor = options.floor ?? -Infinity;
  const ceiling = options.ceiling ?? Infinity;
  const all = [...(options.include ?? [0, 1]), ...values];
  let low = Math.max(floor, Math.min(...all));
  let high = Math.min(ceiling, Math.max(...all));
  if (high <= low) high = low + 1;

  const tickStep =
    options.tickStep ?? niceStep(high - low, 5, options.integer ?? false);
  const step = options.step ?? tickStep;
  low = Math.max(floor, clean(Math.floor(clean(low / step)) * step));
  high = Math.min(ceiling, clean(Math.ceil(clean(high / step)) * step));

  const ticks: number[] = [low];
  for (
    let i = Math.ceil(clean(low / tickStep));
    clean(i * tickStep) <= high;
    i++
  ) {
    const value = clean(i * tickStep);
    if (value > low) ticks.push(value);
  }
  if (ticks[ticks.length - 1] !== high) ticks.push(high);
  return { domain: [low, high], ticks };
}

/**
 * Lays out series of values over time in a box: time left to right over
 * the data (widened to `xDomain` when given), values bottom to top over
 * {@link valueAxis}. Points with an invalid time are dropped; a missing or
 * non-finite value breaks its series' line instead of drawing a made-up
 * zero; values beyond the floor or ceiling are drawn at the edge. A single
 * time sits in the middle. Returns null when no series has a value.
 */
export function timeSeriesGeometry(
  points: ReadonlyArray<TimeSeriesPoint>,
  keys: ReadonlyArray<string>,
  box: ChartBox,
  options: { xDomain?: [number, number]; yAxis?: TimeSeriesYAxis } = {},
): TimeSeriesGeometry | null {
  const isValue = (v: unknown): v is number =>
    typeof v === 'number' && Number.isFinite(v);
  const timed = points
    .filter(point => Number.isFinite(point.time))
    .sort((a, b) => a.time - b.time);
  const values = timed.flatMap(point =>
    keys.map(key => point.values[key]).filter(isValue),
  );
  if (values.length === 0) return null;

  const { domain, ticks } = valueAxis(values, options.yAxis);
  const [y0, y1] = domain;
  const window = (options.xDomain ?? []).filter(t => Number.isFinite(t));
  const x0 = Math.min(timed[0].time, ...window);
  const x1 = Math.max(timed[timed.length - 1].time, ...window);
  const x = (time: number) =>
    x1 === x0
      ? (box.left + box.right) / 2
      : box.left + ((time - x0) / (x1 - x0)) * (box.right - box.left);
  const y = (value: number) =>
    box.bottom -
    ((Math.max(y0, Math.min(y1, value)) - y0) / (y1 - y0)) *
      (box.bottom - box.top);

  const series: TimeSeriesGeometry['series'] = {};
  for (const key of keys) {
    const plotted: PlottedValue[] = [];
    const commands: string[] = [];
    let penDown = false;
    for (const point of timed) {
      const value = point.values[key];
      if (!isValue(value)) {
        penDown = false;
        continue;
      }
      const previous = plotted[plotted.length - 1];
      if (penDown && previous) previous.isolated = false;
      const p = {
        time: point.time,
        value,
        x: x(point.time),
        y: y(value),
        isolated: !penDown,
      };
      plotted.push(p);
      commands.push(
        `${penDown ? 'L' : 'M'}${p.x.toFixed(1)},${p.y.toFixed(1)}`,
      );
      penDown = true;
    }
    series[key] = { path: commands.join(' '), points: plotted };
  }

  return {
    columns: timed.map(point => ({
      time: point.time,
      x: x(point.time),
      point,
    })),
    series,
    xDomain: [x0, x1],
    yDomain: domain,
    yTicks: ticks,
    clipped: {
      below: values.some(v => v < y0),
      above: values.some(v => v > y1),
    },
    x,
    y,
  };
}

/** The column nearest to a horizontal position, for the pointer readout. */
export function nearestColumn<T extends { x: number }>(
  columns: ReadonlyArray<T>,
  x: number,
): T | undefined {
  let best: T | undefined;
  for (const column of columns) {
    if (!best || Math.abs(column.x - x) < Math.abs(best.x - x)) best = column;
  }
  return best;
}

/**
 * The last column of each UTC day, for a table of hourly data: 30 rows
 * read better than 720.
 */
export function lastOfEachDay<T extends { time: number }>(
  columns: ReadonlyArray<T>,
): T[] {
  const byDay = new Map<string, T>();
  for (const column of columns) {
    byDay.set(new Date(column.time).toISOString().slice(0, 10), column);
  }
  return [...byDay.values()];
}

const MINUTE = 60_000;
const HOUR = 60 * MINUTE;
const DAY = 24 * HOUR;
const WEEK = 7 * DAY;
/** 1970-01-05, the first Monday: week ticks fall on Mondays. */
const MONDAY = 4 * DAY;

/** Tick distances an x axis may use, shortest first. */
const TIME_STEPS = [
  5 * MINUTE,
  15 * MINUTE,
  30 * MINUTE,
  HOUR,
  3 * HOUR,
  6 * HOUR,
  12 * HOUR,
  DAY,
  2 * DAY,
  WEEK,
  2 * WEEK,
  4 * WEEK,
  13 * WEEK,
  52 * WEEK,
];

/**
 * The shortest time between two points, at most a day: x axis ticks closer
 * than that would label times without data (hours of daily data).
 */
export function dataStep(times: ReadonlyArray<number>): number {
  let step = DAY;
  for (let i = 1; i < times.length; i++) {
    const gap = times[i] - times[i - 1];
    if (gap > 0 && gap < step) step = gap;
  }
  return step;
}

/**
 * The default tick label of a time: the UTC day ("2026-03-14") when ticks
 * are a day or more apart, else day and time ("03-14 13:00").
 */
export function formatTimeTick(time: number, step: number): string {
  const iso = new Date(time).toISOString();
  return step >= DAY
    ? iso.slice(0, 10)
    : `${iso.slice(5, 10)} ${iso.slice(11, 16)}`;
}

/** An x axis label: where it sits and how its text is anchored. */
export type TimeTick = {
  time: number;
  x: number;
  label: string;
  anchor: 'start' | 'middle' | 'end';
};

/**
 * The labelled times of an x axis: both ends of the domain, and between
 * them round times (whole hours, UTC midnights, Mondays) as close together
 * as their labels allow without overlapping, and no closer than `minStep`;
 * never the same label twice. `charWidth` estimates a
 * label's width from its length.
 */
export function timeTicks(
  xDomain: [number, number],
  x: (time: number) => number,
  options: {
    format?: (time: number, step: number) => string;
    charWidth?: number;
    gap?: number;
    /** The shortest step to use, e.g. a day for daily data. */
    minStep?: number;
  } = {},
): TimeTick[] {
  const format = options.format ?? formatTimeTick;
  const charWidth = options.charWidth ?? 6.6;
  const gap = options.gap ?? 16;
  const [t0, t1] = xDomain;
  const span = t1 - t0;
  if (span <= 0) {
    return [{ time: t0, x: x(t0), label: format(t0, DAY), anchor: 'middle' }];
  }
  const pixels = Math.abs(x(t1) - x(t0));
  const widthOf = (label: string) => label.length * charWidth;
  const minStep = options.minStep ?? 0;
  const step =
    TIME_STEPS.find(
      s => s >= minStep && (s / span) * pixels >= widthOf(format(t0, s)) + gap,
    ) ?? TIME_STEPS[TIME_STEPS.length - 1];

  const ends: TimeTick[] = [
    { time: t0, x: x(t0), label: format(t0, step), anchor: 'start' },
    { time: t1, x: x(t1), label: format(t1, step), anchor: 'end' },
  ];
  const extent = (tick: TimeTick): [number, number] => {
    const w = widthOf(tick.label);
    if (tick.anchor === 'start') return [tick.x, tick.x + w];
    if (tick.anchor === 'end') return [tick.x - w, tick.x];
    return [tick.x - w / 2, tick.x + w / 2];
  };
  const overlaps = (a: TimeTick, b: TimeTick) => {
    const [a0, a1] = extent(a);
    const [b0, b1] = extent(b);
    return a0 < b1 + gap && b0 < a1 + gap;
  };
  // Two labels alike would read as two different times.
  if (overlaps(ends[0], ends[1]) || ends[0].label === ends[1].label) {
    return [ends[0]];
  }

  const offset = step >= WEEK ? MONDAY : 0;
  const inner: TimeTick[] = [];
  for (
    let time = Math.ceil((t0 - offset) / step) * step + offset;
    time < t1;
    time += step
  ) {
    if (time <= t0) continue;
    const tick: TimeTick = {
      time,
      x: x(time),
      label: format(time, step),
      anchor: 'middle',
    };
    const previous = inner[inner.length - 1] ?? ends[0];
    const alike = [previous, ends[1]].some(t => t.label === tick.label);
    if (!alike && !overlaps(tick, previous) && !overlaps(tick, ends[1])) {
      inner.push(tick);
    }
  }
  return [ends[0], ...inner, ends[1]];
}
