import { SloStatus } from './SloSummary';

/**
 * Below this budget fraction an SLO shows as `warning`.
 * @public
 */
export const BUDGET_WARNING_FRACTION = 0.25;

/**
 * The status of an SLO, in this order: `error` when it could not be
 * evaluated, `no-data` without attainment, `breaching` when the budget is
 * spent (nothing remains) or a page alert fires, `warning` when a ticket
 * alert fires or less than a quarter of the budget is left, else `ok`.
 * @public
 */
export function sloStatus(input: {
  error?: string | null;
  attainment: number | null;
  budgetRemaining: number | null;
  firingSeverities: Array<'page' | 'ticket'>;
}): SloStatus {
  if (input.error) return 'error';
  if (input.attainment === null) return 'no-data';
  const remaining = input.budgetRemaining;
  if (
    (remaining !== null && remaining <= 0) ||
    input.firingSeverities.includes('page')
  ) {
    return 'breaching';
  }
  if (
    (remaining !== null && remaining < BUDGET_WARNING_FRACTION) ||
    input.firingSeverities.includes('ticket')
  ) {
    return 'warning';
  }
  return 'ok';
}
