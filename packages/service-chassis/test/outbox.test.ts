import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { EventValidationError } from '../src/events/registry';
import { cleanupMessaging } from '../src/outbox/cleanup';
import { outboxStats, runningSagas } from '../src/outbox/stats';
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

    const insertSaga = async (
      id: string,
      status: string,
      updatedAt: number,
      steps = 2,
    ) => {
      await t.db('sagas').insert({
        id,
        name: 'place-order',
        status,
        input: '{}',
        state: '{}',
        current_step: 0,
        trace_context: '{}',
        version: 1,
        created_at: updatedAt - HOUR,
        updated_at: updatedAt,
      });
      for (let i = 0; i < steps; i++) {
        await t.db('saga_steps').insert({
          saga_id: id,
          step_index: i,
          step: `step-${i}`,
          phase: 'invoke',
          status: 'succeeded',
          attempt: 1,
          started_at: updatedAt - HOUR,
          finished_at: updatedAt - HOUR,
        });
      }
    };

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
      it('reports pending rows, the oldest pending age, how long a row has been due and dead letters', async () => {
        expect(await outboxStats(t.db)).toEqual({
          pending: 0,
          oldestPendingAgeMs: null,
          oldestDueAgeMs: null,
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
          oldestDueAgeMs: 8_000,
          deadLetters: 1,
        });
        // A row waiting for its retry is pending but not due.
        await t
          .db('outbox')
          .where({ aggregate_id: 'order-1' })
          .update({ next_attempt_at: 1_020_000 });
        expect(await outboxStats(t.db, () => 1_010_000)).toMatchObject({
          pending: 2,
          oldestPendingAgeMs: 8_000,
          oldestDueAgeMs: 7_000,
        });
      });
    });

    describe('runningSagas', () => {
      it('counts the unfinished sagas per name and status', async () => {
        await insertSaga('a', 'running', 0, 0);
        await insertSaga('b', 'running', 0, 0);
        await insertSaga('c', 'compensating', 0, 0);
        await insertSaga('d', 'completed', 0, 0);
        await insertSaga('e', 'failed', 0, 0);
        await t.db('sagas').where({ id: 'b' }).update({ name: 'refund' });
        expect(
          (await runningSagas(t.db)).sort((x, y) =>
            `${x.saga}/${x.status}`.localeCompare(`${y.saga}/${y.status}`),
          ),
        ).toEqual([
          { saga: 'place-order', status: 'compensating', count: 1 },
          { saga: 'place-order', status: 'running', count: 1 },
          { saga: 'refund', status: 'running', count: 1 },
        ]);
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
        expect(result).toEqual({
          outboxDeleted: 7,
          inboxDeleted: 5,
          sagasDeleted: 0,
          idempotencyKeysDeleted: 0,
          deadLettersDeleted: 0,
        });
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
          sagasDeleted: 0,
          idempotencyKeysDeleted: 0,
          deadLettersDeleted: 0,
        });
      });

      it('deleting a saga deletes its steps (the foreign key cascades)', async () => {
        await insertSaga('s-1', 'completed', 0, 3);
        await insertSaga('s-2', 'completed', 0, 2);
        await t.db('sagas').where({ id: 's-1' }).delete();
        expect(
          (await t.db('saga_steps').select('saga_id')).map(r => r.saga_id),
        ).toEqual(['s-2', 's-2']);
      });

      it('deletes finished sagas with their steps, old idempotency keys and old dead letters, in batches; never running sagas', async () => {
        const now = 2_000 * HOUR;
        const old = now - 73 * HOUR;
        const recent = now - 71 * HOUR;
        // Finished long ago: deleted. Finished recently, or still in
        // progress however old: kept.
        await insertSaga('done-1', 'completed', old);
        await insertSaga('done-2', 'completed', old);
        await insertSaga('done-3', 'compensated', old);
        await insertSaga('done-4', 'failed', old);
        await insertSaga('done-5', 'completed', recent);
        await insertSaga('busy-1', 'running', now - 500 * HOUR);
        await insertSaga('busy-2', 'compensating', now - 500 * HOUR);
        await t.db('idempotency_keys').insert(
          Array.from({ length: 7 }, (_, i) => ({
            scope: 'POST /payments',
            key: `k-${i}`,
            fingerprint: 'f',
            status_code: 201,
            response: '{}',
            created_at: i < 5 ? old : recent,
          })),
        );
        // Dead letters wait for a person: kept 30 days by default.
        const parkedAgo = [31 * 24, 31 * 24, 30 * 24 + 1, 30 * 24 + 1, 29 * 24];
        await t.db('dead_letter').insert(
          [...parkedAgo, 80, 80].map((hours, i) => ({
            consumer: 'c',
            message_id: `m-${i}`,
            subject: 's',
            body: '{}',
            headers: '{}',
            error: 'boom',
            attempts: 5,
            parked_at: now - hours * HOUR,
          })),
        );

        expect(
          await cleanupMessaging(t.db, {
            retentionHours: 72,
            batchSize: 3,
            now: () => now,
          }),
        ).toEqual({
          outboxDeleted: 0,
          inboxDeleted: 0,
          sagasDeleted: 4,
          idempotencyKeysDeleted: 5,
          deadLettersDeleted: 4,
        });
        expect(
          (
            (await t.db('sagas').select('id').orderBy('id')) as Array<{
              id: string;
            }>
          ).map(r => r.id),
        ).toEqual(['busy-1', 'busy-2', 'done-5']);
        expect(await count('saga_steps')).toBe(6);
        expect(
          new Set(
            (
              (await t.db('saga_steps').select('saga_id')) as Array<{
                saga_id: string;
              }>
            ).map(r => r.saga_id),
          ),
        ).toEqual(new Set(['busy-1', 'busy-2', 'done-5']));
        expect(await count('idempotency_keys')).toBe(2);
        expect(await count('dead_letter')).toBe(3);

        // A shorter dead-letter retention of its own.
        expect(
          await cleanupMessaging(t.db, {
            retentionHours: 72,
            deadLetterRetentionHours: 48,
            now: () => now,
          }),
        ).toMatchObject({ sagasDeleted: 0, deadLettersDeleted: 3 });
        expect(await count('dead_letter')).toBe(0);
      });
    });
  });
});
