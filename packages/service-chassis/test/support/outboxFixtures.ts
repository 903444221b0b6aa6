import type { Knex } from 'knex';
import { z } from 'zod';
import { EventRegistry } from '../../src/events/registry';
import type { Broker, OutgoingMessage } from '../../src/messaging/types';
import { KnexUnitOfWork } from '../../src/outbox/unitOfWork';
import type {
  BreakerState,
  DependencyPolicy,
} from '../../src/resilience/types';
export { RecordingBroker } from '../../src/testing/recordingBroker';
import {
  postgresAvailable,
  postgresDatabase,
  sqliteDatabase,
  type TestDatabase,
} from './infra';

/** The databases to run a suite on: SQLite always, PostgreSQL when it answers. */
export async function availableDatabases(): Promise<
  Array<{ name: 'sqlite' | 'postgres'; create: () => Promise<TestDatabase> }>
> {
  const list: Array<{
    name: 'sqlite' | 'postgres';
    create: () => Promise<TestDatabase>;
  }> = [{ name: 'sqlite', create: sqliteDatabase }];
  if (await postgresAvailable()) {
    list.push({ name: 'postgres', create: postgresDatabase });
  }
  return list;
}

/** A small event catalogue for the messaging tests. */
export function testRegistry(): EventRegistry {
  const events = new EventRegistry();
  events.define({
    type: 'order.placed',
    aggregateType: 'order',
    description: 'An order was placed.',
    schema: z.object({
      orderId: z.string().min(1),
      sku: z.string().min(1),
      quantity: z.number().int().positive(),
    }),
  });
  events.define({
    type: 'order.cancelled',
    aggregateType: 'order',
    description: 'An order was cancelled.',
    schema: z.object({ orderId: z.string().min(1), reason: z.string() }),
  });
  return events;
}

/**
 * Writes `count` order.placed events through the unit of work, spread
 * round-robin over `aggregates` orders; returns their ids in write order.
 */
export async function writeEvents(
  db: Knex,
  count: number,
  aggregates = count,
  now?: () => number,
): Promise<string[]> {
  const uow = new KnexUnitOfWork(db, testRegistry(), now);
  for (let i = 0; i < count; i++) {
    await uow.run(async ({ emit }) => {
      await emit({
        type: 'order.placed',
        aggregateType: 'order',
        aggregateId: `order-${i % aggregates}`,
        payload: {
          orderId: `order-${i % aggregates}`,
          sku: `sku-${i}`,
          quantity: 1,
        },
      });
    });
  }
  const rows = (await db('outbox').select('id').orderBy('position')) as Array<{
    id: string;
  }>;
  return rows.map(r => r.id);
}

/** A policy that counts calls and failures and passes everything through. */
export class CountingPolicy implements DependencyPolicy {
  readonly name = 'broker';
  calls = 0;
  failures = 0;
  async execute<T>(fn: (signal: AbortSignal) => Promise<T>): Promise<T> {
    this.calls++;
    try {
      return await fn(new AbortController().signal);
    } catch (error) {
      this.failures++;
      throw error;
    }
  }
  breakerState(): BreakerState {
    return 'closed';
  }
}

/** Counts per value. */
export function countBy<T>(
  items: T[],
  key: (item: T) => string,
): Map<string, number> {
  const counts = new Map<string, number>();
  for (const item of items)
    counts.set(key(item), (counts.get(key(item)) ?? 0) + 1);
  return counts;
}
