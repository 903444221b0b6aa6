import type { Knex } from 'knex';

/** Inputs of the outbox lag gauges and of /health/ready. */
export interface OutboxStats {
  /** Rows not yet published (including those waiting for a retry). */
  pending: number;
  /** Age of the oldest unpublished row, or null when none is pending. */
  oldestPendingAgeMs: number | null;
  /** Messages parked by idempotent consumers after too many failed deliveries. */
  deadLetters: number;
}

export async function outboxStats(
  db: Knex,
  now: () => number = Date.now,
): Promise<OutboxStats> {
  const pendingRow = (await db('outbox')
    .whereNull('published_at')
    .count({ pending: '*' })
    .min({ oldest: 'created_at' })
    .first()) as { pending: number | string; oldest: number | string | null };
  const deadRow = (await db('dead_letter')
    .count({ deadLetters: '*' })
    .first()) as { deadLetters: number | string };
  const oldest = pendingRow.oldest === null ? null : Number(pendingRow.oldest);
  return {
    pending: Number(pendingRow.pending),
    oldestPendingAgeMs: oldest === null ? null : Math.max(0, now() - oldest),
    deadLetters: Number(deadRow.deadLetters),
  };
}
