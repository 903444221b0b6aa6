import { mockServices } from '@backstage/backend-test-utils';
import { ConfigReader } from '@backstage/config';
import { errorBudget } from '@golden-path/plugin-slo-common';
import {
  SliCounts,
  SloDefinitionForSource,
} from '@golden-path/plugin-slo-node';
import {
  backfillSelectors,
  MinutePoint,
  startBackfilledPrometheus,
} from './testUtils/backfill';
import {
  findPrometheus,
  RunningPrometheus,
} from './testUtils/prometheusTestServer';
import { createPrometheusSliSource } from './createPrometheusSliSource';
import { PrometheusSliSource } from './PrometheusSliSource';
import { readPrometheusConfig } from './readPrometheusConfig';

// The agreement check: the same per-minute points, summed exactly
// (as the built-in store does) and backfilled into Prometheus as counters,
// give the same counts and budgets. With one sample per minute boundary and
// windows on minute boundaries, increase() sees a sample at both ends of the
// range and does not extrapolate, so the numbers agree exactly, not just to
// 4 decimals.

const binaries = findPrometheus();
const MINUTE = 60_000;
const HOUR = 60 * MINUTE;
const DAYS = 3;

/** Deterministic pseudo-random numbers in [0, 1) (a linear congruential generator). */
function random(seed: number) {
  let state = seed;
  return () => {
    state = (state * 1664525 + 1013904223) % 2 ** 32;
    return state / 2 ** 32;
  };
}

/** Three days of minute points: a steady 0.05 % errors, a bad incident, and gaps. */
function threeDays(start: number): MinutePoint[] {
  const next = random(7);
  const points: MinutePoint[] = [];
  for (let i = 0; i < DAYS * 24 * 60; i++) {
    if (next() < 0.02) continue; // a minute without traffic
    const total = 500 + Math.floor(next() * 1000);
    const incident = i >= 30 * 60 && i < 32 * 60; // two hours at ~5 % errors
    const errorRate = incident ? 0.05 : 0.0005;
    const bad = Math.min(total, Math.round(total * errorRate * 2 * next()));
    points.push({ timestamp: start + i * MINUTE, good: total - bad, total });
  }
  return points;
}

/** What the built-in store answers: the exact sums over [from, to). */
function exactCounts(
  points: MinutePoint[],
  from: number,
  to: number,
): SliCounts {
  let good = 0;
  let total = 0;
  for (const point of points) {
    const time = Number(point.timestamp);
    if (time >= from && time < to) {
      good += point.good;
      total += point.total;
    }
  }
  return { good, total };
}

(binaries ? describe : describe.skip)(
  'Prometheus and exact sums over the same backfilled data',
  () => {
    jest.setTimeout(180_000);
    // Whole hours, ending a few hours ago so that nothing touches "now".
    const end = Math.floor(Date.now() / HOUR) * HOUR - 3 * HOUR;
    const start = end - DAYS * 24 * HOUR;
    const points = threeDays(start);
    const selectors = backfillSelectors('checkout-availability');
    const slo: SloDefinitionForSource = {
      sloRef: 'component:default/checkout#availability',
      target: 0.999,
      thresholdMs: null,
      dataSource: {
        type: 'prometheus',
        name: 'backfilled',
        goodQuery: selectors.good,
        badQuery: null,
        totalQuery: selectors.total,
      },
    };
    let prometheus: RunningPrometheus;
    let source: ReturnType<typeof createPrometheusSliSource>;

    beforeAll(async () => {
      prometheus = await startBackfilledPrometheus({
        ...binaries!,
        points,
        slo: 'checkout-availability',
      });
      source = createPrometheusSliSource({
        config: new ConfigReader({
          goldenPath: {
            slo: { prometheus: { backfilled: { url: prometheus.url } } },
          },
        }),
        logger: mockServices.logger.mock(),
      });
    });

    afterAll(async () => {
      await prometheus?.stop();
    });

    it.each([
      ['the whole 3 days', 0, DAYS * 24],
      ['the incident hours', 30, 32],
      ['one quiet hour', 50, 51],
      ['the last day', 48, 72],
      ['six hours across the incident', 28, 34],
    ])('agrees on %s', async (_name, fromHour, toHour) => {
      const from = start + fromHour * HOUR;
      const to = start + toHour * HOUR;
      const exact = exactCounts(points, from, to);
      const fromPrometheus = await source.countsBetween(
        slo,
        new Date(from),
        new Date(to),
      );
      expect(fromPrometheus!.total).toBeCloseTo(exact.total, 6);
      expect(fromPrometheus!.good).toBeCloseTo(exact.good, 6);

      const budgetExact = errorBudget({ ...exact, target: slo.target })!;
      const budgetPrometheus = errorBudget({
        ...fromPrometheus!,
        target: slo.target,
      })!;
      expect(budgetPrometheus.attainment!).toBeCloseTo(
        budgetExact.attainment!,
        4,
      );
      expect(budgetPrometheus.remainingFraction!).toBeCloseTo(
        budgetExact.remainingFraction!,
        4,
      );
    });

    it('agrees on any window on minute boundaries, e.g. 17 minutes', async () => {
      const from = start + 29 * HOUR + 51 * MINUTE;
      const to = from + 17 * MINUTE;
      const fromPrometheus = await source.countsBetween(
        slo,
        new Date(from),
        new Date(to),
      );
      const exact = exactCounts(points, from, to);
      expect(fromPrometheus!.total).toBeCloseTo(exact.total, 6);
      expect(fromPrometheus!.good).toBeCloseTo(exact.good, 6);
    });

    it('agrees hour by hour on the series behind the burn-down chart', async () => {
      const series = await source.countsSeries(
        slo,
        new Date(start),
        new Date(end),
        HOUR,
      );
      expect(series).toHaveLength(DAYS * 24);
      series.forEach((point, hour) => {
        const from = start + hour * HOUR;
        expect(point.time).toBe(new Date(from).toISOString());
        const exact = exactCounts(points, from, from + HOUR);
        expect(point.total).toBeCloseTo(exact.total, 6);
        expect(point.good).toBeCloseTo(exact.good, 6);
      });
    });

    it('adds a shorter last step so the series sums to the window', async () => {
      const to = start + 2 * HOUR + 30 * MINUTE;
      const series = await source.countsSeries(
        slo,
        new Date(start),
        new Date(to),
        HOUR,
      );
      expect(series.map(p => p.time)).toEqual([
        new Date(start).toISOString(),
        new Date(start + HOUR).toISOString(),
        new Date(start + 2 * HOUR).toISOString(),
      ]);
      const summed = series.reduce((sum, p) => sum + p.total, 0);
      expect(summed).toBeCloseTo(exactCounts(points, start, to).total, 6);
    });

    it('agrees minute by minute, across range queries split in chunks', async () => {
      // Prometheus refuses over 11,000 points per range query; 3 days of
      // minutes are 4,320, so a chunk size of 1,000 exercises the splitting.
      const chunked = new PrometheusSliSource(
        readPrometheusConfig(
          new ConfigReader({
            goldenPath: {
              slo: { prometheus: { backfilled: { url: prometheus.url } } },
            },
          }),
        ),
        mockServices.logger.mock(),
        { maxPointsPerRequest: 1000 },
      );
      const series = await chunked.countsSeries(
        slo,
        new Date(start),
        new Date(end),
        MINUTE,
      );
      expect(series).toHaveLength(DAYS * 24 * 60);
      const exact = new Map(points.map(p => [Number(p.timestamp), p]));
      series.forEach((point, minute) => {
        const from = start + minute * MINUTE;
        expect(point.time).toBe(new Date(from).toISOString());
        expect(point.total).toBe(exact.get(from)?.total ?? 0);
        expect(point.good).toBe(exact.get(from)?.good ?? 0);
      });
    });

    it('finds nothing with steps shorter than the sample interval', async () => {
      // increase() needs two samples in its range: a 10 s step over minute
      // samples has at most one. The README asks for steps of at least two
      // scrape intervals.
      const series = await source.countsSeries(
        slo,
        new Date(start),
        new Date(start + HOUR),
        10_000,
      );
      expect(series).toEqual([]);
    });
  },
);
