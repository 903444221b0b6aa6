import type { Knex } from 'knex';
import pino, { type Logger } from 'pino';

export interface CleanupOptions {
  /** Published outbox rows and inbox rows older than this are deleted. */
  retentionHours: number;
  /** Rows per DELETE statement (default 1000): short locks, bounded transactions. */
  batchSize?: number;
  now?: () => number;
}

export interface CleanupResult {
  outboxDeleted: number;
  inboxDeleted: number;
}

/**
 * Deletes published outbox rows and inbox rows older than the retention, in
 * batches of `batchSize` rows, each its own statement. Unpublished rows are
 * never deleted, whatever their age. The inbox keeps a message id for the
 * same retention, so a broker redelivery within it is still recognised.
 */
export async function cleanupMessaging(
  db: Knex,
  options: CleanupOptions,
): Promise<CleanupResult> {
  const now = (options.now ?? Date.now)();
  const cutoff = now - options.retentionHours * 3_600_000;
  const batchSize = Math.max(1, options.batchSize ?? 1000);

  let outboxDeleted = 0;
  for (;;) {
    const deleted = await db('outbox')
      .whereIn(
        'position',
        db('outbox')
          .select('position')
          .whereNotNull('published_at')
          .andWhere('published_at', '<', cutoff)
          .orderBy('position')
          .limit(batchSize),
      )
      .delete();
    outboxDeleted += deleted;
    if (deleted < batchSize) break;
  }

  let inboxDeleted = 0;
  for (;;) {
    const result: unknown = await db.raw(
      `DELETE FROM inbox WHERE (consumer, message_id) IN (
         SELECT consumer, message_id FROM inbox WHERE processed_at < ? LIMIT ?)`,
      [cutoff, batchSize],
    );
    const deleted = affectedRows(result);
    inboxDeleted += deleted;
    if (deleted < batchSize) break;
  }
  return { outboxDeleted, inboxDeleted };
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
        if (result.outboxDeleted || result.inboxDeleted) {
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
