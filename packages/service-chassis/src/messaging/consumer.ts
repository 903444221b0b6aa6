import type { Knex } from 'knex';
import pino, { type Logger } from 'pino';
import { contextFromHeaders, SpanKind, withSpan } from '../telemetry/trace';
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
  /** Failed deliveries after which the message is parked in dead_letter (default 5). */
  maxAttempts?: number;
  logger?: Logger;
  now?: () => number;
}

export type ProcessOutcome = 'processed' | 'duplicate' | 'parked';

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
 * acknowledged without running the handler. A message whose handler fails
 * `maxAttempts` times is parked in dead_letter with the error and
 * acknowledged, so the queue is never blocked.
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
    withSpan(
      `${message.subject} process`,
      {
        kind: SpanKind.CONSUMER,
        parent: contextFromHeaders(message.headers),
        attributes: {
          'messaging.operation.type': 'process',
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
        try {
          const outcome = await db.transaction(async trx => {
            const inserted = await trx('inbox')
              .insert({
                consumer: name,
                message_id: message.id,
                subject: message.subject,
                processed_at: now(),
              })
              .onConflict(['consumer', 'message_id'])
              .ignore()
              .returning('message_id');
            if (inserted.length === 0) return 'duplicate' as const;
            await handle(message, trx);
            return 'processed' as const;
          });
          span.setAttribute('messaging.outcome', outcome);
          if (outcome === 'duplicate') log.info('duplicate message skipped');
          else log.debug('message processed');
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

  const park = async (message: IncomingMessage, error: unknown) => {
    const text =
      error instanceof Error
        ? `${error.name}: ${error.message}`
        : String(error);
    await db('dead_letter')
      .insert({
        consumer: name,
        message_id: message.id,
        subject: message.subject,
        body: message.body,
        headers: JSON.stringify(message.headers),
        error: text.slice(0, 4000),
        attempts: message.deliveryAttempt,
        parked_at: now(),
      })
      .onConflict(['consumer', 'message_id'])
      .merge(['error', 'attempts', 'parked_at']);
  };

  return {
    process,
    async start() {
      if (subscription) return;
      subscription = await broker.subscribe(
        subjects,
        async message => {
          await process(message);
        },
        { durableName: name },
      );
    },
    async stop() {
      const current = subscription;
      subscription = undefined;
      await current?.stop();
    },
  };
}
