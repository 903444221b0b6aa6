import {
  attainment,
  errorAllowance,
  EventCounts,
  isValidCounts,
  isValidTarget,
} from './attainment';

/**
 * The error budget of a Timeslices or RatioTimeslices SLO.
 * @public
 */
export type TimesliceBudget = {
  /**
   * Slices with data that met (`good`) or missed (`bad`) the slice target;
   * for RatioTimeslices, slices without and with bad events.
   */
  goodSlices: number;
  badSlices: number;
  /** Expected slices without data (missing or `total` 0): neither good nor bad. */
  noDataSlices: number;
  /** `(1 - target) * expectedSlices`. */
  allowedBadSlices: number;
  /** Bad slices (Timeslices) or the sum of `1 - ratio` (RatioTimeslices). */
  consumedBadSlices: number;
  remainingBadSlices: number;
  /** `remaining / allowed`; negative when overspent; null when nothing is allowed. */
  remainingFraction: number | null;
  /** Good slices / slices with data (Timeslices), mean slice ratio (RatioTimeslices); null without data. */
  attainment: number | null;
};

/**
 * Inputs of the time-slice budgets.
 * @public
 */
export type TimesliceInput = {
  target: number;
  /** One entry per slice that has been measured. */
  slices: EventCounts[];
  /** How many slices the whole window has (e.g. 30 days of 1m slices = 43200). */
  expectedSlices: number;
};

function validInput(input: TimesliceInput): boolean {
  return (
    isValidTarget(input.target) &&
    Number.isInteger(input.expectedSlices) &&
    input.expectedSlices >= 0 &&
    input.slices.length <= input.expectedSlices &&
    input.slices.every(isValidCounts)
  );
}

function budget(
  input: TimesliceInput,
  goodSlices: number,
  badSlices: number,
  consumed: number,
  sliceAttainment: number | null,
): TimesliceBudget {
  const allowed = errorAllowance(input.target) * input.expectedSlices;
  const remaining = allowed - consumed;
  return {
    goodSlices,
    badSlices,
    noDataSlices: input.expectedSlices - goodSlices - badSlices,
    allowedBadSlices: allowed,
    consumedBadSlices: consumed,
    remainingBadSlices: remaining,
    remainingFraction: allowed > 0 ? remaining / allowed : null,
    attainment: sliceAttainment,
  };
}

/**
 * The budget of a Timeslices SLO: a slice is good when its ratio
 * `good / total >= timeSliceTarget`. Slices without data count neither good
 * nor bad (an outage that stops all traffic must be caught by an
 * availability probe, not guessed here), while the budget is always over
 * `expectedSlices`, the whole window. Null for invalid input.
 * @public
 */
export function timesliceBudget(
  input: TimesliceInput & { timeSliceTarget: number },
): TimesliceBudget | null {
  const { timeSliceTarget } = input;
  if (
    !validInput(input) ||
    !(Number.isFinite(timeSliceTarget) && timeSliceTarget > 0) ||
    timeSliceTarget > 1
  ) {
    return null;
  }
  let good = 0;
  let bad = 0;
  for (const slice of input.slices) {
    const ratio = attainment(slice);
    if (ratio === null) continue;
    if (ratio >= timeSliceTarget) good++;
    else bad++;
  }
  const measured = good + bad;
  return budget(input, good, bad, bad, measured ? good / measured : null);
}

/**
 * The budget of a RatioTimeslices SLO: attainment is the mean of the slice
 * ratios, and each slice consumes `1 - ratio` of a slice of budget. Slices
 * without data count neither way, as in {@link timesliceBudget}.
 * @public
 */
export function ratioTimesliceBudget(
  input: TimesliceInput,
): TimesliceBudget | null {
  if (!validInput(input)) return null;
  let measured = 0;
  let perfect = 0;
  let ratioSum = 0;
  for (const slice of input.slices) {
    const ratio = attainment(slice);
    if (ratio === null) continue;
    measured++;
    if (ratio === 1) perfect++;
    ratioSum += ratio;
  }
  return budget(
    input,
    perfect,
    measured - perfect,
    measured - ratioSum,
    measured ? ratioSum / measured : null,
  );
}
