/** Quartiles of the remaining budget, as the overview reports them. */
export type BudgetQuartiles = {
  min: number;
  p25: number;
  median: number;
  p75: number;
  max: number;
};

/**
 * Overspent budgets can reach −1000 %; below this the plot is cut (and says
 * so) rather than squashing every healthy service into a few pixels.
 */
export const BOX_PLOT_FLOOR = -1;

/**
 * The value range of a box plot: always 0 % to 100 %, widened to the data
 * but never below {@link BOX_PLOT_FLOOR}.
 */
export function boxPlotDomain(q: BudgetQuartiles): [number, number] {
  return [Math.max(BOX_PLOT_FLOOR, Math.min(0, q.min)), Math.max(1, q.max)];
}

/** Maps a value of the domain onto [left, right], clamped to the ends. */
export function scaleLinear(
  domain: [number, number],
  range: [number, number],
): (value: number) => number {
  const [d0, d1] = domain;
  const [r0, r1] = range;
  const span = d1 - d0 || 1;
  return value => {
    const clamped = Math.min(d1, Math.max(d0, value));
    return r0 + ((clamped - d0) / span) * (r1 - r0);
  };
}
