import { errorAllowance, isValidTarget } from './attainment';

/**
 * Counts measured at a time (ISO string or epoch milliseconds).
 * @public
 */
export type TimedCounts = {
  time: string | number;
  good: number;
  total: number;
};

/**
 * One point of a burn-down chart: the budget left at `time`, counting every
 * event of the window up to and including this point.
 * @public
 */
export type BurnDownPoint = {
  /** ISO time of the step (its start when steps are used). */
  time: string;
  good: number;
  total: number;
  consumedBad: number;
  allowedBad: number;
  /** 1 untouched, 0 spent, negative overspent; null before any event. */
  remainingFraction: number | null;
};

/**
 * A burn-down series and the points left out of it.
 * @public
 */
export type BudgetBurnDown = {
  points: BurnDownPoint[];
  /** Points outside the window or with an invalid time or counts. */
  skipped: number;
};

/**
 * The cumulative remaining error budget over a window, for the burn-down
 * chart (Occurrences). The allowed bad events at each point are
 * `(1 - target) * events so far`, the same rule as {@link errorBudget}, so
 * the last point equals the window's budget. Points may come in any order;
 * with `stepMs` they are summed into steps aligned to `window.start` (one
 * output point per step with data), which keeps 30 days of minute buckets
 * to a drawable size. Returns null for a target outside (0, 1).
 * @public
 */
export function budgetBurnDown(
  points: TimedCounts[],
  options: {
    target: number;
    window: { start: Date | number; end: Date | number };
    stepMs?: number;
  },
): BudgetBurnDown | null {
  const { target, stepMs } = options;
  const start = Number(options.window.start);
  const end = Number(options.window.end);
  if (!isValidTarget(target) || !(start < end)) return null;
  if (stepMs !== undefined && !(Number.isFinite(stepMs) && stepMs > 0)) {
    return null;
  }

  const buckets = new Map<number, { good: number; total: number }>();
  let skipped = 0;
  for (const point of points) {
    const time =
      typeof point.time === 'number' ? point.time : Date.parse(point.time);
    const valid =
      Number.isFinite(time) &&
      time >= start &&
      time < end &&
      Number.isFinite(point.good) &&
      Number.isFinite(point.total) &&
      point.good >= 0 &&
      point.good <= point.total;
    if (!valid) {
      skipped++;
      continue;
    }
    const key =
      stepMs === undefined
        ? time
        : start + Math.floor((time - start) / stepMs) * stepMs;
    const bucket = buckets.get(key);
    if (bucket) {
      bucket.good += point.good;
      bucket.total += point.total;
    } else {
      buckets.set(key, { good: point.good, total: point.total });
    }
  }

  const allowance = errorAllowance(target);
  let good = 0;
  let total = 0;
  const series = [...buckets.entries()]
    .sort(([a], [b]) => a - b)
    .map(([time, bucket]) => {
      good += bucket.good;
      total += bucket.total;
      const allowedBad = allowance * total;
      const consumedBad = total - good;
      return {
        time: new Date(time).toISOString(),
        good,
        total,
        consumedBad,
        allowedBad,
        remainingFraction:
          allowedBad > 0 ? (allowedBad - consumedBad) / allowedBad : null,
      };
    });
  return { points: series, skipped };
}
