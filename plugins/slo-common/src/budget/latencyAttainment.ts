/**
 * One bucket of a cumulative latency histogram, Prometheus style: `count`
 * requests took at most `le` milliseconds. The last bucket must be `+Inf`
 * (`Infinity` or the string `'+Inf'`, since JSON has no Infinity): its count
 * is the total.
 * @public
 */
export type HistogramBucket = { le: number | '+Inf'; count: number };

/**
 * What a latency histogram says about a threshold and a quantile.
 * @public
 */
export type LatencyAttainment = {
  total: number;
  /** Requests at or under the threshold (interpolated unless a bucket bound). */
  good: number;
  /** `good / total`; null without requests. */
  fraction: number | null;
  /** False when the threshold falls inside a bucket and `good` is estimated. */
  exact: boolean;
  /** The quantile (default p99) in milliseconds; null without requests. */
  quantileMs: number | null;
};

type Bucket = { le: number; count: number };

/**
 * Checks and normalises buckets: sorted by bound, counts cumulative,
 * `+Inf` last.
 */
function readBuckets(
  buckets: HistogramBucket[],
): { ok: true; buckets: Bucket[] } | { ok: false; error: string } {
  if (!Array.isArray(buckets) || buckets.length === 0) {
    return { ok: false, error: 'the histogram has no buckets' };
  }
  const read = buckets.map(b => ({
    le: b.le === '+Inf' ? Infinity : b.le,
    count: b.count,
  }));
  for (const [i, b] of read.entries()) {
    if (typeof b.le !== 'number' || Number.isNaN(b.le) || b.le < 0) {
      return { ok: false, error: `bucket ${i}: le must be a number >= 0` };
    }
    if (!Number.isFinite(b.count) || b.count < 0) {
      return { ok: false, error: `bucket ${i}: count must be >= 0` };
    }
    if (i > 0 && b.le <= read[i - 1].le) {
      return { ok: false, error: `bucket ${i}: bounds must increase` };
    }
    if (i > 0 && b.count < read[i - 1].count) {
      return {
        ok: false,
        error: `bucket ${i}: counts must be cumulative (never decrease)`,
      };
    }
  }
  if (read[read.length - 1].le !== Infinity) {
    return {
      ok: false,
      error:
        'the histogram has no +Inf bucket, so requests slower than its last bound are unknown',
    };
  }
  return { ok: true, buckets: read };
}

/**
 * The estimated `q`-quantile (0..1) of a cumulative histogram, as Prometheus
 * `histogram_quantile` does it: linear interpolation inside the bucket that
 * holds the rank, the first bucket starting at 0, and the highest finite
 * bound when the rank falls into the `+Inf` bucket. Null without requests or
 * for invalid buckets.
 * @public
 */
export function histogramQuantile(
  q: number,
  buckets: HistogramBucket[],
): number | null {
  const read = readBuckets(buckets);
  if (!read.ok || !(q >= 0 && q <= 1)) return null;
  return quantile(q, read.buckets);
}

function quantile(q: number, buckets: Bucket[]): number | null {
  const total = buckets[buckets.length - 1].count;
  if (total === 0) return null;
  const rank = q * total;
  const index = buckets.findIndex(b => b.count >= rank);
  const bucket = buckets[index];
  if (bucket.le === Infinity) {
    return buckets.length > 1 ? buckets[buckets.length - 2].le : null;
  }
  const lower = index === 0 ? 0 : buckets[index - 1].le;
  const below = index === 0 ? 0 : buckets[index - 1].count;
  const inBucket = bucket.count - below;
  if (inBucket === 0) return bucket.le;
  return lower + ((bucket.le - lower) * (rank - below)) / inBucket;
}

/**
 * How many requests of a cumulative latency histogram were at or under
 * `thresholdMs`, and the quantile `quantile` (default 0.99). Choose bucket
 * bounds at the thresholds you measure (the tier latencies: 100, 500, 1000,
 * 5000 ms) and `good` is exact; otherwise it is interpolated linearly
 * inside the bucket like {@link histogramQuantile}. Returns an error message
 * for invalid buckets rather than a number.
 * @public
 */
export function latencyAttainment(input: {
  buckets: HistogramBucket[];
  thresholdMs: number;
  quantile?: number;
}): { ok: true; value: LatencyAttainment } | { ok: false; error: string } {
  const read = readBuckets(input.buckets);
  if (!read.ok) return read;
  const { thresholdMs } = input;
  const q = input.quantile ?? 0.99;
  if (!(Number.isFinite(thresholdMs) && thresholdMs >= 0)) {
    return { ok: false, error: 'thresholdMs must be a number >= 0' };
  }
  if (!(q >= 0 && q <= 1)) {
    return { ok: false, error: 'quantile must be between 0 and 1' };
  }
  const buckets = read.buckets;
  const total = buckets[buckets.length - 1].count;
  const index = buckets.findIndex(b => b.le >= thresholdMs);
  const bucket = buckets[index];
  let good: number;
  let exact = true;
  if (bucket.le === thresholdMs) {
    good = bucket.count;
  } else if (bucket.le === Infinity) {
    // Above the highest finite bound: only the finite buckets are known good.
    good = index === 0 ? 0 : buckets[index - 1].count;
    exact = total === good;
  } else {
    const lower = index === 0 ? 0 : buckets[index - 1].le;
    const below = index === 0 ? 0 : buckets[index - 1].count;
    good =
      below +
      ((bucket.count - below) * (thresholdMs - lower)) / (bucket.le - lower);
    exact = bucket.count === below;
  }
  return {
    ok: true,
    value: {
      total,
      good,
      fraction: total === 0 ? null : good / total,
      exact,
      quantileMs: quantile(q, buckets),
    },
  };
}
