import {
  attainment,
  errorAllowance,
  EventCounts,
  isValidCounts,
  isValidTarget,
} from './attainment';

/**
 * The error budget of an Occurrences SLO over its window.
 * @public
 */
export type ErrorBudget = {
  /** Bad events the SLO allows: `(1 - target) * total`. */
  allowedBad: number;
  /** Bad events so far: `total - good`. */
  consumedBad: number;
  /** `allowedBad - consumedBad`; negative when overspent. */
  remainingBad: number;
  /**
   * `remainingBad / allowedBad`: 1 untouched, 0 spent, negative when
   * overspent (-0.5 means half a budget over). Null with no events.
   */
  remainingFraction: number | null;
  /** `good / total`, null with no events. */
  attainment: number | null;
};

/**
 * The error budget of an Occurrences SLO: the budget scales with the events
 * seen in the window. Returns null for a target outside (0, 1) or impossible
 * counts rather than a wrong number.
 * @public
 */
export function errorBudget(
  input: EventCounts & { target: number },
): ErrorBudget | null {
  const { target, good, total } = input;
  if (!isValidTarget(target) || !isValidCounts(input)) return null;
  const allowedBad = errorAllowance(target) * total;
  const consumedBad = total - good;
  const remainingBad = allowedBad - consumedBad;
  return {
    allowedBad,
    consumedBad,
    remainingBad,
    remainingFraction: allowedBad > 0 ? remainingBad / allowedBad : null,
    attainment: attainment({ good, total }),
  };
}
