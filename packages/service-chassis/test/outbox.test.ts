import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { EventValidationError } from '../src/events/registry';
import { cleanupMessaging } from '../src/outbox/cleanup';
import { outboxStats } from '../src/outbox/stats';
import { KnexUnitOfWork } from '../src/outbox/unitOfWork';
import type { TestDatabase } from './support/infra';
import {
  availableDatabases,
  testRegistry,
  writeEvents,
} from './support/outboxFixtures';

const HOUR = 3_600_000;

describe('outbox', async () => {
  const databases = await availableDatabases();
  describe.each(databases)('on $name', ({ create }) => {
    let t: TestDatabase;
    beforeEach(async () => {
      t = await create();
      await t.db.schema.createTable('test_orders', table => {
        table.string('id').primary();
        table.string('status').notNullable();
      });
    });
    afterEach(async () => {
      await t.destroy();
    });

    const count = async (table: string) =>
      Number(
        (
          (await t.db(table).count({ n: '*' }).first()) as {
            n: number | string;
          }
        ).n,
      );

    describe('unit of work', () => {
      it('commits the domain write and its event together', async () => {
        const uow = new KnexUnitOfWork(t.db, testRegistry());
        await uow.run(async ({ trx, emit }) => {
          await trx('test_orders').insert({ id: 'o-1', status: 'placed' });
          await emit({
            type: 'order.placed',
            aggregateType: 'order',
            aggregateId: 'o-1',
            payload: { orderId: 'o-1', sku: 'sku-1', quantity: 2 },
            idempotencyKey: 'req-42',
          });
        });
        expect(await count('test_orders')).toBe(1);
        const rows = await t.db('outbox').select();
        expect(rows).toHaveLength(1);
        expect(rows[0]).toMatchObject({
          aggregate_type: 'order',
          aggregate_id: 'o-1',
          event_type: 'order.placed',
          published_at: null,
          attempts: 0,
        });
        expect(JSON.parse(rows[0].payload)).toEqual({
          orderId: 'o-1',
          sku: 'sku-1',
          quantity: 2,
        });
        expect(JSON.parse(rows[0].headers)).toMatchObject({
          'idempotency-key': 'req-42',
        });
      });

      it('rolls back both when the work throws after emitting', async () => {
        const uow = new KnexUnitOfWork(t.db, testRegistry());
        await expect(
          uow.run(async ({ trx, emit }) => {
            await trx('test_orders').insert({ id: 'o-2', status: 'placed' });
            await emit({
              type: 'order.placed',
              aggregateType: 'order',
              aggregateId: 'o-2',
              payload: { orderId: 'o-2', sku: 'sku-1', quantity: 1 },
            });
            throw new Error('payment declined');
          }),
        ).rejects.toThrow('payment declined');
        expect(await count('test_orders')).toBe(0);
        expect(await count('outbox')).toBe(0);
      });

      it('refuses an invalid payload, names the field and rolls back the domain write', async () => {
        const uow = new KnexUnitOfWork(t.db, testRegistry());
        const attempt = uow.run(async ({ trx, emit }) => {
          await trx('test_orders').insert({ id: 'o-3', status: 'placed' });
          await emit({
            type: 'order.placed',
            aggregateType: 'order',
            aggregateId: 'o-3',
            payload: { orderId: 'o-3', sku: 'sku-1', quantity: -1 },
          });
        });
        await expect(attempt).rejects.toBeInstanceOf(EventValidationError);
        await expect(attempt).rejects.toThrow(/quantity/);
        const error = (await attempt.catch(e => e)) as EventValidationError;
        expect(error.issues.map(i => i.path.join('.'))).toEqual(['quantity']);
        expect(await count('test_orders')).toBe(0);
        expect(await count('outbox')).toBe(0);
      });

      it('refuses an unknown event type', async () => {
        const uow = new KnexUnitOfWork(t.db, testRegistry());
        await expect(
          uow.run(({ emit }) =>
            emit({
              type: 'order.teleported',
              aggregateType: 'order',
              aggregateId: 'o',
              payload: {},
            }),
          ),
        ).rejects.toThrow(/unknown event type 'order.teleported'/);
        expect(await count('outbox')).toBe(0);
      });
    });

    describe('outboxStats', () => {
      it('reports pending rows, the oldest pending age and dead letters', async () => {
        expect(await outboxStats(t.db)).toEqual({
          pending: 0,
          oldestPendingAgeMs: null,
          deadLetters: 0,
        });
        let clock = 1_000_000;
        await writeEvents(t.db, 3, 3, () => (clock += 1000));
        await t
          .db('outbox')
          .where({ aggregate_id: 'order-0' })
          .update({ published_at: clock });
        await t.db('dead_letter').insert({
          consumer: 'c',
          message_id: 'm',
          subject: 's',
          body: '{}',
          headers: '{}',
          error: 'boom',
          attempts: 5,
          parked_at: clock,
        });
        // order-1 was written at 1_002_000, order-2 at 1_003_000.
        expect(await outboxStats(t.db, () => 1_010_000)).toEqual({
          pending: 2,
          oldestPendingAgeMs: 8_000,
          deadLetters: 1,
        });
      });
    });

    describe('cleanupMessaging', () => {
      it('deletes old published outbox rows and old inbox rows in batches, never pending rows', async () => {
        const now = 100 * HOUR;
        await writeEvents(t.db, 12, 12, () => 0);
        const ids = (
          (await t.db('outbox').select('id').orderBy('position')) as Array<{
            id: string;
          }>
        ).map(r => r.id);
        // 7 published long ago, 2 published recently, 3 never published.
        await t
          .db('outbox')
          .whereIn('id', ids.slice(0, 7))
          .update({ published_at: now - 80 * HOUR });
        await t
          .db('outbox')
          .whereIn('id', ids.slice(7, 9))
          .update({ published_at: now - 1 * HOUR });
        await t.db('inbox').insert(
          Array.from({ length: 9 }, (_, i) => ({
            consumer: 'c',
            message_id: `m-${i}`,
            subject: 's',
            processed_at: i < 5 ? now - 73 * HOUR : now - 71 * HOUR,
          })),
        );

        const result = await cleanupMessaging(t.db, {
          retentionHours: 72,
          batchSize: 3,
          now: () => now,
        });
        expect(result).toEqual({ outboxDeleted: 7, inboxDeleted: 5 });
        const left = (
          (await t.db('outbox').select('id').orderBy('position')) as Array<{
            id: string;
          }>
        ).map(r => r.id);
        expect(left).toEqual(ids.slice(7));
        expect(await count('inbox')).toBe(4);
        expect(
          await cleanupMessaging(t.db, { retentionHours: 72, now: () => now }),
        ).toEqual({
          outboxDeleted: 0,
          inboxDeleted: 0,
        });
      });
    });
  });
});
