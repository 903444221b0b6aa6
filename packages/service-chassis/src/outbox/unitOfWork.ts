import type { Knex } from 'knex';
import { randomUUID } from 'node:crypto';
import type { EventRegistry } from '../events/registry';
import { SpanKind, traceHeaders, withSpan } from '../telemetry/trace';
import type { NewEvent, UnitOfWork, UnitOfWorkContext } from './types';

export interface KnexUnitOfWorkOptions {
  /** Clock of `created_at` (default Date.now). */
  now?: () => number;
  /**
   * The relay's subject prefix (OutboxRelayOptions.eventPrefix): the create
   * span's destination is then `${eventPrefix}.${type}`, the subject the
   * relay sends to; without it, the event type.
   */
  eventPrefix?: string;
}

/**
 * Runs domain writes and their events in one knex transaction. Each event's
 * payload is validated against its schema before the row is written; a bad
 * payload throws EventValidationError and rolls the whole unit back.
 *
 * Tracing (OpenTelemetry messaging conventions): each event is created in a
 * PRODUCER span `create <destination>`, a child of the active (request's)
 * span; its context, the message's creation context, goes into the row's
 * headers (`traceparent`/`tracestate`). The relay links its send span to it
 * and the consumer's process span continues from it.
 */
export class KnexUnitOfWork implements UnitOfWork {
  private readonly now: () => number;
  private readonly eventPrefix: string | undefined;

  /** The third argument may be the clock alone (as before) or the options. */
  constructor(
    private readonly db: Knex,
    private readonly events: EventRegistry,
    options: KnexUnitOfWorkOptions | (() => number) = {},
  ) {
    const resolved = typeof options === 'function' ? { now: options } : options;
    this.now = resolved.now ?? Date.now;
    this.eventPrefix = resolved.eventPrefix;
  }

  run<T>(work: (ctx: UnitOfWorkContext) => Promise<T>): Promise<T> {
    return this.db.transaction(async trx => {
      const emit = async (event: NewEvent) => {
        const payload = this.events.validate(event.type, event.payload);
        const id = randomUUID();
        const destination = this.eventPrefix
          ? `${this.eventPrefix}.${event.type}`
          : event.type;
        await withSpan(
          `create ${destination}`,
          {
            kind: SpanKind.PRODUCER,
            attributes: {
              'messaging.operation.type': 'create',
              'messaging.operation.name': 'create',
              'messaging.destination.name': destination,
              'messaging.message.id': id,
            },
          },
          async () => {
            const createdAt = this.now();
            await trx('outbox').insert({
              id,
              aggregate_type: event.aggregateType,
              aggregate_id: event.aggregateId,
              event_type: event.type,
              payload: JSON.stringify(payload),
              headers: JSON.stringify({
                // The creation context: the create span's, active here.
                ...traceHeaders(),
                'idempotency-key': event.idempotencyKey ?? id,
              }),
              created_at: createdAt,
              next_attempt_at: createdAt,
              attempts: 0,
            });
          },
        );
      };
      return work({ trx, emit });
    });
  }
}
