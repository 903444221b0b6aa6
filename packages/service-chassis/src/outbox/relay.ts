import type { Knex } from 'knex';
import { randomUUID } from 'node:crypto';
import pino, { type Logger } from 'pino';
import { isPostgres } from '../db/knex';
import {
  BrokerNotConnectedError,
  type Broker,
  type OutgoingMessage,
} from '../messaging/types';
import type { PolicySettings } from '../resilience/policies';
import { passthroughPolicy, type DependencyPolicy } from '../resilience/types';
import {
  linksFromHeaders,
  ROOT_CONTEXT,
  SpanKind,
  traceHeaders,
  withSpan,
} from '../telemetry/trace';
import { parseStoredHeaders } from '../messaging/storedHeaders';

/** An outbox row as the relay reads it. */
export interface OutboxRow {
  position: number;
  id: string;
  aggregate_type: string;
  aggregate_id: string;
  event_type: string;
  payload: string;
  headers: string;
  created_at: number;
  attempts: number;
}

interface SelectedRow extends OutboxRow {
  earlier_pending: number | string;
}

export interface OutboxRelayOptions {
  db: Knex;
  broker: Broker;
  /** Subject prefix: a row is published on `${eventPrefix}.${event_type}`. */
  eventPrefix: string;
  /** Wraps every publish (timeout, breaker...). Default: passthroughPolicy('broker'). */
  policy?: DependencyPolicy;
  /** Rows per poll (default 100). */
  batchSize?: number;
  /** Wait between polls when the last batch was not full (default 200 ms). */
  pollIntervalMs?: number;
  /**
   * Publishes in flight at once, across batches; one per aggregate at a time.
   * Default 64, and never more than the policy's bulkhead runs at once
   * (`settings.maxConcurrent`, when the policy exposes its settings).
   */
  concurrency?: number;
  /**
   * PostgreSQL: batches start() keeps in progress at once (default 2), so one
   * batch's queries overlap the other's publishes. SQLite: always 1.
   */
  pipelineDepth?: number;
  /** Called after every poll (for metrics). */
  onPoll?: (result: PollResult) => void;
  /** Per-publish and per-batch figures (the service's Metrics implements it). */
  metrics?: RelayMetrics;
  /**
   * Backoff after the n-th real broker failure: min(maxMs, baseMs * 2^(n-1))
   * (default base 1 s, max 30 s).
   */
  backoff?: { baseMs?: number; maxMs?: number };
  /**
   * While the policy's breaker refuses, the relay polls every
   * min(probeIntervalMs, settings.halfOpenAfterMs) (default 2 s) and, once the
   * broker answers its health check, publishes around the open breaker.
   */
  probeIntervalMs?: number;
  /** SQLite only: lease name, holder id and time to live (default 30 s). */
  lease?: { name?: string; owner?: string; ttlMs?: number };
  logger?: Logger;
  now?: () => number;
}

export interface PollResult {
  published: number;
  /** Real broker failures: each one an attempt, with backoff. */
  failed: number;
  /** Refused by the policy's own breaker or bulkhead: not attempts, the rows stay due. */
  refused: number;
}

/**
 * Why a publish did not reach the broker: our own policy refused it (open
 * breaker, full bulkhead), or the broker client is not connected and said so
 * at once (it reconnects by itself; nothing was attempted).
 */
export type RefusalReason =
  | 'circuit-open'
  | 'bulkhead-full'
  | 'broker-unavailable';

/** What became of one publish, as the relay reports it to its metrics. */
export type PublishOutcome = 'published' | 'failed' | RefusalReason;

/** Where the relay reports its figures (implemented by Metrics). */
export interface RelayMetrics {
  /** One publish and how long it took (a refusal takes no broker time). */
  recordRelayPublish(outcome: PublishOutcome, durationSeconds: number): void;
  /** Due rows a poll found (polls that found none are not recorded). */
  recordRelayBatch(rows: number): void;
}

const DEFAULTS = {
  batchSize: 100,
  pollIntervalMs: 200,
  concurrency: 64,
  backoffBaseMs: 1_000,
  // Only real broker failures back off: after an outage the rows that failed
  // during it must be due again soon, not minutes after the broker is back.
  backoffMaxMs: 30_000,
  probeIntervalMs: 2_000,
  /** Probe and direct-publish bound when the policy does not expose its attempt timeout. */
  probeTimeoutMs: 2_000,
  leaseName: 'outbox-relay',
  leaseTtlMs: 30_000,
};

/** The refusal reason of an error thrown by the policy, if it is one of ours. */
export function refusalReason(error: unknown): RefusalReason | undefined {
  if (error instanceof BrokerNotConnectedError) return 'broker-unavailable';
  const reason =
    error instanceof Error ? (error as { reason?: unknown }).reason : undefined;
  return reason === 'circuit-open' || reason === 'bulkhead-full'
    ? reason
    : undefined;
}

/** The policy's settings when it exposes them (ResilientPolicy does). */
function settingsOf(
  policy: DependencyPolicy,
): Partial<PolicySettings> | undefined {
  const settings = (policy as { settings?: Partial<PolicySettings> }).settings;
  return settings && typeof settings === 'object' ? settings : undefined;
}

type Outcome =
  | { kind: 'published' }
  | { kind: 'failed'; error: unknown }
  | { kind: 'refused'; reason: RefusalReason };

const PUBLISHED: Outcome = { kind: 'published' };

/** The state one batch's workers share. */
interface Batch {
  /** A refusal stops the batch: the rest stays due for the next poll. */
  halted: boolean;
  refused: number;
  refusal?: RefusalReason;
  /**
   * Set by the first row the open breaker refused: whether the broker took
   * the relay's own trial publish, i.e. whether the rest of the batch may go
   * around the breaker.
   */
  around?: Promise<boolean>;
}

/** The delay before the next attempt after `attempts` failures. */
export function backoffDelay(
  attempts: number,
  baseMs = DEFAULTS.backoffBaseMs,
  maxMs = DEFAULTS.backoffMaxMs,
): number {
  const exponent = Math.min(Math.max(attempts - 1, 0), 30);
  return Math.min(maxMs, baseMs * 2 ** exponent);
}

const aggregateKey = (
  row: Pick<OutboxRow, 'aggregate_type' | 'aggregate_id'>,
) => `${row.aggregate_type}\u0000${row.aggregate_id}`;

/**
 * Publishes the outbox to the broker: at least once, in order per aggregate.
 *
 * - Several replicas may run. On PostgreSQL each poll locks its batch with
 *   `FOR UPDATE SKIP LOCKED` in a transaction held while the batch is
 *   published and marked (start() keeps `pipelineDepth` such batches going,
 *   so queries overlap publishes); on SQLite one replica at a time holds a lease row
 *   (`relay_lease`) that it renews on every poll and that expires if it dies.
 * - Order: a row is published only when every earlier row of its aggregate is
 *   published; within a batch, rows of one aggregate are published one after
 *   the other, different aggregates concurrently (up to `concurrency`).
 * - A failed publish increments `attempts`, records `last_error` and sets
 *   `next_attempt_at` with exponential backoff (capped at 30 s by default);
 *   the rows after it in its aggregate wait for it.
 * - A refusal by the policy itself (open breaker, full bulkhead) is not an
 *   attempt: the row is left as it is (due), the batch stops there and the
 *   relay pauses. Its concurrency never exceeds the policy's bulkhead, so
 *   its own load cannot fill it.
 * - An open breaker keeps the relay away from the broker, but only until the
 *   broker answers again: every min(probeIntervalMs, halfOpenAfterMs) the
 *   relay asks `broker.healthy()` and, when it answers, makes one trial
 *   publish itself and, if that succeeds, publishes the batch around the
 *   breaker (bounded by the policy's attempt timeout, within the relay's
 *   concurrency). The drain thus starts within seconds of the broker's
 *   return instead of after the breaker's half-open delay (20 s for the
 *   standard tier, 30 s for best-effort); the breaker still protects the
 *   service's other calls and closes on its own next trial.
 * - A crash between publish and mark republishes the row: the message id is
 *   the row id, so the broker (Nats-Msg-Id) and the idempotent consumer's
 *   inbox drop the duplicate.
 */
export class OutboxRelay {
  private readonly db: Knex;
  private readonly broker: Broker;
  private readonly eventPrefix: string;
  private readonly policy: DependencyPolicy;
  private readonly batchSize: number;
  private readonly pollIntervalMs: number;
  private readonly concurrency: number;
  private readonly backoffBaseMs: number;
  private readonly backoffMaxMs: number;
  private readonly leaseName: string;
  private readonly leaseOwner: string;
  private readonly leaseTtlMs: number;
  private readonly logger: Logger;
  private readonly now: () => number;
  private readonly postgres: boolean;
  private readonly pipelineDepth: number;
  private readonly onPoll: ((result: PollResult) => void) | undefined;
  private readonly metrics: RelayMetrics | undefined;
  private readonly permits: Permits;
  private readonly probeIntervalMs: number;
  private readonly probeTimeoutMs: number;
  private readonly halfOpenAfterMs: number;

  /** Last poll that published or found nothing due for this relay. */
  private progressAt: number;
  /** Why the last poll stopped early, if it did: sets the pause before the next one. */
  private lastRefusal: RefusalReason | undefined;
  private publishingAround = false;

  private running = false;
  private loops: Array<Promise<void>> = [];
  private inFlight: Promise<PollResult> | undefined;
  private readonly wakers = new Set<() => void>();

  constructor(options: OutboxRelayOptions) {
    this.db = options.db;
    this.broker = options.broker;
    this.eventPrefix = options.eventPrefix;
    this.policy = options.policy ?? passthroughPolicy('broker');
    this.batchSize = options.batchSize ?? DEFAULTS.batchSize;
    this.pollIntervalMs = options.pollIntervalMs ?? DEFAULTS.pollIntervalMs;
    const settings = settingsOf(this.policy);
    const requested = options.concurrency ?? DEFAULTS.concurrency;
    // Beyond the bulkhead's running slots the relay's own calls would queue
    // in it and then be refused: the relay would be its own overload.
    const bulkhead = settings?.maxConcurrent ?? Number.POSITIVE_INFINITY;
    this.concurrency = Math.max(1, Math.min(requested, bulkhead));
    this.probeIntervalMs = options.probeIntervalMs ?? DEFAULTS.probeIntervalMs;
    this.probeTimeoutMs = settings?.timeoutMs ?? DEFAULTS.probeTimeoutMs;
    this.halfOpenAfterMs =
      settings?.halfOpenAfterMs ?? Number.POSITIVE_INFINITY;
    this.backoffBaseMs = options.backoff?.baseMs ?? DEFAULTS.backoffBaseMs;
    this.backoffMaxMs = options.backoff?.maxMs ?? DEFAULTS.backoffMaxMs;
    this.leaseName = options.lease?.name ?? DEFAULTS.leaseName;
    this.leaseOwner = options.lease?.owner ?? randomUUID();
    this.leaseTtlMs = options.lease?.ttlMs ?? DEFAULTS.leaseTtlMs;
    this.logger = options.logger ?? pino({ level: 'silent' });
    this.now = options.now ?? Date.now;
    this.postgres = isPostgres(this.db);
    this.pipelineDepth = this.postgres
      ? Math.max(1, options.pipelineDepth ?? 2)
      : 1;
    this.onPoll = options.onPoll;
    this.metrics = options.metrics;
    this.permits = new Permits(this.concurrency);
    this.progressAt = this.now();
    if (requested > this.concurrency) {
      this.logger.info(
        { requested, concurrency: this.concurrency, policy: this.policy.name },
        "outbox relay concurrency lowered to the broker policy's bulkhead",
      );
    }
  }

  /**
   * When this relay last made progress: published a row, or found nothing
   * due for it. Refused or failed polls are not progress. For the outbox
   * readiness check (a relay wedged while the broker answers).
   */
  lastProgressAt(): number {
    return this.progressAt;
  }

  /** Starts polling in the background (no-op when already started). */
  start(): void {
    if (this.running) return;
    this.running = true;
    this.progressAt = this.now();
    this.loops = Array.from({ length: this.pipelineDepth }, () => this.run());
  }

  /** Stops polling; resolves once the batch in flight is published and marked. */
  async stop(): Promise<void> {
    this.running = false;
    for (const wake of this.wakers) wake();
    await Promise.all(this.loops);
    this.loops = [];
    await this.inFlight?.catch(() => undefined);
    if (!this.postgres) await this.releaseLease();
  }

  /**
   * Publishes one batch of due rows. Concurrent calls on one relay run one
   * after the other.
   */
  async pollOnce(): Promise<PollResult> {
    while (this.inFlight) await this.inFlight.catch(() => undefined);
    const poll = this.poll();
    this.inFlight = poll;
    try {
      return await poll;
    } finally {
      this.inFlight = undefined;
    }
  }

  private async poll(): Promise<PollResult> {
    const result = await (this.postgres
      ? this.pollPostgres()
      : this.pollWithLease());
    if (result.published > 0 || (result.failed === 0 && result.refused === 0))
      this.progressAt = this.now();
    this.onPoll?.(result);
    return result;
  }

  /**
   * The pause after a poll that was not full: the poll interval, or, after
   * a refusal by the open breaker, the probe interval (bounded by the
   * breaker's half-open delay, after which its own trial may go through).
   */
  private pauseAfter(result: PollResult): number {
    if (result.refused === 0 || this.lastRefusal === 'bulkhead-full') {
      return this.pollIntervalMs;
    }
    if (this.lastRefusal === 'broker-unavailable') {
      return Math.max(this.pollIntervalMs, this.probeIntervalMs);
    }
    return Math.max(
      this.pollIntervalMs,
      Math.min(this.probeIntervalMs, this.halfOpenAfterMs),
    );
  }

  /** One of start()'s loops: polls back to back while batches come full. */
  private async run(): Promise<void> {
    while (this.running) {
      let full = false;
      let pause = this.pollIntervalMs;
      try {
        const result = await this.poll();
        full =
          result.refused === 0 &&
          result.published + result.failed >= this.batchSize;
        pause = this.pauseAfter(result);
      } catch (error) {
        this.logger.error({ err: error }, 'outbox relay poll failed');
      }
      if (!full && this.running) {
        await new Promise<void>(resolve => {
          const wake = () => {
            clearTimeout(timer);
            this.wakers.delete(wake);
            resolve();
          };
          const timer = setTimeout(wake, pause);
          this.wakers.add(wake);
        });
      }
    }
  }

  /**
   * Due rows in position order, each with the number of unpublished rows of
   * its aggregate before it (committed state: rows another replica holds
   * count as unpublished).
   */
  private selectSql(lock: boolean): string {
    return `SELECT o.position, o.id, o.aggregate_type, o.aggregate_id, o.event_type, o.payload,
                   o.headers, o.created_at, o.attempts,
                   (SELECT COUNT(*) FROM outbox p
                     WHERE p.aggregate_id = o.aggregate_id
                       AND p.aggregate_type = o.aggregate_type
                       AND p.published_at IS NULL
                       AND p.position < o.position) AS earlier_pending
              FROM outbox o
             WHERE o.published_at IS NULL AND o.next_attempt_at <= ?
             ORDER BY o.position
             LIMIT ?${lock ? ' FOR UPDATE OF o SKIP LOCKED' : ''}`;
  }

  private pollPostgres(): Promise<PollResult> {
    // The marks commit durably (no synchronous_commit = off): a mark lost
    // after its commit was acknowledged republishes the row, possibly after
    // the broker's de-duplication window, as a duplicate out of order.
    return this.db.transaction(async trx => {
      const { rows } = (await trx.raw(this.selectSql(true), [
        this.now(),
        this.batchSize,
      ])) as { rows: SelectedRow[] };
      return this.processBatch(trx, rows);
    });
  }

  private async pollWithLease(): Promise<PollResult> {
    if (!(await this.acquireLease()))
      return { published: 0, failed: 0, refused: 0 };
    const rows = (await this.db.raw(this.selectSql(false), [
      this.now(),
      this.batchSize,
    ])) as SelectedRow[];
    // No transaction held while publishing: SQLite has one writer and the
    // service's own writes must not wait for the broker.
    return this.processBatch(this.db, rows);
  }

  /** Takes or renews the lease; false while another live replica holds it. */
  private async acquireLease(): Promise<boolean> {
    const now = this.now();
    await this.db.raw(
      `INSERT INTO relay_lease (name, owner, expires_at) VALUES (?, ?, ?)
       ON CONFLICT (name) DO UPDATE SET owner = excluded.owner, expires_at = excluded.expires_at
       WHERE relay_lease.owner = excluded.owner OR relay_lease.expires_at <= ?`,
      [this.leaseName, this.leaseOwner, now + this.leaseTtlMs, now],
    );
    const lease = (await this.db('relay_lease')
      .where({ name: this.leaseName })
      .first('owner')) as { owner: string } | undefined;
    return lease?.owner === this.leaseOwner;
  }

  private async releaseLease(): Promise<void> {
    try {
      await this.db('relay_lease')
        .where({ name: this.leaseName, owner: this.leaseOwner })
        .delete();
    } catch (error) {
      this.logger.warn(
        { err: error },
        'outbox relay could not release its lease',
      );
    }
  }

  /** Publishes the rows that may go now, then marks them in `q`. */
  private async processBatch(
    q: Knex | Knex.Transaction,
    rows: SelectedRow[],
  ): Promise<PollResult> {
    if (rows.length === 0) return { published: 0, failed: 0, refused: 0 };
    this.metrics?.recordRelayBatch(rows.length);
    const chains = this.publishableChains(rows);

    const published: string[] = [];
    const failures: Array<{ row: OutboxRow; error: unknown }> = [];
    const batch: Batch = { halted: false, refused: 0 };
    let next = 0;
    const worker = async () => {
      while (next < chains.length && !batch.halted) {
        const chain = chains[next++]!;
        for (const row of chain) {
          if (batch.halted) break;
          await this.permits.acquire();
          let outcome: Outcome;
          try {
            outcome = await this.publishRow(row, batch);
          } finally {
            this.permits.release();
          }
          if (outcome.kind === 'published') {
            published.push(row.id);
            continue;
          }
          if (outcome.kind === 'failed') {
            failures.push({ row, error: outcome.error });
          } else {
            batch.refused++;
            batch.refusal = outcome.reason;
            batch.halted = true;
          }
          break; // the rest of this aggregate waits for this row
        }
      }
    };
    await Promise.all(
      Array.from({ length: Math.min(this.concurrency, chains.length) }, worker),
    );
    this.lastRefusal = batch.refusal;
    if (batch.refused > 0) {
      this.logger.debug(
        { refused: batch.refused, reason: batch.refusal },
        'outbox relay paused: the broker policy refuses publishes',
      );
    }

    const now = this.now();
    for (let i = 0; i < published.length; i += 1000) {
      await q('outbox')
        .whereIn('id', published.slice(i, i + 1000))
        .update({ published_at: now });
    }
    for (const { row, error } of failures) {
      const attempts = row.attempts + 1;
      const message = error instanceof Error ? error.message : String(error);
      await q('outbox')
        .where({ id: row.id })
        .update({
          attempts,
          next_attempt_at:
            now + backoffDelay(attempts, this.backoffBaseMs, this.backoffMaxMs),
          last_error: message.slice(0, 2000),
        });
      this.logger.warn(
        { eventId: row.id, eventType: row.event_type, attempts, err: error },
        'outbox publish failed; will retry',
      );
    }
    return {
      published: published.length,
      failed: failures.length,
      refused: batch.refused,
    };
  }

  /** Publishes one row through the policy, or around its open breaker (see the class comment). */
  private async publishRow(row: OutboxRow, batch: Batch): Promise<Outcome> {
    const started = performance.now();
    const outcome = await this.attempt(row, batch);
    if (this.metrics) {
      const seconds = (performance.now() - started) / 1000;
      this.metrics.recordRelayPublish(
        outcome.kind === 'refused' ? outcome.reason : outcome.kind,
        seconds,
      );
    }
    return outcome;
  }

  private async attempt(row: OutboxRow, batch: Batch): Promise<Outcome> {
    try {
      await this.publish(row, 'policy');
      if (this.publishingAround) {
        this.publishingAround = false;
        this.logger.info(
          { policy: this.policy.name },
          'outbox relay publishes through the broker policy again',
        );
      }
      return PUBLISHED;
    } catch (error) {
      const reason = refusalReason(error);
      if (reason === undefined) return { kind: 'failed', error };
      // A full bulkhead is other callers' load (ours stays within it), and a
      // disconnected client reconnects by itself: the row stays due, wait.
      if (reason === 'bulkhead-full' || reason === 'broker-unavailable') {
        return { kind: 'refused', reason };
      }
      if (!batch.around) {
        const trial = this.trial(row, batch);
        batch.around = trial.then(outcome => outcome.kind === 'published');
        return trial;
      }
      if (!(await batch.around)) return { kind: 'refused', reason };
      return this.publishAround(row, batch);
    }
  }

  /**
   * The relay's own half-open trial, for when the breaker refuses: nothing
   * while the broker does not answer its health check (the row stays due,
   * no attempt); otherwise one real publish, whose failure is a real one.
   */
  private async trial(row: OutboxRow, batch: Batch): Promise<Outcome> {
    const answers = await withTimeout(
      this.broker.healthy(),
      this.probeTimeoutMs,
    ).catch(() => false);
    if (!answers) return { kind: 'refused', reason: 'circuit-open' };
    const outcome = await this.publishAround(row, batch);
    if (outcome.kind === 'published' && !this.publishingAround) {
      this.publishingAround = true;
      this.logger.info(
        { policy: this.policy.name, breaker: this.policy.breakerState() },
        'broker answers again while its circuit breaker is open: the outbox relay publishes around it',
      );
    }
    return outcome;
  }

  private async publishAround(row: OutboxRow, batch: Batch): Promise<Outcome> {
    try {
      await this.publish(row, 'around');
      return PUBLISHED;
    } catch (error) {
      // Without the breaker, the first failure sends the rest back to waiting.
      batch.around = Promise.resolve(false);
      return { kind: 'failed', error };
    }
  }

  /**
   * Groups the batch per aggregate and keeps, for each, the rows that may be
   * published now: the k-th row of an aggregate in the batch goes only when
   * exactly k unpublished rows of the aggregate come before it, i.e. all of
   * them are earlier rows of this batch. An earlier row in backoff or held by
   * another replica blocks the rest of its aggregate.
   */
  private publishableChains(rows: SelectedRow[]): OutboxRow[][] {
    const groups = new Map<string, OutboxRow[]>();
    const blocked = new Set<string>();
    for (const row of rows) {
      const key = aggregateKey(row);
      if (blocked.has(key)) continue;
      const group = groups.get(key) ?? [];
      if (Number(row.earlier_pending) !== group.length) {
        blocked.add(key);
        continue;
      }
      group.push(row);
      groups.set(key, group);
    }
    return [...groups.values()];
  }

  /**
   * Builds the broker message from a row and publishes it in a producer span,
   * through the policy or straight to the broker (bounded by the policy's
   * attempt timeout) when going around its open breaker.
   *
   * Tracing (OpenTelemetry messaging conventions): a PRODUCER span
   * `send <destination>` that belongs to no request (a new root) and links to
   * the message's creation context, from the row's headers (the unit of
   * work's create span). The message keeps carrying that creation context,
   * so the consumer continues the producer's trace; only a row without one
   * carries the send span's context.
   */
  private publish(row: OutboxRow, via: 'policy' | 'around'): Promise<void> {
    const rowHeaders = parseStoredHeaders(row.headers);
    const subject = `${this.eventPrefix}.${row.event_type}`;
    const links = linksFromHeaders(rowHeaders);
    return withSpan(
      `send ${subject}`,
      {
        kind: SpanKind.PRODUCER,
        parent: ROOT_CONTEXT,
        links,
        attributes: {
          'messaging.system': this.broker.kind,
          'messaging.operation.type': 'send',
          'messaging.operation.name': 'send',
          'messaging.destination.name': subject,
          'messaging.message.id': row.id,
        },
      },
      async () => {
        const message: OutgoingMessage = {
          id: row.id,
          subject,
          key: row.aggregate_id,
          body: row.payload,
          headers: {
            ...rowHeaders,
            // Without a creation context, the send span creates the message.
            ...(links.length === 0 ? traceHeaders() : {}),
            'event-type': row.event_type,
            'aggregate-type': row.aggregate_type,
            'aggregate-id': row.aggregate_id,
          },
        };
        if (via === 'around') {
          await withTimeout(this.broker.publish(message), this.probeTimeoutMs);
          return;
        }
        await this.policy.execute(() => this.broker.publish(message), {
          idempotent: true,
        });
      },
    );
  }
}

/** A counting semaphore: at most `size` publishes in flight across batches. */
class Permits {
  private available: number;
  private readonly waiting: Array<() => void> = [];
  constructor(size: number) {
    this.available = size;
  }
  acquire(): Promise<void> {
    if (this.available > 0) {
      this.available--;
      return Promise.resolve();
    }
    return new Promise(resolve => this.waiting.push(resolve));
  }
  release(): void {
    const next = this.waiting.shift();
    if (next) next();
    else this.available++;
  }
}

/** `promise`, or a rejection after `ms` (the promise itself is not cancelled). */
function withTimeout<T>(promise: Promise<T>, ms: number): Promise<T> {
  let timer: NodeJS.Timeout | undefined;
  return Promise.race([
    promise,
    new Promise<never>((_, reject) => {
      timer = setTimeout(
        () => reject(new Error(`no answer from the broker within ${ms} ms`)),
        ms,
      );
    }),
  ]).finally(() => clearTimeout(timer));
}
