import { budgetBurnDown } from './budgetBurnDown';

const start = Date.parse('2026-03-01T00:00:00Z');
const end = Date.parse('2026-03-31T00:00:00Z');
const HOUR = 3_600_000;

describe('budgetBurnDown', () => {
  it('gives the cumulative remaining budget, in time order', () => {
    const result = budgetBurnDown(
      [
        { time: start + 2 * HOUR, good: 995, total: 1000 },
        { time: new Date(start).toISOString(), good: 1000, total: 1000 },
        { time: start + HOUR, good: 999, total: 1000 },
      ],
      { target: 0.99, window: { start, end } },
    );
    expect(result?.skipped).toBe(0);
    expect(
      result?.points.map(p => [
        p.time,
        p.consumedBad,
        p.allowedBad,
        p.remainingFraction,
      ]),
    ).toEqual([
      ['2026-03-01T00:00:00.000Z', 0, 10, 1],
      ['2026-03-01T01:00:00.000Z', 1, 20, 0.95],
      ['2026-03-01T02:00:00.000Z', 6, 30, 0.8],
    ]);
  });

  it('ends at the same value as errorBudget over the window', () => {
    const points = Array.from({ length: 100 }, (_, i) => ({
      time: start + i * 60_000,
      good: 990 + (i % 11),
      total: 1000,
    }));
    const result = budgetBurnDown(points, {
      target: 0.995,
      window: { start, end },
    });
    const good = points.reduce((sum, p) => sum + p.good, 0);
    const last = result!.points[result!.points.length - 1];
    expect(last.good).toBe(good);
    expect(last.remainingFraction).toBeCloseTo(
      (0.005 * 100_000 - (100_000 - good)) / (0.005 * 100_000),
      12,
    );
  });

  it('sums points into steps aligned to the window start', () => {
    const result = budgetBurnDown(
      [
        { time: start + 10 * 60_000, good: 10, total: 10 },
        { time: start + 50 * 60_000, good: 8, total: 10 },
        { time: start + 70 * 60_000, good: 10, total: 10 },
      ],
      { target: 0.9, window: { start, end }, stepMs: HOUR },
    );
    expect(result?.points.map(p => [p.time, p.good, p.total])).toEqual([
      ['2026-03-01T00:00:00.000Z', 18, 20],
      ['2026-03-01T01:00:00.000Z', 28, 30],
    ]);
  });

  it('skips points outside the window or with bad data, and has no NaN', () => {
    const result = budgetBurnDown(
      [
        { time: start - 1, good: 1, total: 1 },
        { time: end, good: 1, total: 1 },
        { time: 'not a time', good: 1, total: 1 },
        { time: start, good: 2, total: 1 },
        { time: start, good: 0, total: 0 },
      ],
      { target: 0.9, window: { start, end } },
    );
    expect(result?.skipped).toBe(4);
    expect(result?.points).toEqual([
      {
        time: '2026-03-01T00:00:00.000Z',
        good: 0,
        total: 0,
        consumedBad: 0,
        allowedBad: 0,
        remainingFraction: null,
      },
    ]);
  });

  it('refuses an invalid target, window or step', () => {
    expect(
      budgetBurnDown([], { target: 1, window: { start, end } }),
    ).toBeNull();
    expect(
      budgetBurnDown([], { target: 0.9, window: { start: end, end: start } }),
    ).toBeNull();
    expect(
      budgetBurnDown([], { target: 0.9, window: { start, end }, stepMs: 0 }),
    ).toBeNull();
  });
});
