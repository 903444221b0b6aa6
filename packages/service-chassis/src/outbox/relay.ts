import type { Knex } from 'knex';
import { randomUUID } from 'node:crypto';
import pino, { type Logger } from 'pino';
import { isPostgres } from '../db/knex';
import type { Broker, OutgoingMessage } from '../messaging/types';
import { passthroughPolicy, type DependencyPolicy } from '../resilience/types';
import {
  contextFromHeaders,
  SpanKind,
  traceHeaders,
  withSpan,
} from '../telemetry/trace';

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
  /** Publishes in flight at once (default 64), across batches; one per aggregate at a time. */
  concurrency?: number;
  /**
   * PostgreSQL: batches start() keeps in progress at once (default 2), so one
   * batch's queries overlap the other's publishes. SQLite: always 1.
   */
  pipelineDepth?: number;
  /** Called after every poll (for metrics). */
  onPoll?: (result: PollResult) => void;
  /** Backoff after the n-th failure: min(maxMs, baseMs * 2^(n-1)). */
  backoff?: { baseMs?: number; maxMs?: number };
  /** SQLite only: lease name, holder id and time to live (default 30 s). */
  lease?: { name?: string; owner?: string; ttlMs?: number };
  logger?: Logger;
  now?: () => number;
}

export interface PollResult {
  published: number;
  failed: number;
}

const DEFAULTS = {
  batchSize: 100,
  pollIntervalMs: 200,
  concurrency: 64,
  backoffBaseMs: 1_000,
  backoffMaxMs: 5 * 60_000,
  leaseName: 'outbox-relay',
  leaseTtlMs: 30_000,
};

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
 *   `next_attempt_at` with exponential backoff; the rows after it in its
 *   aggregate wait for it.
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
  private readonly permits: Permits;

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
    this.concurrency = Math.max(1, options.concurrency ?? DEFAULTS.concurrency);
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
    this.permits = new Permits(this.concurrency);
  }

  /** Starts polling in the background (no-op when already started). */
  start(): void {
    if (this.running) return;
    this.running = true;
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
    this.onPoll?.(result);
    return result;
  }

  /** One of start()'s loops: polls back to back while batches come full. */
  private async run(): Promise<void> {
    while (this.running) {
      let full = false;
      try {
        const result = await this.poll();
        full = result.published + result.failed >= this.batchSize;
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
          const timer = setTimeout(wake, this.pollIntervalMs);
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
    return this.db.transaction(async trx => {
      // Losing a mark in a database crash only republishes the row (the
      // broker and the inbox drop the duplicate): no need to wait for fsync.
      await trx.raw('SET LOCAL synchronous_commit = off');
      const { rows } = (await trx.raw(this.selectSql(true), [
        this.now(),
        this.batchSize,
      ])) as { rows: SelectedRow[] };
      return this.processBatch(trx, rows);
    });
  }

  private async pollWithLease(): Promise<PollResult> {
    if (!(await this.acquireLease())) return { published: 0, failed: 0 };
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
    if (rows.length === 0) return { published: 0, failed: 0 };
    const chains = this.publishableChains(rows);

    const published: string[] = [];
    const failures: Array<{ row: OutboxRow; error: unknown }> = [];
    let next = 0;
    const worker = async () => {
      while (next < chains.length) {
        const chain = chains[next++]!;
        for (const row of chain) {
          await this.permits.acquire();
          try {
            await this.publish(row);
            published.push(row.id);
          } catch (error) {
            failures.push({ row, error });
            break; // the rest of this aggregate waits for this row
          } finally {
            this.permits.release();
          }
        }
      }
    };
    await Promise.all(
      Array.from({ length: Math.min(this.concurrency, chains.length) }, worker),
    );

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
    return { published: published.length, failed: failures.length };
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

  /** Builds the broker message from a row and publishes it in a producer span. */
  private publish(row: OutboxRow): Promise<void> {
    const rowHeaders = parseHeaders(row.headers);
    const subject = `${this.eventPrefix}.${row.event_type}`;
    return withSpan(
      `outbox publish ${row.event_type}`,
      {
        kind: SpanKind.PRODUCER,
        parent: contextFromHeaders(rowHeaders),
        attributes: {
          'messaging.operation.type': 'publish',
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
            // The consumer's span continues from this publish span.
            ...traceHeaders(),
            'event-type': row.event_type,
            'aggregate-type': row.aggregate_type,
            'aggregate-id': row.aggregate_id,
          },
        };
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

function parseHeaders(raw: string): Record<string, string> {
  try {
    const parsed: unknown = JSON.parse(raw);
    if (parsed && typeof parsed === 'object' && !Array.isArray(parsed)) {
      const headers: Record<string, string> = {};
      for (const [key, value] of Object.entries(parsed)) {
        if (typeof value === 'string') headers[key] = value;
      }
      return headers;
    }
  } catch {
    // fall through: a row with unreadable headers still gets published
  }
  return {};
}
