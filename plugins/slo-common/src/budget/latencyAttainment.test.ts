import { histogramQuantile, latencyAttainment } from './latencyAttainment';

// 1000 requests: 500 <= 50 ms, 900 <= 100 ms, 980 <= 250 ms, 995 <= 500 ms.
const buckets = [
  { le: 50, count: 500 },
  { le: 100, count: 900 },
  { le: 250, count: 980 },
  { le: 500, count: 995 },
  { le: '+Inf' as const, count: 1000 },
];

describe('histogramQuantile', () => {
  it('interpolates inside the bucket like Prometheus', () => {
    // p99: rank 990, in (250, 500] holding 980..995: 250 + 250 * 10/15.
    expect(histogramQuantile(0.99, buckets)).toBeCloseTo(
      250 + (250 * 10) / 15,
      9,
    );
    // p50: rank 500, exactly the first bucket's bound.
    expect(histogramQuantile(0.5, buckets)).toBe(50);
    // p25: in the first bucket, which starts at 0.
    expect(histogramQuantile(0.25, buckets)).toBe(25);
  });

  it('gives the highest finite bound when the rank is in +Inf', () => {
    expect(histogramQuantile(0.999, buckets)).toBe(500);
  });

  it('is null without requests or for invalid buckets', () => {
    expect(histogramQuantile(0.99, [{ le: Infinity, count: 0 }])).toBeNull();
    expect(histogramQuantile(0.99, [{ le: 100, count: 5 }])).toBeNull();
    expect(histogramQuantile(1.5, buckets)).toBeNull();
  });
});

describe('latencyAttainment', () => {
  it('is exact at a bucket bound', () => {
    expect(latencyAttainment({ buckets, thresholdMs: 100 })).toEqual({
      ok: true,
      value: {
        total: 1000,
        good: 900,
        fraction: 0.9,
        exact: true,
        quantileMs: 250 + (250 * 10) / 15,
      },
    });
  });

  it('interpolates between bounds and says so', () => {
    const result = latencyAttainment({
      buckets,
      thresholdMs: 175,
      quantile: 0.5,
    });
    expect(result).toEqual({
      ok: true,
      value: {
        total: 1000,
        good: 940,
        fraction: 0.94,
        exact: false,
        quantileMs: 50,
      },
    });
  });

  it('counts only known-good requests above the last finite bound', () => {
    const result = latencyAttainment({ buckets, thresholdMs: 1000 });
    expect(result.ok && result.value.good).toBe(995);
    expect(result.ok && result.value.exact).toBe(false);
  });

  it('has null fraction and quantile without requests', () => {
    const result = latencyAttainment({
      buckets: [
        { le: 100, count: 0 },
        { le: Infinity, count: 0 },
      ],
      thresholdMs: 100,
    });
    expect(result).toEqual({
      ok: true,
      value: {
        total: 0,
        good: 0,
        fraction: null,
        exact: true,
        quantileMs: null,
      },
    });
  });

  it.each([
    [[], 'the histogram has no buckets'],
    [
      [{ le: 100, count: 10 }],
      'the histogram has no +Inf bucket, so requests slower than its last bound are unknown',
    ],
    [
      [
        { le: 100, count: 10 },
        { le: 50, count: 20 },
        { le: Infinity, count: 20 },
      ],
      'bucket 1: bounds must increase',
    ],
    [
      [
        { le: 100, count: 10 },
        { le: Infinity, count: 5 },
      ],
      'bucket 1: counts must be cumulative (never decrease)',
    ],
    [
      [
        { le: 100, count: -1 },
        { le: Infinity, count: 5 },
      ],
      'bucket 0: count must be >= 0',
    ],
  ])('refuses invalid buckets %#', (bad, error) => {
    expect(
      latencyAttainment({ buckets: bad as never, thresholdMs: 100 }),
    ).toEqual({
      ok: false,
      error,
    });
  });
});
