import type { Knex } from 'knex';
import { randomUUID } from 'node:crypto';
import type { EventRegistry } from '../events/registry';
import { traceHeaders } from '../telemetry/trace';
import type { NewEvent, UnitOfWork, UnitOfWorkContext } from './types';

/**
 * Runs domain writes and their events in one knex transaction. Each event's
 * payload is validated against its schema before the row is written; a bad
 * payload throws EventValidationError and rolls the whole unit back. The
 * active trace context goes into the row's headers so consumers continue the
 * producer's trace.
 */
export class KnexUnitOfWork implements UnitOfWork {
  constructor(
    private readonly db: Knex,
    private readonly events: EventRegistry,
    private readonly now: () => number = Date.now,
  ) {}

  run<T>(work: (ctx: UnitOfWorkContext) => Promise<T>): Promise<T> {
    return this.db.transaction(async trx => {
      const emit = async (event: NewEvent) => {
        const payload = this.events.validate(event.type, event.payload);
        const id = randomUUID();
        const createdAt = this.now();
        await trx('outbox').insert({
          id,
          aggregate_type: event.aggregateType,
          aggregate_id: event.aggregateId,
          event_type: event.type,
          payload: JSON.stringify(payload),
          headers: JSON.stringify({
            ...traceHeaders(),
            'idempotency-key': event.idempotencyKey ?? id,
          }),
          created_at: createdAt,
          next_attempt_at: createdAt,
          attempts: 0,
        });
      };
      return work({ trx, emit });
    });
  }
}
