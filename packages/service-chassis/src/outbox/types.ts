import type { Knex } from 'knex';

/** A domain event to write to the outbox in the caller's transaction. */
export interface NewEvent {
  /** A registered event type, e.g. 'order.placed' (validated against its zod schema). */
  type: string;
  aggregateType: string;
  aggregateId: string;
  payload: unknown;
  /** Defaults to a fresh id; consumers de-duplicate on it. */
  idempotencyKey?: string;
}

/** What a unit of work's callback gets: the transaction and the event sink. */
export interface UnitOfWorkContext {
  trx: Knex.Transaction;
  /** Validates the payload (throws EventValidationError) and adds an outbox row in `trx`. */
  emit(event: NewEvent): Promise<void>;
}

/**
 * The only way services write events: domain writes and their outbox rows
 * commit or roll back together.
 */
export interface UnitOfWork {
  run<T>(work: (ctx: UnitOfWorkContext) => Promise<T>): Promise<T>;
}
