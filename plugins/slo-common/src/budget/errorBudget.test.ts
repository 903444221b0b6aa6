import fc from 'fast-check';
import { attainment, errorAllowance } from './attainment';
import { errorBudget } from './errorBudget';

describe('attainment', () => {
  it('is good / total, null without events or with impossible counts', () => {
    expect(attainment({ good: 999, total: 1000 })).toBe(0.999);
    expect(attainment({ good: 0, total: 0 })).toBeNull();
    expect(attainment({ good: 2, total: 1 })).toBeNull();
    expect(attainment({ good: -1, total: 1 })).toBeNull();
    expect(attainment({ good: NaN, total: 1 })).toBeNull();
  });
});

describe('errorAllowance', () => {
  it('has no float noise', () => {
    expect(1 - 0.999).not.toBe(0.001);
    expect(errorAllowance(0.999)).toBe(0.001);
    expect(errorAllowance(0.9999)).toBe(0.0001);
  });
});

describe('errorBudget', () => {
  it('leaves 60 % of a 99.9 % budget after 400 bad of 1,000,000', () => {
    expect(
      errorBudget({ target: 0.999, good: 999_600, total: 1_000_000 }),
    ).toEqual({
      allowedBad: 1000,
      consumedBad: 400,
      remainingBad: 600,
      remainingFraction: 0.6,
      attainment: 0.9996,
    });
  });

  it('goes negative when overspent', () => {
    const budget = errorBudget({
      target: 0.999,
      good: 998_500,
      total: 1_000_000,
    });
    expect(budget?.remainingBad).toBe(-500);
    expect(budget?.remainingFraction).toBe(-0.5);
  });

  it('is exactly spent at the target', () => {
    expect(
      errorBudget({ target: 0.99, good: 99, total: 100 })?.remainingFraction,
    ).toBe(0);
  });

  it('has null attainment and fraction without events, and no NaN', () => {
    expect(errorBudget({ target: 0.999, good: 0, total: 0 })).toEqual({
      allowedBad: 0,
      consumedBad: 0,
      remainingBad: 0,
      remainingFraction: null,
      attainment: null,
    });
  });

  it('refuses a target outside (0, 1) and impossible counts', () => {
    expect(errorBudget({ target: 1, good: 1, total: 1 })).toBeNull();
    expect(errorBudget({ target: 0, good: 1, total: 1 })).toBeNull();
    expect(errorBudget({ target: 1.5, good: 1, total: 1 })).toBeNull();
    expect(errorBudget({ target: 0.9, good: 2, total: 1 })).toBeNull();
    expect(errorBudget({ target: 0.9, good: -1, total: 1 })).toBeNull();
  });

  it('gives finite numbers or null for any valid counts and target', () => {
    fc.assert(
      fc.property(
        fc.nat(),
        fc.nat(),
        fc.double({ min: 0.0001, max: 0.99999, noNaN: true }),
        (a, b, target) => {
          const good = Math.min(a, b);
          const total = Math.max(a, b);
          const budget = errorBudget({ target, good, total });
          expect(budget).not.toBeNull();
          for (const value of Object.values(budget!)) {
            expect(value === null || Number.isFinite(value)).toBe(true);
          }
          expect(budget!.attainment === null).toBe(total === 0);
          expect(budget!.remainingFraction ?? 1).toBeLessThanOrEqual(1);
          expect(budget!.remainingFraction === null).toBe(total === 0);
        },
      ),
    );
  });
});
