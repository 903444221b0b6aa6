import { ratioTimesliceBudget, timesliceBudget } from './timesliceBudget';

describe('timesliceBudget', () => {
  // 10 expected slices, 90 % of them must be good (at least 95 % good events).
  const slices = [
    { good: 100, total: 100 }, // good
    { good: 95, total: 100 }, // good: exactly the slice target
    { good: 94, total: 100 }, // bad
    { good: 0, total: 0 }, // no data
    { good: 50, total: 50 }, // good
  ];

  it('counts good and bad slices; missing slices are neither', () => {
    expect(
      timesliceBudget({
        target: 0.9,
        timeSliceTarget: 0.95,
        slices,
        expectedSlices: 10,
      }),
    ).toEqual({
      goodSlices: 3,
      badSlices: 1,
      noDataSlices: 6,
      allowedBadSlices: 1,
      consumedBadSlices: 1,
      remainingBadSlices: 0,
      remainingFraction: 0,
      attainment: 0.75,
    });
  });

  it('spends the budget over the whole window', () => {
    const budget = timesliceBudget({
      target: 0.8,
      timeSliceTarget: 0.95,
      slices,
      expectedSlices: 10,
    });
    expect(budget?.allowedBadSlices).toBe(2);
    expect(budget?.remainingFraction).toBe(0.5);
  });

  it('has null attainment without data', () => {
    expect(
      timesliceBudget({
        target: 0.9,
        timeSliceTarget: 1,
        slices: [],
        expectedSlices: 10,
      })?.attainment,
    ).toBeNull();
  });

  it('refuses more slices than expected, a bad slice target or counts', () => {
    expect(
      timesliceBudget({
        target: 0.9,
        timeSliceTarget: 0.95,
        slices,
        expectedSlices: 4,
      }),
    ).toBeNull();
    expect(
      timesliceBudget({
        target: 0.9,
        timeSliceTarget: 1.5,
        slices,
        expectedSlices: 10,
      }),
    ).toBeNull();
    expect(
      timesliceBudget({
        target: 0.9,
        timeSliceTarget: 0.9,
        slices: [{ good: 2, total: 1 }],
        expectedSlices: 10,
      }),
    ).toBeNull();
  });
});

describe('ratioTimesliceBudget', () => {
  it('averages slice ratios and spends 1 - ratio per slice', () => {
    const budget = ratioTimesliceBudget({
      target: 0.9,
      slices: [
        { good: 1, total: 1 },
        { good: 1, total: 2 },
        { good: 0, total: 0 },
        { good: 3, total: 4 },
      ],
      expectedSlices: 10,
    });
    expect(budget).toEqual({
      goodSlices: 1,
      badSlices: 2,
      noDataSlices: 7,
      allowedBadSlices: 1,
      consumedBadSlices: 0.75,
      remainingBadSlices: 0.25,
      remainingFraction: 0.25,
      attainment: 0.75,
    });
  });
});
