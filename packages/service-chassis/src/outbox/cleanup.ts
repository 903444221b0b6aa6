import type { Knex } from 'knex';
import pino, { type Logger } from 'pino';
import { FINAL_STATUSES } from '../saga/define';

export interface CleanupOptions {
  /**
   * Published outbox rows, inbox rows, finished sagas (with their steps) and
   * idempotency keys older than this are deleted.
   */
  retentionHours: number;
  /**
   * Dead letters older than this are deleted (default 720: 30 days). Longer
   * than the rest: each one waits for a person to look at it.
   */
  deadLetterRetentionHours?: number;
  /** Rows per DELETE statement (default 1000): short locks, bounded transactions. */
  batchSize?: number;
  now?: () => number;
}

export interface CleanupResult {
  outboxDeleted: number;
  inboxDeleted: number;
  sagasDeleted: number;
  idempotencyKeysDeleted: number;
  deadLettersDeleted: number;
}

export const DEFAULT_DEAD_LETTER_RETENTION_HOURS = 30 * 24;

/**
 * Deletes what the messaging tables no longer need, in batches of
 * `batchSize` rows, each its own statement:
 *
 * - published outbox rows older than the retention (unpublished rows are
 *   never deleted, whatever their age);
 * - inbox rows older than the retention: the inbox keeps a message id that
 *   long, so a broker redelivery within it is still recognised;
 * - finished sagas (completed, compensated, failed) last updated before the
 *   retention, with their steps; running and compensating sagas are never
 *   deleted, whatever their age;
 * - idempotency keys older than the retention (a client retrying later gets
 *   a new execution);
 * - dead letters older than their own, longer retention.
 */
export async function cleanupMessaging(
  db: Knex,
  options: CleanupOptions,
): Promise<CleanupResult> {
  const now = (options.now ?? Date.now)();
  const cutoff = now - options.retentionHours * 3_600_000;
  const deadLetterCutoff =
    now -
    (options.deadLetterRetentionHours ?? DEFAULT_DEAD_LETTER_RETENTION_HOURS) *
      3_600_000;
  const batchSize = Math.max(1, options.batchSize ?? 1000);

  const outboxDeleted = await inBatches(batchSize, () =>
    db('outbox')
      .whereIn(
        'position',
        db('outbox')
          .select('position')
          .whereNotNull('published_at')
          .andWhere('published_at', '<', cutoff)
          .orderBy('position')
          .limit(batchSize),
      )
      .delete(),
  );

  const inboxDeleted = await inBatches(batchSize, async () =>
    affectedRows(
      await db.raw(
        `DELETE FROM inbox WHERE (consumer, message_id) IN (
           SELECT consumer, message_id FROM inbox WHERE processed_at < ? LIMIT ?)`,
        [cutoff, batchSize],
      ),
    ),
  );

  // The steps are deleted explicitly, in the same transaction, rather than
  // through the ON DELETE CASCADE: on SQLite the cascade depends on the
  // connection's PRAGMA foreign_keys, which createDb sets but a service's
  // own knex instance might not.
  const sagasDeleted = await inBatches(batchSize, () =>
    db.transaction(async (trx): Promise<number> => {
      const ids = (
        (await trx('sagas')
          .select('id')
          .whereIn('status', FINAL_STATUSES)
          .andWhere('updated_at', '<', cutoff)
          .limit(batchSize)) as Array<{ id: string }>
      ).map(row => row.id);
      if (ids.length === 0) return 0;
      await trx('saga_steps').whereIn('saga_id', ids).delete();
      // A final status is final: the check only guards against a stray writer.
      return trx('sagas')
        .whereIn('id', ids)
        .whereIn('status', FINAL_STATUSES)
        .delete();
    }),
  );

  const idempotencyKeysDeleted = await inBatches(batchSize, async () =>
    affectedRows(
      await db.raw(
        `DELETE FROM idempotency_keys WHERE (scope, "key") IN (
           SELECT scope, "key" FROM idempotency_keys WHERE created_at < ? LIMIT ?)`,
        [cutoff, batchSize],
      ),
    ),
  );

  const deadLettersDeleted = await inBatches(batchSize, () =>
    db('dead_letter')
      .whereIn(
        'id',
        db('dead_letter')
          .select('id')
          .where('parked_at', '<', deadLetterCutoff)
          .orderBy('id')
          .limit(batchSize),
      )
      .delete(),
  );

  return {
    outboxDeleted,
    inboxDeleted,
    sagasDeleted,
    idempotencyKeysDeleted,
    deadLettersDeleted,
  };
}

/** Runs `deleteBatch` until it deletes fewer than `batchSize` rows; the total. */
async function inBatches(
  batchSize: number,
  deleteBatch: () => Promise<number>,
): Promise<number> {
  let total = 0;
  for (;;) {
    const deleted = await deleteBatch();
    total += deleted;
    if (deleted < batchSize) return total;
  }
}

/** Rows changed by a raw statement: pg's rowCount, better-sqlite3's changes. */
function affectedRows(result: unknown): number {
  if (result && typeof result === 'object') {
    const r = result as { rowCount?: unknown; changes?: unknown };
    if (typeof r.rowCount === 'number') return r.rowCount;
    if (typeof r.changes === 'number') return r.changes;
  }
  throw new Error('cleanup: the database did not report the deleted row count');
}

/** Runs cleanupMessaging every `intervalMs` until stop() (which waits for a run in progress). */
export function scheduleCleanup(
  db: Knex,
  options: CleanupOptions & { intervalMs?: number; logger?: Logger },
): { stop(): Promise<void> } {
  const logger = options.logger ?? pino({ level: 'silent' });
  const intervalMs = options.intervalMs ?? 10 * 60_000;
  let running: Promise<void> | undefined;
  const tick = () => {
    if (running) return;
    running = cleanupMessaging(db, options)
      .then(result => {
        if (Object.values(result).some(deleted => deleted > 0)) {
          logger.info(result, 'messaging cleanup');
        }
      })
      .catch(error => logger.error({ err: error }, 'messaging cleanup failed'))
      .finally(() => {
        running = undefined;
      });
  };
  const timer = setInterval(tick, intervalMs);
  timer.unref();
  return {
    async stop() {
      clearInterval(timer);
      await running;
    },
  };
}
