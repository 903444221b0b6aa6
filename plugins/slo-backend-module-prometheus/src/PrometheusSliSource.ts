import { LoggerService } from '@backstage/backend-plugin-api';
import {
  SliCounts,
  SliSource,
  SliSourceError,
  SloDefinitionForSource,
} from '@golden-path/plugin-slo-node';
import { PrometheusClient } from './PrometheusClient';
import { PrometheusDataSourceConfig } from './readPrometheusConfig';
import { validateCounterSelector } from './validateCounterSelector';

/** Prometheus refuses range queries over 11,000 points per series. */
const MAX_POINTS_PER_REQUEST = 10_000;
/** More steps than this in one series is a mistake (a minute step over a year). */
export const MAX_SERIES_STEPS = 100_000;
export const MIN_STEP_MS = 1000;

/**
 * When good events exceed total events by at most this fraction, the excess
 * is increase()'s extrapolation applied to series that started or were
 * scraped at different moments, and good is clamped to total; beyond it the
 * queries do not count the same events and the counts are refused.
 */
const GOOD_OVER_TOTAL_TOLERANCE = 0.01;

/** The PromQL of one SLO, ready to be given a range. */
type SloQueries = {
  client: PrometheusClient;
  /** Counts good events, or bad ones when `goodIsBad`. */
  numerator: string | null;
  numeratorIsBad: boolean;
  total: string;
};

/** `sum(increase(<selector>[<range>ms]))`: events in the range ending at evaluation time. */
export function increaseQuery(selector: string, rangeMs: number): string {
  return `sum(increase(${selector}[${rangeMs}ms]))`;
}

function toDate(value: Date, what: string): number {
  const ms = value instanceof Date ? value.getTime() : NaN;
  if (!Number.isFinite(ms))
    throw new SliSourceError(`${what} is not a valid time`);
  return ms;
}

/**
 * The SLI data source that asks Prometheus: each SLO's ratioMetric queries
 * (counter selectors) are evaluated as `sum(increase(selector[range]))`
 * through the HTTP API of the data source the SLO names in app-config.
 */
export class PrometheusSliSource implements SliSource {
  private readonly clients: Map<string, PrometheusClient>;

  private readonly maxPointsPerRequest: number;

  constructor(
    sources: PrometheusDataSourceConfig[],
    private readonly logger: LoggerService,
    options: { maxPointsPerRequest?: number } = {},
  ) {
    this.maxPointsPerRequest =
      options.maxPointsPerRequest ?? MAX_POINTS_PER_REQUEST;
    this.clients = new Map(
      sources.map(source => [source.name, new PrometheusClient(source)]),
    );
  }

  async countsBetween(
    slo: SloDefinitionForSource,
    start: Date,
    end: Date,
  ): Promise<SliCounts | null> {
    const queries = this.queriesOf(slo);
    const startMs = toDate(start, 'the start');
    const endMs = toDate(end, 'the end');
    if (!(startMs < endMs)) {
      throw new SliSourceError(
        `SLO ${slo.sloRef}: the start must be before the end`,
      );
    }
    return this.countsAt(slo, queries, endMs - startMs, endMs);
  }

  async countsSeries(
    slo: SloDefinitionForSource,
    start: Date,
    end: Date,
    stepMs: number,
  ): Promise<Array<{ time: string } & SliCounts>> {
    const queries = this.queriesOf(slo);
    const startMs = toDate(start, 'the start');
    const endMs = toDate(end, 'the end');
    if (!(startMs < endMs)) {
      throw new SliSourceError(
        `SLO ${slo.sloRef}: the start must be before the end`,
      );
    }
    if (!Number.isInteger(stepMs) || stepMs < MIN_STEP_MS) {
      throw new SliSourceError(
        `SLO ${slo.sloRef}: the step must be a whole number of milliseconds, at least ${MIN_STEP_MS}`,
      );
    }
    const fullSteps = Math.floor((endMs - startMs) / stepMs);
    if (fullSteps > MAX_SERIES_STEPS) {
      throw new SliSourceError(
        `SLO ${slo.sloRef}: ${fullSteps} steps are more than ${MAX_SERIES_STEPS}; use a longer step`,
      );
    }

    const points: Array<{ time: string } & SliCounts> = [];
    // Step i covers [start + i*step, start + (i+1)*step) and is evaluated at
    // its end, so the range queries run at start + step, start + 2*step, ...
    const chunk = this.maxPointsPerRequest;
    for (let first = 1; first <= fullSteps; first += chunk) {
      const last = Math.min(fullSteps, first + chunk - 1);
      points.push(
        ...(await this.seriesChunk(
          slo,
          queries,
          startMs + first * stepMs,
          startMs + last * stepMs,
          stepMs,
        )),
      );
    }
    // A last, shorter step up to `end`, so the series adds up to countsBetween.
    const partialStart = startMs + fullSteps * stepMs;
    if (partialStart < endMs) {
      const counts = await this.countsAt(
        slo,
        queries,
        endMs - partialStart,
        endMs,
      );
      if (counts)
        points.push({ time: new Date(partialStart).toISOString(), ...counts });
    }
    return points;
  }

  private queriesOf(slo: SloDefinitionForSource): SloQueries {
    const source = slo.dataSource;
    if (source.type !== 'prometheus') {
      throw new SliSourceError(
        `SLO ${slo.sloRef} does not use a Prometheus data source`,
      );
    }
    const client = this.clients.get(source.name);
    if (!client) {
      const known = [...this.clients.keys()];
      throw new SliSourceError(
        `SLO ${slo.sloRef} names the Prometheus data source "${
          source.name
        }", which is not configured under goldenPath.slo.prometheus (${
          known.length
            ? `configured: ${known.join(', ')}`
            : 'none is configured'
        })`,
      );
    }
    if (source.goodQuery !== null && source.badQuery !== null) {
      throw new SliSourceError(
        `SLO ${slo.sloRef} has both a good and a bad query; a ratioMetric has one of them`,
      );
    }
    const check = (role: string, query: string) => {
      const result = validateCounterSelector(query);
      if ('error' in result) {
        throw new SliSourceError(
          `SLO ${slo.sloRef}: the ${role} query is not usable: ${result.error}`,
        );
      }
      return result.selector;
    };
    const total = check('total', source.totalQuery);
    if (source.goodQuery !== null) {
      return {
        client,
        numerator: check('good', source.goodQuery),
        numeratorIsBad: false,
        total,
      };
    }
    if (source.badQuery !== null) {
      return {
        client,
        numerator: check('bad', source.badQuery),
        numeratorIsBad: true,
        total,
      };
    }
    throw new SliSourceError(
      `SLO ${slo.sloRef} has neither a good nor a bad query`,
    );
  }

  /** Runs one query, prefixing any failure with the SLO and the query's role. */
  private async run<T>(
    slo: SloDefinitionForSource,
    queries: SloQueries,
    role: string,
    request: () => Promise<T>,
  ): Promise<T> {
    try {
      return await request();
    } catch (error) {
      const reason =
        error instanceof SliSourceError ? error.message : String(error);
      this.logger.debug('Prometheus SLI query failed', {
        sloRef: slo.sloRef,
        dataSource: queries.client.name,
        role,
        reason,
      });
      throw new SliSourceError(
        `SLO ${slo.sloRef}: the ${role} query to Prometheus data source "${queries.client.name}" ${reason}`,
      );
    }
  }

  private async countsAt(
    slo: SloDefinitionForSource,
    queries: SloQueries,
    rangeMs: number,
    atMs: number,
  ): Promise<SliCounts | null> {
    const numeratorRole = queries.numeratorIsBad ? 'bad' : 'good';
    const single = async (role: string, selector: string) => {
      const samples = await this.run(slo, queries, role, () =>
        queries.client.instantQuery(increaseQuery(selector, rangeMs), atMs),
      );
      // sum() without `by` yields at most one sample; more means a broken proxy.
      if (samples.length > 1) {
        throw new SliSourceError(
          `SLO ${slo.sloRef}: the ${role} query returned ${samples.length} series instead of one`,
        );
      }
      return samples.length ? samples[0].value : null;
    };
    const [total, numerator] = await Promise.all([
      single('total', queries.total),
      queries.numerator ? single(numeratorRole, queries.numerator) : null,
    ]);
    if (total === null) return null;
    return this.combine(slo, total, numerator, queries.numeratorIsBad);
  }

  private async seriesChunk(
    slo: SloDefinitionForSource,
    queries: SloQueries,
    firstEvalMs: number,
    lastEvalMs: number,
    stepMs: number,
  ): Promise<Array<{ time: string } & SliCounts>> {
    const numeratorRole = queries.numeratorIsBad ? 'bad' : 'good';
    const byTime = async (role: string, selector: string) => {
      const series = await this.run(slo, queries, role, () =>
        queries.client.rangeQuery(
          increaseQuery(selector, stepMs),
          firstEvalMs,
          lastEvalMs,
          stepMs,
        ),
      );
      if (series.length > 1) {
        throw new SliSourceError(
          `SLO ${slo.sloRef}: the ${role} query returned ${series.length} series instead of one`,
        );
      }
      return new Map(
        (series[0]?.values ?? []).map(({ time, value }) => [time, value]),
      );
    };
    const [totals, numerators] = await Promise.all([
      byTime('total', queries.total),
      queries.numerator ? byTime(numeratorRole, queries.numerator) : undefined,
    ]);
    const points: Array<{ time: string } & SliCounts> = [];
    for (const [evalMs, total] of [...totals].sort(([a], [b]) => a - b)) {
      points.push({
        // Labelled with the step's start, as the built-in store labels buckets.
        time: new Date(evalMs - stepMs).toISOString(),
        ...this.combine(
          slo,
          total,
          numerators?.get(evalMs) ?? null,
          queries.numeratorIsBad,
        ),
      });
    }
    return points;
  }

  /**
   * Good and total from the two query results. A missing numerator means no
   * such series had samples: no bad events (common: no 5xx yet) or no good
   * ones.
   */
  private combine(
    slo: SloDefinitionForSource,
    total: number,
    numerator: number | null,
    numeratorIsBad: boolean,
  ): SliCounts {
    const counted = numerator ?? 0;
    const good = numeratorIsBad ? total - counted : counted;
    const slack = total * GOOD_OVER_TOTAL_TOLERANCE;
    if (good > total + slack || good < -slack) {
      throw new SliSourceError(
        `SLO ${slo.sloRef}: the ${
          numeratorIsBad ? 'bad' : 'good'
        } query counts ${counted} events but the total query only ${total}; they must select the same requests`,
      );
    }
    return { good: Math.min(Math.max(good, 0), total), total };
  }
}
