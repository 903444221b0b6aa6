import {
  collectDefaultMetrics,
  Counter,
  Gauge,
  Histogram,
  Registry,
} from 'prom-client';
import type { BreakerState } from '../resilience/types';

/** What the outbox relay reports for the outbox-lag saturation signal. */
export interface OutboxStats {
  pending: number;
  /** Age of the oldest unpublished row; null when nothing is pending. */
  oldestPendingAgeMs: number | null;
  deadLetters: number;
}

/** What a policy exposes for the bulkhead saturation gauges (sampled at scrape). */
export interface BulkheadSample {
  dependency: string;
  executing: number;
  queued: number;
}

export const BREAKER_STATES: readonly BreakerState[] = [
  'closed',
  'open',
  'half-open',
  'isolated',
];

/**
 * The service's Prometheus metrics, in a registry of its own (never the
 * prom-client global one, so tests and several apps in one process do not
 * collide). The four golden signals:
 *
 * - latency: `http_server_duration_seconds{method,route,status_code}`;
 * - traffic: the same histogram's `_count`;
 * - errors: `http_server_errors_total{method,route,status_code}` (5xx);
 * - saturation: event-loop lag (`nodejs_eventloop_lag_*` from the default
 *   metrics), `bulkhead_executing` / `bulkhead_queued{dependency}`, and the
 *   outbox lag (`outbox_pending_messages`, `outbox_oldest_pending_age_seconds`,
 *   `outbox_dead_letters`).
 *
 * Circuit breakers: `circuit_breaker_state_changes_total{dependency,state}`
 * and `circuit_breaker_state{dependency,state}` (1 for the current state, 0
 * for the others).
 */
export class Metrics {
  readonly registry: Registry;
  readonly httpDuration: Histogram<'method' | 'route' | 'status_code'>;
  readonly httpErrors: Counter<'method' | 'route' | 'status_code'>;
  readonly breakerStateChanges: Counter<'dependency' | 'state'>;
  readonly breakerState: Gauge<'dependency' | 'state'>;
  readonly bulkheadRejections: Counter<'dependency'>;
  readonly bulkheadExecuting: Gauge<'dependency'>;
  readonly bulkheadQueued: Gauge<'dependency'>;

  private bulkheadSource: () => BulkheadSample[] = () => [];
  private outboxObserved = false;
  private scrape = 0;

  constructor(options: { defaultMetrics?: boolean } = {}) {
    this.registry = new Registry();
    if (options.defaultMetrics !== false) {
      // Includes nodejs_eventloop_lag_seconds and its percentiles
      // (monitorEventLoopDelay): the process's own saturation.
      collectDefaultMetrics({ register: this.registry });
    }
    const registers = [this.registry];
    this.httpDuration = new Histogram({
      name: 'http_server_duration_seconds',
      help: 'Duration of HTTP requests handled by this service (latency; _count is the traffic).',
      labelNames: ['method', 'route', 'status_code'],
      buckets: [
        0.005, 0.01, 0.025, 0.05, 0.075, 0.1, 0.25, 0.5, 0.75, 1, 2.5, 5, 10,
      ],
      registers,
    });
    this.httpErrors = new Counter({
      name: 'http_server_errors_total',
      help: 'HTTP requests answered with a 5xx status.',
      labelNames: ['method', 'route', 'status_code'],
      registers,
    });
    this.breakerStateChanges = new Counter({
      name: 'circuit_breaker_state_changes_total',
      help: 'Circuit breaker transitions, by dependency and the state entered.',
      labelNames: ['dependency', 'state'],
      registers,
    });
    this.breakerState = new Gauge({
      name: 'circuit_breaker_state',
      help: 'Current circuit breaker state per dependency (1 for the current state, 0 otherwise).',
      labelNames: ['dependency', 'state'],
      registers,
    });
    this.bulkheadRejections = new Counter({
      name: 'bulkhead_rejections_total',
      help: 'Calls refused because the dependency bulkhead and its queue were full.',
      labelNames: ['dependency'],
      registers,
    });
    const self = this;
    this.bulkheadExecuting = new Gauge({
      name: 'bulkhead_executing',
      help: 'Calls running through the dependency bulkhead (sampled at scrape).',
      labelNames: ['dependency'],
      registers,
      collect() {
        for (const sample of self.bulkheadSource()) {
          this.set({ dependency: sample.dependency }, sample.executing);
        }
      },
    });
    this.bulkheadQueued = new Gauge({
      name: 'bulkhead_queued',
      help: 'Calls waiting in the dependency bulkhead queue (sampled at scrape).',
      labelNames: ['dependency'],
      registers,
      collect() {
        for (const sample of self.bulkheadSource()) {
          this.set({ dependency: sample.dependency }, sample.queued);
        }
      },
    });
  }

  /** Where the bulkhead gauges read their values at scrape time. */
  observeBulkheads(source: () => BulkheadSample[]): void {
    this.bulkheadSource = source;
  }

  /**
   * Adds the outbox-lag gauges, read from `source` at scrape time (one call
   * per scrape for the three). A failing source does not fail the scrape: the
   * three gauges read NaN for that scrape and `onError` gets the error.
   */
  observeOutbox(
    source: () => Promise<OutboxStats>,
    onError: (error: unknown) => void = () => {},
  ): void {
    if (this.outboxObserved) {
      throw new Error('Metrics.observeOutbox() was already called');
    }
    this.outboxObserved = true;
    // prom-client collects the metrics of a scrape concurrently: the three
    // gauges share one sample per scrape (text() starts a new scrape; a
    // sample is never reused after a second, whoever reads the registry).
    let cached:
      | { scrape: number; at: number; stats: Promise<OutboxStats | undefined> }
      | undefined;
    const sample = () => {
      const now = Date.now();
      if (!cached || cached.scrape !== this.scrape || now - cached.at > 1_000) {
        cached = {
          scrape: this.scrape,
          at: now,
          stats: source().catch((error: unknown) => {
            onError(error);
            return undefined;
          }),
        };
      }
      return cached.stats;
    };
    const registers = [this.registry];
    const gauge = (
      name: string,
      help: string,
      value: (stats: OutboxStats) => number,
    ) =>
      new Gauge({
        name,
        help,
        registers,
        async collect() {
          const stats = await sample();
          this.set(stats ? value(stats) : Number.NaN);
        },
      });
    gauge(
      'outbox_pending_messages',
      'Outbox rows not yet published (sampled at scrape).',
      s => s.pending,
    );
    gauge(
      'outbox_oldest_pending_age_seconds',
      'Age of the oldest unpublished outbox row, 0 when none (sampled at scrape).',
      s => (s.oldestPendingAgeMs ?? 0) / 1000,
    );
    gauge(
      'outbox_dead_letters',
      'Messages parked in the dead-letter table (sampled at scrape).',
      s => s.deadLetters,
    );
  }

  /** Records a breaker transition: counter + the current-state gauge. */
  recordBreakerState(dependency: string, state: BreakerState): void {
    this.breakerStateChanges.inc({ dependency, state });
    this.setBreakerState(dependency, state);
  }

  /** Sets the current-state gauge without counting a transition (initial state). */
  setBreakerState(dependency: string, state: BreakerState): void {
    for (const s of BREAKER_STATES) {
      this.breakerState.set({ dependency, state: s }, s === state ? 1 : 0);
    }
  }

  /** Observes one finished HTTP request. */
  recordHttpRequest(
    method: string,
    route: string,
    statusCode: number,
    durationSeconds: number,
  ): void {
    const labels = { method, route, status_code: String(statusCode) };
    this.httpDuration.observe(labels, durationSeconds);
    if (statusCode >= 500) this.httpErrors.inc(labels);
  }

  /** The Prometheus text exposition of every series. */
  async text(): Promise<string> {
    this.scrape++;
    return this.registry.metrics();
  }

  get contentType(): string {
    return this.registry.contentType;
  }
}
