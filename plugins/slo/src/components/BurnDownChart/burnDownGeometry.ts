import type { BurnDownPoint } from '@golden-path/plugin-slo-common';

/**
 * Overspent budgets can fall to −1000 % and more; the chart cuts its y axis
 * here so the part that matters (100 % down to 0 %) stays readable.
 */
export const BURN_DOWN_FLOOR = -1;

/** Below zero the axis ends on a multiple of this, so its last tick reads round. */
const OVERSPENT_STEP = 0.25;

/** A point of the chart, in data and in drawing coordinates. */
export type PlottedPoint = {
  time: number;
  remaining: number;
  x: number;
  y: number;
  source: BurnDownPoint;
};

/** What the chart draws. */
export type BurnDownGeometry = {
  /** SVG path data; a point without a value breaks the line. */
  path: string;
  points: PlottedPoint[];
  xDomain: [number, number];
  yDomain: [number, number];
  /** True when some value is below the y axis floor and drawn at it. */
  cut: boolean;
  x(time: number): number;
  y(remaining: number): number;
};

/**
 * Lays out a burn-down series in a box: time left to right over the SLO's
 * window (or the data's span when no window is given), remaining budget
 * bottom to top from 0 % (or, for an overspent budget, the lowest value
 * rounded down to a quarter, at most −100 %) to max(100 %, highest). Points with an invalid time are dropped; points without a value
 * (before any event) break the line instead of drawing a made-up zero.
 * Returns null when no point has a value.
 */
export function burnDownGeometry(
  series: BurnDownPoint[],
  box: {
    left: number;
    right: number;
    top: number;
    bottom: number;
    window?: { start: string; end: string };
  },
): BurnDownGeometry | null {
  const timed = series
    .map(point => ({ point, time: Date.parse(point.time) }))
    .filter(({ time }) => Number.isFinite(time))
    .sort((a, b) => a.time - b.time);
  const valued = timed.filter(({ point }) =>
    Number.isFinite(point.remainingFraction),
  );
  if (valued.length === 0) return null;

  const windowStart = box.window ? Date.parse(box.window.start) : NaN;
  const windowEnd = box.window ? Date.parse(box.window.end) : NaN;
  const first = timed[0].time;
  const last = timed[timed.length - 1].time;
  const x0 = Number.isFinite(windowStart)
    ? Math.min(windowStart, first)
    : first;
  let x1 = Number.isFinite(windowEnd) ? Math.max(windowEnd, last) : last;
  // A single point still needs a width to sit in.
  if (x1 === x0) x1 = x0 + 3_600_000;

  const values = valued.map(({ point }) => point.remainingFraction as number);
  const lowest = Math.min(...values);
  const y0 =
    lowest < 0
      ? Math.max(
          BURN_DOWN_FLOOR,
          Math.floor(lowest / OVERSPENT_STEP) * OVERSPENT_STEP,
        )
      : 0;
  const y1 = Math.max(1, ...values);

  const x = (time: number) =>
    box.left + ((time - x0) / (x1 - x0)) * (box.right - box.left);
  const y = (remaining: number) =>
    box.bottom -
    ((Math.max(y0, Math.min(y1, remaining)) - y0) / (y1 - y0)) *
      (box.bottom - box.top);

  const points: PlottedPoint[] = [];
  const commands: string[] = [];
  let penDown = false;
  for (const { point, time } of timed) {
    const remaining = point.remainingFraction;
    if (remaining === null || !Number.isFinite(remaining)) {
      penDown = false;
      continue;
    }
    const plotted = {
      time,
      remaining,
      x: x(time),
      y: y(remaining),
      source: point,
    };
    points.push(plotted);
    commands.push(
      `${penDown ? 'L' : 'M'}${plotted.x.toFixed(1)},${plotted.y.toFixed(1)}`,
    );
    penDown = true;
  }

  return {
    path: commands.join(' '),
    points,
    xDomain: [x0, x1],
    yDomain: [y0, y1],
    cut: lowest < y0,
    x,
    y,
  };
}

/**
 * The y axis ticks of a domain: 100 %, 50 % and 0 %, and below zero every
 * half (or the bottom itself when it is a quarter).
 */
export function burnDownTicks(yDomain: [number, number]): number[] {
  const ticks = [1, 0.5, 0];
  for (let value = -0.5; value >= yDomain[0]; value -= 0.5) {
    ticks.push(value);
  }
  if (yDomain[0] < 0 && ticks[ticks.length - 1] !== yDomain[0]) {
    ticks.push(yDomain[0]);
  }
  return ticks;
}

/**
 * The last point of each UTC day, for the chart's table fallback: 30 rows
 * read better than 720 hourly ones.
 */
export function dailyPoints(points: PlottedPoint[]): PlottedPoint[] {
  const byDay = new Map<string, PlottedPoint>();
  for (const point of points) {
    byDay.set(new Date(point.time).toISOString().slice(0, 10), point);
  }
  return [...byDay.values()];
}

/** The point nearest to a horizontal position, for the tooltip. */
export function nearestPoint(
  points: PlottedPoint[],
  x: number,
): PlottedPoint | undefined {
  let best: PlottedPoint | undefined;
  for (const point of points) {
    if (!best || Math.abs(point.x - x) < Math.abs(best.x - x)) best = point;
  }
  return best;
}
