import { mockServices } from '@backstage/backend-test-utils';
import { ConfigReader } from '@backstage/config';
import {
  SliSourceError,
  SloDefinitionForSource,
} from '@golden-path/plugin-slo-node';
import {
  CounterTarget,
  findPrometheus,
  RunningPrometheus,
  startCounterTarget,
  startPrometheus,
  waitFor,
} from './testUtils/prometheusTestServer';
import { createPrometheusSliSource } from './createPrometheusSliSource';

// Real Prometheus scraping a /metrics endpoint every second whose counters
// the tests move. increase() extrapolates towards the window's edges (see
// README-section.md), so counts are checked within the extrapolation bound
// and ratios, which both series share, to 4 decimals.

const binaries = findPrometheus();
const SCRAPE_S = 1;
const sleep = (ms: number) => new Promise(r => setTimeout(r, ms));

const slo = (
  queries: { goodQuery?: string; badQuery?: string; totalQuery: string },
  name = 'local',
): SloDefinitionForSource => ({
  sloRef: 'component:default/checkout#availability',
  target: 0.99,
  thresholdMs: null,
  dataSource: {
    type: 'prometheus',
    name,
    goodQuery: queries.goodQuery ?? null,
    badQuery: queries.badQuery ?? null,
    totalQuery: queries.totalQuery,
  },
});

/** Upper bound of increase()'s extrapolation for a window of `windowMs`. */
const maxFactor = (windowMs: number) =>
  windowMs / (windowMs - 2 * 1.1 * SCRAPE_S * 1000);

(binaries ? describe : describe.skip)(
  'PrometheusSliSource against a real Prometheus',
  () => {
    jest.setTimeout(120_000);
    let target: CounterTarget;
    let prometheus: RunningPrometheus;
    const logger = mockServices.logger.mock();
    let source: ReturnType<typeof createPrometheusSliSource>;

    /** Waits until Prometheus has scraped `labels` at `value`, then two scrapes more. */
    const scraped = async (labels: string, value: number) => {
      await waitFor(`sli_requests_total{${labels}} = ${value}`, async () => {
        const [sample] = await prometheus.query(
          `sli_requests_total{${labels}}`,
        );
        return sample && Number(sample.value[1]) === value;
      });
      await sleep(2.5 * SCRAPE_S * 1000);
    };

    beforeAll(async () => {
      target = await startCounterTarget();
      for (const labels of [
        'case="ratio",outcome="good"',
        'case="ratio",outcome="bad"',
        'case="reset",outcome="good"',
      ]) {
        target.set(labels, 1000);
      }
      prometheus = await startPrometheus({
        binary: binaries!.prometheus,
        scrapeTarget: target.address,
      });
      await waitFor(
        'six scrapes',
        async () => {
          const [sample] = await prometheus.query(
            'count_over_time(sli_requests_total{case="ratio",outcome="good"}[1m])',
          );
          return sample && Number(sample.value[1]) >= 6;
        },
        60_000,
      );
      source = createPrometheusSliSource({
        config: new ConfigReader({
          goldenPath: {
            slo: {
              prometheus: {
                local: {
                  url: prometheus.url,
                  headers: { Authorization: 'Bearer top-secret-token' },
                },
              },
            },
          },
        }),
        logger,
      });
    });

    afterAll(async () => {
      await prometheus?.stop();
      await target?.close();
    });

    describe('counts', () => {
      let start: Date;
      let end: Date;

      beforeAll(async () => {
        start = new Date();
        await sleep(1500);
        target.add('case="ratio",outcome="good"', 300);
        target.add('case="ratio",outcome="bad"', 10);
        await scraped('case="ratio",outcome="good"', 1300);
        end = new Date();
      });

      it('counts good and total events over [start, end) with a good query', async () => {
        const counts = await source.countsBetween(
          slo({
            goodQuery: 'sli_requests_total{case="ratio",outcome="good"}',
            totalQuery: 'sli_requests_total{case="ratio"}',
          }),
          start,
          end,
        );
        const windowMs = end.getTime() - start.getTime();
        expect(counts!.total).toBeGreaterThanOrEqual(310 - 1e-9);
        expect(counts!.total).toBeLessThanOrEqual(310 * maxFactor(windowMs));
        // Both series are scraped together, so they extrapolate alike.
        expect(counts!.good / counts!.total).toBeCloseTo(300 / 310, 4);
      });

      it('derives good from a bad query as total - bad', async () => {
        const counts = await source.countsBetween(
          slo({
            badQuery: 'sli_requests_total{case="ratio",outcome="bad"}',
            totalQuery: 'sli_requests_total{case="ratio"}',
          }),
          start,
          end,
        );
        expect(counts!.good / counts!.total).toBeCloseTo(300 / 310, 4);
      });

      it('counts nothing in a quiet window, and null where no series exists', async () => {
        const before = new Date(start.getTime() - 1000);
        const quiet = await source.countsBetween(
          slo({
            totalQuery: 'sli_requests_total{case="ratio"}',
            goodQuery: 'sli_requests_total{case="ratio",outcome="good"}',
          }),
          new Date(before.getTime() - 3000),
          before,
        );
        expect(quiet).toEqual({ good: 0, total: 0 });
        expect(
          await source.countsBetween(
            slo({
              totalQuery: 'sli_requests_total{case="nothing"}',
              goodQuery: 'sli_requests_total{case="nothing",outcome="good"}',
            }),
            start,
            end,
          ),
        ).toBeNull();
      });

      it('treats a bad query without series as no bad events', async () => {
        const counts = await source.countsBetween(
          slo({
            badQuery: 'sli_requests_total{case="ratio",outcome="never"}',
            totalQuery: 'sli_requests_total{case="ratio"}',
          }),
          start,
          end,
        );
        expect(counts!.good).toBe(counts!.total);
      });

      it('returns a series labelled with step starts whose points keep the ratio', async () => {
        const stepMs = 2000;
        const series = await source.countsSeries(
          slo({
            goodQuery: 'sli_requests_total{case="ratio",outcome="good"}',
            totalQuery: 'sli_requests_total{case="ratio"}',
          }),
          start,
          end,
          stepMs,
        );
        expect(series.length).toBeGreaterThan(0);
        for (const point of series) {
          const offset = Date.parse(point.time) - start.getTime();
          expect(offset % stepMs).toBe(0);
          expect(offset).toBeGreaterThanOrEqual(0);
          expect(Date.parse(point.time)).toBeLessThan(end.getTime());
          expect(point.good).toBeLessThanOrEqual(point.total);
        }
        const busy = series.filter(point => point.total > 0);
        for (const point of busy) {
          expect(point.good / point.total).toBeCloseTo(300 / 310, 4);
        }
      });
    });

    it('follows a counter reset (process restart) instead of counting it as negative', async () => {
      const start = new Date();
      await sleep(1500);
      target.add('case="reset",outcome="good"', 100);
      await scraped('case="reset",outcome="good"', 1100);
      target.set('case="reset",outcome="good"', 40);
      await scraped('case="reset",outcome="good"', 40);
      const end = new Date();
      const counts = await source.countsBetween(
        slo({
          goodQuery: 'sli_requests_total{case="reset",outcome="good"}',
          totalQuery: 'sli_requests_total{case="reset"}',
        }),
        start,
        end,
      );
      // 100 before the restart, 40 after it (counted from zero).
      const windowMs = end.getTime() - start.getTime();
      expect(counts!.total).toBeGreaterThanOrEqual(140 - 1e-9);
      expect(counts!.total).toBeLessThanOrEqual(140 * maxFactor(windowMs));
      expect(counts!.good).toBe(counts!.total);
    });

    it("names Prometheus's own message when it rejects a query", async () => {
      // Passes the selector check, but Prometheus needs a non-empty matcher.
      const promise = source.countsBetween(
        slo({
          goodQuery: 'sli_requests_total{case="ratio",outcome="good"}',
          totalQuery: '{case=~".*"}',
        }),
        new Date(Date.now() - 60_000),
        new Date(),
      );
      await expect(promise).rejects.toThrow(SliSourceError);
      await expect(promise).rejects.toThrow(
        /SLO component:default\/checkout#availability: the total query to Prometheus data source "local" rejected the query \(HTTP 400, bad_data\): .*non-empty/,
      );
    });

    it('refuses queries that are not counter selectors before asking', async () => {
      await expect(
        source.countsBetween(
          slo({
            goodQuery: 'sum(rate(sli_requests_total[5m]))',
            totalQuery: 'sli_requests_total',
          }),
          new Date(Date.now() - 60_000),
          new Date(),
        ),
      ).rejects.toThrow(
        'SLO component:default/checkout#availability: the good query is not usable: "sum" is a PromQL keyword',
      );
    });

    it('refuses SLOs it cannot answer', async () => {
      const window = [new Date(Date.now() - 60_000), new Date()] as const;
      await expect(
        source.countsBetween(slo({ totalQuery: 'x' }, 'elsewhere'), ...window),
      ).rejects.toThrow(
        'names the Prometheus data source "elsewhere", which is not configured under goldenPath.slo.prometheus (configured: local)',
      );
      await expect(
        source.countsBetween(slo({ totalQuery: 'x' }), ...window),
      ).rejects.toThrow('has neither a good nor a bad query');
      await expect(
        source.countsBetween(
          slo({ totalQuery: 'x', goodQuery: 'y', badQuery: 'z' }),
          ...window,
        ),
      ).rejects.toThrow('has both a good and a bad query');
      await expect(
        source.countsBetween(
          { ...slo({ totalQuery: 'x' }), dataSource: { type: 'builtin' } },
          ...window,
        ),
      ).rejects.toThrow('does not use a Prometheus data source');
      await expect(
        source.countsBetween(
          slo({ totalQuery: 'x', goodQuery: 'y' }),
          window[1],
          window[0],
        ),
      ).rejects.toThrow('the start must be before the end');
      await expect(
        source.countsSeries(
          slo({ totalQuery: 'x', goodQuery: 'y' }),
          ...window,
          10,
        ),
      ).rejects.toThrow(
        'the step must be a whole number of milliseconds, at least 1000',
      );
      await expect(
        source.countsSeries(
          slo({ totalQuery: 'x', goodQuery: 'y' }),
          new Date(0),
          new Date(),
          1000,
        ),
      ).rejects.toThrow('use a longer step');
    });

    it('reports an unreachable Prometheus once it has stopped, and never logs the headers', async () => {
      await prometheus.kill();
      await expect(
        source.countsBetween(
          slo({
            goodQuery: 'sli_requests_total{case="ratio",outcome="good"}',
            totalQuery: 'sli_requests_total{case="ratio"}',
          }),
          new Date(Date.now() - 60_000),
          new Date(),
        ),
      ).rejects.toThrow(
        /the (total|good) query to Prometheus data source "local" refused the connection \(ECONNREFUSED\)/,
      );
      const everythingLogged = JSON.stringify([
        logger.info.mock.calls,
        logger.debug.mock.calls,
        logger.warn.mock.calls,
        logger.error.mock.calls,
      ]);
      expect(everythingLogged).toContain('local');
      expect(everythingLogged).not.toContain('top-secret-token');
    });
  },
);
