import {
  attainment,
  errorAllowance,
  EventCounts,
  isValidTarget,
} from './attainment';

/**
 * How fast the error budget burns: `errorRatio / (1 - target)`. 1 spends
 * exactly the budget over the SLO window; a 99.9 % SLO with every request
 * failing burns at 1000. Null for a ratio outside [0, 1] or a target outside
 * (0, 1).
 * @public
 */
export function burnRate(input: {
  errorRatio: number;
  target: number;
}): number | null {
  const { errorRatio, target } = input;
  if (
    !isValidTarget(target) ||
    !Number.isFinite(errorRatio) ||
    errorRatio < 0 ||
    errorRatio > 1
  ) {
    return null;
  }
  return errorRatio / errorAllowance(target);
}

/**
 * The burn rate of a window's counts, `(1 - good/total) / (1 - target)`;
 * null without events.
 * @public
 */
export function burnRateOfCounts(
  counts: EventCounts,
  target: number,
): number | null {
  if (attainment(counts) === null) return null;
  // (total - good) / total, not 1 - good / total: the subtraction of counts
  // is exact, so a window burning at exactly 1x does not read as 1.0000000000000009x.
  return burnRate({
    errorRatio: (counts.total - counts.good) / counts.total,
    target,
  });
}

/**
 * The fraction of the whole error budget spent by burning at `burnRate` for
 * `durationMs` of an SLO window of `windowMs`:
 * `burnRate * durationMs / windowMs` (14.4x for 1 h of 30 days spends 2 %).
 * @public
 */
export function budgetSpentByBurn(input: {
  burnRate: number;
  durationMs: number;
  windowMs: number;
}): number | null {
  const { burnRate: rate, durationMs, windowMs } = input;
  if (
    !Number.isFinite(rate) ||
    rate < 0 ||
    !Number.isFinite(durationMs) ||
    durationMs < 0 ||
    !Number.isFinite(windowMs) ||
    windowMs <= 0
  ) {
    return null;
  }
  return (rate * durationMs) / windowMs;
}
