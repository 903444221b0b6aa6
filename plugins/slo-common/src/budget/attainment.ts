/**
 * Event counts over a period: `good` of `total` events met the objective.
 * @public
 */
export type EventCounts = { good: number; total: number };

/** True for counts that can be measured: finite, 0 <= good <= total. */
export function isValidCounts(counts: EventCounts): boolean {
  const { good, total } = counts;
  return (
    Number.isFinite(good) &&
    Number.isFinite(total) &&
    good >= 0 &&
    good <= total
  );
}

/**
 * The fraction of good events, `good / total`, in [0, 1]; null when there
 * were no events or the counts are impossible (negative, not finite, or
 * good above total), never NaN.
 * @public
 */
export function attainment(counts: EventCounts): number | null {
  if (!isValidCounts(counts) || counts.total === 0) return null;
  return counts.good / counts.total;
}

/**
 * `1 - target`, the fraction of events allowed to be bad, rounded to 12
 * significant digits so that `1 - 0.999` is 0.001 and not
 * 0.0010000000000000009 (which would show as budget drift in the UI).
 * @public
 */
export function errorAllowance(target: number): number {
  return Number((1 - target).toPrecision(12));
}

/** True for an SLO target strictly between 0 and 1. */
export function isValidTarget(target: number): boolean {
  return Number.isFinite(target) && target > 0 && target < 1;
}
