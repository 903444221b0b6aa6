import { budgetSpentByBurn, burnRate, burnRateOfCounts } from './burnRate';

const HOUR = 3_600_000;
const THIRTY_DAYS = 30 * 24 * HOUR;

describe('burnRate', () => {
  it('is 1000x for a 99.9 % SLO when every request fails', () => {
    expect(burnRate({ errorRatio: 1, target: 0.999 })).toBe(1000);
  });

  it('is 1x when the error ratio equals the allowance', () => {
    expect(burnRate({ errorRatio: 0.001, target: 0.999 })).toBe(1);
    expect(burnRateOfCounts({ good: 999, total: 1000 }, 0.999)).toBe(1);
  });

  it('is null without events or for invalid input', () => {
    expect(burnRateOfCounts({ good: 0, total: 0 }, 0.999)).toBeNull();
    expect(burnRate({ errorRatio: 1.5, target: 0.999 })).toBeNull();
    expect(burnRate({ errorRatio: 0.1, target: 1 })).toBeNull();
  });
});

describe('budgetSpentByBurn (SRE Workbook, 99.9 % over 30 days)', () => {
  it.each([
    [14.4, 1, 0.02],
    [6, 6, 0.05],
    [1, 72, 0.1],
  ])('%sx for %s h spends %s of the budget', (rate, hours, spent) => {
    expect(
      budgetSpentByBurn({
        burnRate: rate,
        durationMs: hours * HOUR,
        windowMs: THIRTY_DAYS,
      }),
    ).toBeCloseTo(spent, 12);
  });

  it('is null for a window of zero', () => {
    expect(
      budgetSpentByBurn({ burnRate: 1, durationMs: HOUR, windowMs: 0 }),
    ).toBeNull();
  });
});
