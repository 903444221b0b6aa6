import type { Knex } from 'knex';
import type { SagaCount } from '../ops/metrics';

/** Inputs of the outbox lag gauges and of /health/ready. */
export interface OutboxStats {
  /** Rows not yet published (including those waiting for a retry). */
  pending: number;
  /** Age of the oldest unpublished row, or null when none is pending. */
  oldestPendingAgeMs: number | null;
  /**
   * How long the longest-waiting due row (unpublished, its next attempt time
   * passed) has been due, or null when none is. Rows waiting for a retry do
   * not count: a relay that runs leaves no row due for long unless the broker
   * is down or refused.
   */
  oldestDueAgeMs: number | null;
  /** Messages parked by idempotent consumers after too many failed deliveries. */
  deadLetters: number;
}

export async function outboxStats(
  db: Knex,
  now: () => number = Date.now,
): Promise<OutboxStats> {
  const at = now();
  const pendingRow = (await db('outbox')
    .whereNull('published_at')
    .count({ pending: '*' })
    .min({ oldest: 'created_at' })
    .first()) as { pending: number | string; oldest: number | string | null };
  const dueRow = (await db('outbox')
    .whereNull('published_at')
    .andWhere('next_attempt_at', '<=', at)
    .min({ due: 'next_attempt_at' })
    .first()) as { due: number | string | null } | undefined;
  const deadRow = (await db('dead_letter')
    .count({ deadLetters: '*' })
    .first()) as { deadLetters: number | string };
  const oldest = pendingRow.oldest === null ? null : Number(pendingRow.oldest);
  const due = dueRow?.due == null ? null : Number(dueRow.due);
  return {
    pending: Number(pendingRow.pending),
    oldestPendingAgeMs: oldest === null ? null : Math.max(0, at - oldest),
    oldestDueAgeMs: due === null ? null : Math.max(0, at - due),
    deadLetters: Number(deadRow.deadLetters),
  };
}

/** Unfinished sagas (running or compensating) per name and status, for Metrics.observeSagas(). */
export async function runningSagas(db: Knex): Promise<SagaCount[]> {
  const rows = (await db('sagas')
    .whereIn('status', ['running', 'compensating'])
    .groupBy('name', 'status')
    .select('name', 'status')
    .count({ count: '*' })) as Array<{
    name: string;
    status: string;
    count: number | string;
  }>;
  return rows.map(row => ({
    saga: row.name,
    status: row.status,
    count: Number(row.count),
  }));
}
