import type { Knex } from 'knex';
import pino, { type Logger } from 'pino';
import {
  contextFromHeaders,
  linksFromHeaders,
  SpanKind,
  withSpan,
} from '../telemetry/trace';
import type { Broker, IncomingMessage, Subscription } from './types';

export interface IdempotentConsumerOptions {
  db: Knex;
  broker: Broker;
  /** Durable consumer name; also the inbox's `consumer` column. */
  name: string;
  /** Subject patterns, e.g. `orders.order.*`. */
  subjects: string[];
  /** Runs in the transaction that records the message in the inbox: both commit or neither. */
  handle: (message: IncomingMessage, trx: Knex.Transaction) => Promise<void>;
  /** Failed attempts after which the message is parked in dead_letter (default 5). */
  maxAttempts?: number;
  logger?: Logger;
  now?: () => number;
}

export type ProcessOutcome = 'processed' | 'duplicate' | 'parked';

/**
 * Set on a dead-letter replay (replayDeadLetters) to the consumer that parked
 * the message: every durable consumer of the stream receives the replay, and
 * the others, which handled the original, skip it even once their inbox
 * rows are cleaned up.
 */
export const REPLAY_FOR_CONSUMER_HEADER = 'replay-for-consumer';

/**
 * Server deliveries granted beyond maxAttempts (the broker's max_deliver is
 * maxAttempts + this). A message is delivered again without having failed
 * when the process stopped while it waited in a fetched batch, or the
 * connection was lost for longer than ack_wait; the consumer parks a
 * message at its (maxAttempts + 1)-th delivery at the latest, so JetStream
 * drops one (an advisory, no dead letter) only after 5 such losses in a row.
 */
export const REDELIVERY_MARGIN = 5;

export interface IdempotentConsumer {
  /** Subscribes to the broker (durable consumer `name`). */
  start(): Promise<void>;
  /** Unsubscribes; waits for the message in hand. */
  stop(): Promise<void>;
  /**
   * Handles one delivery: resolves (acknowledge) when processed, a duplicate
   * or parked; rejects (redeliver) when the handler failed and attempts remain.
   */
  process(message: IncomingMessage): Promise<ProcessOutcome>;
}

/**
 * Exactly-once processing on top of at-least-once delivery. For each message,
 * one transaction inserts the inbox row (consumer, message_id) and runs the
 * handler; a message whose inbox row already exists is a duplicate and is
 * acknowledged without running the handler.
 *
 * A failed handler rejects: the broker hands the same message over again
 * (deliveryAttempt + 1; NATS and Kafka do so before any later message, so an
 * aggregate's events keep their order). At `maxAttempts` the message is
 * parked in dead_letter with the error, together with its inbox row (a later
 * redelivery is a duplicate), and acknowledged, so the queue moves on. A
 * message that arrives with more than `maxAttempts` deliveries was never
 * acknowledged nor parked: the process died handling it, and would again;
 * it is parked without running the handler. replayDeadLetters sends parked
 * messages again.
 */
export function createIdempotentConsumer(
  options: IdempotentConsumerOptions,
): IdempotentConsumer {
  const { db, broker, name, subjects, handle } = options;
  const maxAttempts = Math.max(1, options.maxAttempts ?? 5);
  const logger = (options.logger ?? pino({ level: 'silent' })).child({
    consumer: name,
  });
  const now = options.now ?? Date.now;
  let subscription: Subscription | undefined;

  const process = (message: IncomingMessage): Promise<ProcessOutcome> =>
    // OpenTelemetry messaging conventions: `process <destination>`, a child
    // of the message's creation context (one message) and linked to it.
    withSpan(
      `process ${message.subject}`,
      {
        kind: SpanKind.CONSUMER,
        parent: contextFromHeaders(message.headers),
        links: linksFromHeaders(message.headers),
        attributes: {
          'messaging.system': broker.kind,
          'messaging.operation.type': 'process',
          'messaging.operation.name': 'process',
          'messaging.destination.name': message.subject,
          'messaging.consumer.group.name': name,
          'messaging.message.id': message.id,
          'messaging.message.delivery_attempt': message.deliveryAttempt,
        },
      },
      async span => {
        const log = logger.child({
          messageId: message.id,
          subject: message.subject,
          deliveryAttempt: message.deliveryAttempt,
        });
        const replayFor = message.headers[REPLAY_FOR_CONSUMER_HEADER];
        if (replayFor !== undefined && replayFor !== name) {
          span.setAttribute('messaging.outcome', 'duplicate');
          log.info({ replayFor }, "another consumer's replay skipped");
          return 'duplicate';
        }
        try {
          const outcome = await db.transaction(async trx => {
            const inserted = await insertInbox(trx, message);
            if (!inserted) return 'duplicate' as const;
            if (message.deliveryAttempt > maxAttempts) {
              await insertDeadLetter(
                trx,
                message,
                `delivered ${message.deliveryAttempt} times (maxAttempts ${maxAttempts}) without an outcome: the process may have died handling it; not handled again`,
              );
              return 'parked' as const;
            }
            await handle(message, trx);
            return 'processed' as const;
          });
          span.setAttribute('messaging.outcome', outcome);
          if (outcome === 'duplicate') log.info('duplicate message skipped');
          else if (outcome === 'parked') {
            log.error(
              { attempts: message.deliveryAttempt },
              'message parked in dead_letter: delivered too many times',
            );
          } else log.debug('message processed');
          return outcome;
        } catch (error) {
          if (message.deliveryAttempt < maxAttempts) {
            log.warn(
              { err: error },
              'message handling failed; will be redelivered',
            );
            throw error;
          }
          await park(message, error);
          span.setAttribute('messaging.outcome', 'parked');
          log.error(
            { err: error, attempts: message.deliveryAttempt },
            'message parked in dead_letter after too many failed deliveries',
          );
          return 'parked';
        }
      },
    );

  /** False when the row was there: the message is a duplicate. */
  const insertInbox = async (
    q: Knex | Knex.Transaction,
    message: IncomingMessage,
  ): Promise<boolean> => {
    const inserted = await q('inbox')
      .insert({
        consumer: name,
        message_id: message.id,
        subject: message.subject,
        processed_at: now(),
      })
      .onConflict(['consumer', 'message_id'])
      .ignore()
      .returning('message_id');
    return inserted.length > 0;
  };

  const insertDeadLetter = (
    q: Knex | Knex.Transaction,
    message: IncomingMessage,
    error: string,
  ) =>
    q('dead_letter')
      .insert({
        consumer: name,
        message_id: message.id,
        subject: message.subject,
        body: message.body,
        headers: JSON.stringify(message.headers),
        error: error.slice(0, 4000),
        attempts: message.deliveryAttempt,
        parked_at: now(),
      })
      .onConflict(['consumer', 'message_id'])
      .merge(['error', 'attempts', 'parked_at']);

  // The handler's transaction was rolled back: the inbox row is written here,
  // with the dead letter, so that a redelivery (a lost ack) is a duplicate
  // rather than a fresh round of attempts.
  const park = (message: IncomingMessage, error: unknown) =>
    db.transaction(async trx => {
      await insertInbox(trx, message);
      await insertDeadLetter(
        trx,
        message,
        error instanceof Error
          ? `${error.name}: ${error.message}`
          : String(error),
      );
    });

  return {
    process,
    async start() {
      if (subscription) return;
      subscription = await broker.subscribe(
        subjects,
        async message => {
          await process(message);
        },
        { durableName: name, maxDeliver: maxAttempts + REDELIVERY_MARGIN },
      );
    },
    async stop() {
      const current = subscription;
      subscription = undefined;
      await current?.stop();
    },
  };
}
