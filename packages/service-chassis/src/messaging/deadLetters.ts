import type { Knex } from 'knex';
import { REPLAY_FOR_CONSUMER_HEADER } from './consumer';
import type { Broker, OutgoingMessage } from './types';
import { parseStoredHeaders } from './storedHeaders';

export interface ReplayDeadLettersOptions {
  /** Only this consumer's parked messages. */
  consumer?: string;
  /** Only these message ids. */
  ids?: string[];
  /** At most this many, the oldest parked first (default 1000). */
  limit?: number;
  now?: () => number;
}

export type ReplayOutcome =
  | 'replayed'
  | 'failed'
  /** Not tried: an earlier publish failed. */
  | 'not-attempted'
  /** No longer parked: replayed by someone else meanwhile. */
  | 'skipped';

export interface ReplayedDeadLetter {
  consumer: string;
  messageId: string;
  subject: string;
  outcome: ReplayOutcome;
  error?: string;
}

export interface DeadLetterReplayResult {
  /** Parked messages that matched. */
  selected: number;
  replayed: number;
  /** 0 or 1: the replay stops at the first failed publish. */
  failed: number;
  notAttempted: number;
  skipped: number;
  /** One per selected message, in replay order. */
  messages: ReplayedDeadLetter[];
}

interface DeadLetterRow {
  id: number | string;
  consumer: string;
  message_id: string;
  subject: string;
  body: string;
  headers: string;
}

/**
 * Publishes parked messages again, oldest first, for the consumer that
 * parked them to handle anew (once its bug is fixed): same message id,
 * subject, body and headers, plus REPLAY_FOR_CONSUMER_HEADER so the other
 * consumers of the stream skip it. Each message's dead_letter row and that
 * consumer's inbox row are deleted in a transaction that commits only once
 * the publish succeeded; the replay stops at the first failed publish, so a
 * consumer's messages are not replayed out of order.
 *
 * The broker de-duplication id is the message id plus a replay suffix: the
 * original id may still be in JetStream's duplicate window, which would drop
 * the replay silently. A replay published twice (a commit lost after the
 * publish) reaches the consumer twice; its inbox takes the second as a
 * duplicate.
 */
export async function replayDeadLetters(
  db: Knex,
  broker: Pick<Broker, 'publish'>,
  options: ReplayDeadLettersOptions = {},
): Promise<DeadLetterReplayResult> {
  const now = options.now ?? Date.now;
  const query = db('dead_letter')
    .select('id', 'consumer', 'message_id', 'subject', 'body', 'headers')
    .orderBy([{ column: 'parked_at' }, { column: 'id' }])
    .limit(Math.max(1, options.limit ?? 1000));
  if (options.consumer !== undefined) {
    query.where({ consumer: options.consumer });
  }
  if (options.ids !== undefined) query.whereIn('message_id', options.ids);
  const rows = (await query) as DeadLetterRow[];

  const messages: ReplayedDeadLetter[] = [];
  let stopped = false;
  for (const row of rows) {
    const entry: ReplayedDeadLetter = {
      consumer: row.consumer,
      messageId: row.message_id,
      subject: row.subject,
      outcome: 'not-attempted',
    };
    messages.push(entry);
    if (stopped) continue;
    try {
      entry.outcome = await db.transaction(async trx => {
        // Taken first: a concurrent replay of the same row waits here, then finds it gone.
        const deleted = await trx('dead_letter').where({ id: row.id }).delete();
        if (deleted === 0) return 'skipped' as const;
        await trx('inbox')
          .where({ consumer: row.consumer, message_id: row.message_id })
          .delete();
        await broker.publish(toMessage(row, now()));
        return 'replayed' as const;
      });
    } catch (error) {
      entry.outcome = 'failed';
      entry.error = error instanceof Error ? error.message : String(error);
      stopped = true;
    }
  }
  const count = (outcome: ReplayOutcome) =>
    messages.filter(m => m.outcome === outcome).length;
  return {
    selected: rows.length,
    replayed: count('replayed'),
    failed: count('failed'),
    notAttempted: count('not-attempted'),
    skipped: count('skipped'),
    messages,
  };
}

function toMessage(row: DeadLetterRow, now: number): OutgoingMessage {
  const headers = parseStoredHeaders(row.headers);
  return {
    id: row.message_id,
    subject: row.subject,
    key: headers['aggregate-id'] ?? '',
    body: row.body,
    headers: { ...headers, [REPLAY_FOR_CONSUMER_HEADER]: row.consumer },
    deduplicationId: `${row.message_id}:replay:${now}`,
  };
}
