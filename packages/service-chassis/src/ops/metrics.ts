import {
  collectDefaultMetrics,
  Counter,
  Gauge,
  Histogram,
  Registry,
} from 'prom-client';
import type { PublishOutcome, RelayMetrics } from '../outbox/relay';
import type { BreakerState } from '../resilience/types';

/** What the outbox relay reports for the outbox-lag saturation signal. */
export interface OutboxStats {
  pending: number;
  /** Age of the oldest unpublished row; null when nothing is pending. */
  oldestPendingAgeMs: number | null;
  deadLetters: number;
}

/** Unfinished sagas of one name and status, for the `sagas_running` gauge. */
export interface SagaCount {
  saga: string;
  /** running | compensating */
  status: string;
  count: number;
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
 *   outbox lag (`outbox_pending_messages`, `outbox_oldest_pending_age_seconds`),
 *   and the consumers' `consumer_dead_letters`.
 *
 * Circuit breakers: `circuit_breaker_state_changes_total{dependency,state}`
 * and `circuit_breaker_state{dependency,state}` (1 for the current state, 0
 * for the others).
 *
 * Outbox relay (recorded through OutboxRelayOptions.metrics):
 * `outbox_relay_published_total`, `outbox_relay_failed_total` (real broker
 * failures), `outbox_relay_refused_total{reason}` (refused by our own
 * breaker or bulkhead: no attempt), `outbox_relay_publish_duration_seconds{outcome}`,
 * `outbox_relay_batch_rows`, and `outbox_relay_seconds_since_last_publish`
 * (alert on it together with outbox_pending_messages > 0).
 *
 * Sagas: `saga_started_total{saga}`, `saga_finished_total{saga,status}`,
 * `saga_duration_seconds{saga,status}`,
 * `saga_step_attempts_total{saga,step,phase,outcome}` and, sampled at
 * scrape, `sagas_running{saga,status}`.
 */
export class Metrics implements RelayMetrics {
  readonly registry: Registry;
  readonly httpDuration: Histogram<'method' | 'route' | 'status_code'>;
  readonly httpErrors: Counter<'method' | 'route' | 'status_code'>;
  readonly breakerStateChanges: Counter<'dependency' | 'state'>;
  readonly breakerState: Gauge<'dependency' | 'state'>;
  readonly bulkheadRejections: Counter<'dependency'>;
  readonly bulkheadExecuting: Gauge<'dependency'>;
  readonly bulkheadQueued: Gauge<'dependency'>;
  readonly relayPublished: Counter;
  readonly relayFailed: Counter;
  readonly relayRefused: Counter<'reason'>;
  readonly relayPublishDuration: Histogram<'outcome'>;
  readonly relayBatchRows: Histogram;
  readonly sagaStartedTotal: Counter<'saga'>;
  readonly sagaFinishedTotal: Counter<'saga' | 'status'>;
  readonly sagaDuration: Histogram<'saga' | 'status'>;
  readonly sagaStepAttempts: Counter<'saga' | 'step' | 'phase' | 'outcome'>;

  private bulkheadSource: () => BulkheadSample[] = () => [];
  private outboxObserved = false;
  private sagasObserved = false;
  private scrape = 0;
  private readonly now: () => number;
  /** The last successful relay publish, or when these metrics were created. */
  private lastRelayPublishAt: number;

  constructor(options: { defaultMetrics?: boolean; now?: () => number } = {}) {
    this.now = options.now ?? Date.now;
    this.lastRelayPublishAt = this.now();
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

    this.relayPublished = new Counter({
      name: 'outbox_relay_published_total',
      help: 'Outbox rows the relay published to the broker.',
      registers,
    });
    this.relayFailed = new Counter({
      name: 'outbox_relay_failed_total',
      help: 'Relay publishes the broker failed or did not answer in time (each one an attempt, retried with backoff).',
      registers,
    });
    this.relayRefused = new Counter({
      name: 'outbox_relay_refused_total',
      help: "Relay publishes refused by the broker policy's own circuit breaker or bulkhead, without calling the broker (not attempts: the rows stay due).",
      labelNames: ['reason'],
      registers,
    });
    this.relayPublishDuration = new Histogram({
      name: 'outbox_relay_publish_duration_seconds',
      help: 'Duration of the relay publishes that reached the broker, by outcome (published | failed).',
      labelNames: ['outcome'],
      buckets: [
        0.001, 0.0025, 0.005, 0.01, 0.025, 0.05, 0.1, 0.25, 0.5, 1, 2.5, 5,
      ],
      registers,
    });
    this.relayBatchRows = new Histogram({
      name: 'outbox_relay_batch_rows',
      help: 'Due outbox rows per relay poll (polls that found none are not counted).',
      buckets: [1, 5, 10, 25, 50, 100, 250, 500, 1000, 2500, 5000, 10000],
      registers,
    });
    new Gauge({
      name: 'outbox_relay_seconds_since_last_publish',
      help: 'Seconds since the relay last published a row (since the process started when it has not yet); alert when it grows while outbox_pending_messages > 0.',
      registers,
      collect() {
        this.set((self.now() - self.lastRelayPublishAt) / 1000);
      },
    });

    this.sagaStartedTotal = new Counter({
      name: 'saga_started_total',
      help: 'Sagas started, by saga name.',
      labelNames: ['saga'],
      registers,
    });
    this.sagaFinishedTotal = new Counter({
      name: 'saga_finished_total',
      help: 'Sagas finished, by saga name and final status (completed | compensated | failed).',
      labelNames: ['saga', 'status'],
      registers,
    });
    this.sagaDuration = new Histogram({
      name: 'saga_duration_seconds',
      help: 'Time from the start of a saga to its final status, by saga name and final status.',
      labelNames: ['saga', 'status'],
      buckets: [0.05, 0.1, 0.25, 0.5, 1, 2.5, 5, 10, 30, 60, 300, 900, 3600],
      registers,
    });
    this.sagaStepAttempts = new Counter({
      name: 'saga_step_attempts_total',
      help: 'Attempts of saga steps, by saga, step, phase (invoke | compensate) and outcome.',
      labelNames: ['saga', 'step', 'phase', 'outcome'],
      registers,
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
      'consumer_dead_letters',
      'Messages the idempotent consumers parked in the dead_letter table after too many failed deliveries (sampled at scrape).',
      s => s.deadLetters,
    );
  }

  /**
   * Adds the `sagas_running{saga,status}` gauge, read from `source` at
   * scrape time (e.g. runningSagas(db) from ../outbox/stats). A failing
   * source leaves the gauge empty for that scrape and `onError` gets the error.
   */
  observeSagas(
    source: () => Promise<SagaCount[]>,
    onError: (error: unknown) => void = () => {},
  ): void {
    if (this.sagasObserved) {
      throw new Error('Metrics.observeSagas() was already called');
    }
    this.sagasObserved = true;
    new Gauge({
      name: 'sagas_running',
      help: 'Sagas not finished yet, by saga name and status (running | compensating; sampled at scrape).',
      labelNames: ['saga', 'status'],
      registers: [this.registry],
      async collect() {
        // A name with nothing in progress any more must not keep its last value.
        this.reset();
        try {
          for (const { saga, status, count } of await source()) {
            this.set({ saga, status }, count);
          }
        } catch (error) {
          onError(error);
        }
      },
    });
  }

  /** One relay publish (OutboxRelay's metrics hook). */
  recordRelayPublish(outcome: PublishOutcome, durationSeconds: number): void {
    switch (outcome) {
      case 'published':
        this.relayPublished.inc();
        this.relayPublishDuration.observe({ outcome }, durationSeconds);
        this.lastRelayPublishAt = this.now();
        break;
      case 'failed':
        this.relayFailed.inc();
        this.relayPublishDuration.observe({ outcome }, durationSeconds);
        break;
      default:
        this.relayRefused.inc({ reason: outcome });
    }
  }

  /** The due rows one relay poll found (OutboxRelay's metrics hook). */
  recordRelayBatch(rows: number): void {
    this.relayBatchRows.observe(rows);
  }

  sagaStarted(name: string): void {
    this.sagaStartedTotal.inc({ saga: name });
  }

  /** A saga reached its final status `durationSeconds` after it started. */
  sagaFinished(name: string, status: string, durationSeconds: number): void {
    this.sagaFinishedTotal.inc({ saga: name, status });
    this.sagaDuration.observe({ saga: name, status }, durationSeconds);
  }

  /** One attempt of a step's invoke or compensate, and how it ended. */
  sagaStepAttempt(
    name: string,
    step: string,
    phase: string,
    outcome: string,
  ): void {
    this.sagaStepAttempts.inc({ saga: name, step, phase, outcome });
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
