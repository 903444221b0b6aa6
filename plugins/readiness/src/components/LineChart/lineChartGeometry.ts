/** One x position of a chart with a value per series (null: no value). */
export type ChartPoint = {
  time: number;
  values: Readonly<Record<string, number | null>>;
};

/** A point of a series, in data and in drawing coordinates. */
export type PlottedValue = {
  time: number;
  value: number;
  x: number;
  y: number;
};

/** What a line chart draws. */
export type LineChartGeometry = {
  /** The x positions, oldest first (invalid times dropped). */
  columns: Array<{ time: number; x: number; point: ChartPoint }>;
  /** Per series key: SVG path data (a missing value breaks the line) and points. */
  series: Record<string, { path: string; points: PlottedValue[] }>;
  /** The top of the y axis (0 is the bottom). */
  yMax: number;
  /** Values for the y axis labels, bottom up. */
  yTicks: number[];
  x(time: number): number;
  y(value: number): number;
};

/** Whole-number ticks: every count up to 4, else 0, the middle and the top. */
function countTicks(yMax: number): number[] {
  if (yMax <= 4) return Array.from({ length: yMax + 1 }, (_, i) => i);
  return [0, Math.round(yMax / 2), yMax];
}

/**
 * Lays out series of counts in a box: time left to right, values bottom to
 * top from 0 to the largest value (at least `minYMax`, rounded up to a whole
 * number). Points with an invalid time are dropped; a missing or non-finite
 * value breaks its series' line instead of drawing a made-up zero; a single
 * point sits in the middle. Returns null when no series has a value.
 */
export function lineChartGeometry(
  points: ReadonlyArray<ChartPoint>,
  keys: ReadonlyArray<string>,
  box: { left: number; right: number; top: number; bottom: number },
  options: { minYMax?: number } = {},
): LineChartGeometry | null {
  const timed = points
    .filter(point => Number.isFinite(point.time))
    .sort((a, b) => a.time - b.time);
  const values = timed.flatMap(point =>
    keys
      .map(key => point.values[key])
      .filter((v): v is number => typeof v === 'number' && Number.isFinite(v)),
  );
  if (values.length === 0) return null;

  const yMax = Math.ceil(Math.max(options.minYMax ?? 1, ...values));
  const t0 = timed[0].time;
  const t1 = timed[timed.length - 1].time;
  const x = (time: number) =>
    t1 === t0
      ? (box.left + box.right) / 2
      : box.left + ((time - t0) / (t1 - t0)) * (box.right - box.left);
  const y = (value: number) =>
    box.bottom -
    (Math.max(0, Math.min(yMax, value)) / yMax) * (box.bottom - box.top);

  const series: LineChartGeometry['series'] = {};
  for (const key of keys) {
    const plotted: PlottedValue[] = [];
    const commands: string[] = [];
    let penDown = false;
    for (const point of timed) {
      const value = point.values[key];
      if (typeof value !== 'number' || !Number.isFinite(value)) {
        penDown = false;
        continue;
      }
      const p = { time: point.time, value, x: x(point.time), y: y(value) };
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
    yMax,
    yTicks: countTicks(yMax),
    x,
    y,
  };
}

/** The column nearest to a horizontal position, for the tooltip. */
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
