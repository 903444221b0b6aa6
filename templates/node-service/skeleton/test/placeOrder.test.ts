import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import {
  EventValidationError,
  KnexUnitOfWork,
} from '@golden-path/service-chassis';
import { events } from '../src/events/catalog';
import {
  interceptingFetch,
  placeOrderDatabases,
  startPlaceOrderService,
  stepLog,
  validOrder,
  type PlaceOrderService,
} from './support/placeOrderHarness';
import { type TestDatabase } from '@golden-path/service-chassis/testing';

const count = async (
  service: PlaceOrderService,
  table: string,
  where: Record<string, unknown> = {},
) =>
  Number((await service.db(table).where(where).count({ n: '*' }).first())!.n);

describe('PlaceOrder saga over HTTP', async () => {
  const databases = await placeOrderDatabases();

  describe.each(databases)('on $name', ({ create }) => {
    let database: TestDatabase;
    let service: PlaceOrderService | undefined;

    beforeEach(async () => {
      database = await create();
    });
    afterEach(async () => {
      await service?.close();
      service = undefined;
    });

    it('happy path: order confirmed, saga completed, exact step log and outbox', async () => {
      service = await startPlaceOrderService(database);
      const { orderId, sagaId } = await service.order();
      const saga = await service.settle(sagaId);

      expect(saga.status).toBe('completed');
      expect(stepLog(saga)).toEqual([
        'invoke reserve-inventory #1 succeeded',
        'invoke charge-payment #1 succeeded',
        'invoke create-shipment #1 succeeded',
      ]);
      const view = (
        await service.app.inject({ url: `/orders/${orderId}` })
      ).json();
      expect(view.order.status).toBe('confirmed');
      // 2 x WIDGET at 19.99 + 1 x GADGET at 49.99 (the example stock)
      expect(view.order.totalCents).toBe(2 * 1999 + 4999);
      expect(view.saga.status).toBe('completed');
      expect(view.saga.steps).toHaveLength(3);

      const outbox = await service.outbox();
      expect(outbox.map(e => e.type)).toEqual([
        'order.placed',
        'saga.started',
        'inventory.reserved',
        'saga.step-completed',
        'payment.charged',
        'saga.step-completed',
        'shipment.created',
        'saga.step-completed',
        'saga.completed',
        'order.confirmed',
      ]);
      expect(
        outbox.find(e => e.type === 'payment.charged')!.payload,
      ).toMatchObject({
        orderId,
        amountCents: 2 * 1999 + 4999,
        method: 'visa-4242',
      });
      expect(
        outbox.find(e => e.type === 'order.confirmed')!.payload,
      ).toMatchObject({
        orderId,
        sagaId,
        totalCents: 2 * 1999 + 4999,
      });
      const stock = await service
        .db('inventory_stock')
        .where({ sku: 'WIDGET' })
        .first();
      expect(stock.available).toBe(1000 - 2);
    });

    it('shipment fails (country AQ): refund then release, saga compensated, each exactly once', async () => {
      service = await startPlaceOrderService(database);
      const { orderId, sagaId } = await service.order({
        shippingAddress: { ...validOrder.shippingAddress, country: 'AQ' },
      });
      const saga = await service.settle(sagaId);

      expect(saga.status).toBe('compensated');
      expect(saga.failedStep).toBe('create-shipment');
      expect(saga.error).toMatch(/we do not ship to AQ/);
      // 422 is not worth retrying: one attempt, then compensation in reverse.
      expect(stepLog(saga)).toEqual([
        'invoke reserve-inventory #1 succeeded',
        'invoke charge-payment #1 succeeded',
        'invoke create-shipment #1 failed',
        'compensate charge-payment #1 succeeded',
        'compensate reserve-inventory #1 succeeded',
      ]);
      const outbox = await service.outbox();
      expect(outbox.map(e => e.type)).toEqual([
        'order.placed',
        'saga.started',
        'inventory.reserved',
        'saga.step-completed',
        'payment.charged',
        'saga.step-completed',
        'saga.step-failed',
        'saga.compensating',
        'payment.refunded',
        'saga.step-completed',
        'inventory.released',
        'saga.step-completed',
        'saga.compensated',
        'order.cancelled',
      ]);
      expect(outbox.filter(e => e.type === 'payment.refunded')).toHaveLength(1);
      expect(outbox.filter(e => e.type === 'inventory.released')).toHaveLength(
        1,
      );
      const payment = await service
        .db('payments')
        .where({ order_id: orderId })
        .first();
      expect(payment.status).toBe('refunded');
      const reservation = await service
        .db('inventory_reservations')
        .where({ order_id: orderId })
        .first();
      expect(reservation.status).toBe('released');
      expect(
        (await service.db('inventory_stock').where({ sku: 'WIDGET' }).first())
          .available,
      ).toBe(1000);
      expect(await count(service, 'shipments')).toBe(0);
      const view = (
        await service.app.inject({ url: `/orders/${orderId}` })
      ).json();
      expect(view.order.status).toBe('cancelled');
      expect(view.order.cancelReason).toMatch(/create-shipment/);
    });

    it('payment declined: only the reservation is released', async () => {
      service = await startPlaceOrderService(database);
      const { orderId, sagaId } = await service.order({
        paymentMethod: 'declined-card',
      });
      const saga = await service.settle(sagaId);

      expect(saga.status).toBe('compensated');
      // The failed charge is compensated too: its replay answers the stored
      // 402, so there is nothing to refund.
      expect(stepLog(saga)).toEqual([
        'invoke reserve-inventory #1 succeeded',
        'invoke charge-payment #1 failed',
        'compensate charge-payment #1 succeeded',
        'compensate reserve-inventory #1 succeeded',
      ]);
      expect(saga.steps[1]!.error).toMatch(/402.*declined/);
      expect(await count(service, 'payments')).toBe(0);
      expect(
        (
          await service
            .db('inventory_reservations')
            .where({ order_id: orderId })
            .first()
        ).status,
      ).toBe('released');
      const types = (await service.outbox()).map(e => e.type);
      expect(types).not.toContain('payment.refunded');
      expect(types.filter(t => t === 'inventory.released')).toHaveLength(1);
    });

    it('no stock: the reservation fails, nothing to undo', async () => {
      service = await startPlaceOrderService(database);
      const { sagaId } = await service.order({
        items: [{ sku: 'SOLD-OUT', quantity: 1 }],
      });
      const saga = await service.settle(sagaId);

      expect(saga.status).toBe('compensated');
      expect(stepLog(saga)).toEqual([
        'invoke reserve-inventory #1 failed',
        'compensate reserve-inventory #1 succeeded',
      ]);
      expect(saga.steps[0]!.error).toMatch(
        /409.*insufficient stock for SOLD-OUT/,
      );
      expect(await count(service, 'inventory_reservations')).toBe(0);
      expect((await service.outbox()).map(e => e.type)).toEqual([
        'order.placed',
        'saga.started',
        'saga.step-failed',
        'saga.compensating',
        'saga.step-completed',
        'saga.compensated',
        'order.cancelled',
      ]);
    });

    it('a reservation whose answer was lost is released: the failed step is compensated too', async () => {
      const fetch = interceptingFetch(async (request, forward) => {
        if (
          request.method === 'POST' &&
          request.path === '/inventory/reservations' &&
          request.attempt === 1
        ) {
          await forward(); // the stock is reserved...
          throw new TypeError('fetch failed: connection reset'); // ...the answer is lost
        }
        return undefined;
      });
      service = await startPlaceOrderService(database, {
        fetch,
        retry: { maxAttempts: 1, backoffMs: 1 },
      });
      const { orderId, sagaId } = await service.order();
      const saga = await service.settle(sagaId);

      expect(saga.status).toBe('compensated');
      expect(stepLog(saga)).toEqual([
        'invoke reserve-inventory #1 failed',
        'compensate reserve-inventory #1 succeeded',
      ]);
      const reservations = await service
        .db('inventory_reservations')
        .where({ order_id: orderId });
      expect(reservations.map(r => r.status)).toEqual(['released']);
      expect(
        (await service.db('inventory_stock').where({ sku: 'WIDGET' }).first())
          .available,
      ).toBe(1000);
      const types = (await service.outbox()).map(e => e.type);
      expect(types.filter(t => t === 'inventory.reserved')).toHaveLength(1);
      expect(types.filter(t => t === 'inventory.released')).toHaveLength(1);
      expect(types.slice(-2)).toEqual(['saga.compensated', 'order.cancelled']);
    });

    it('a charge that timed out after the payment was made is refunded, and the stock released', async () => {
      const fetch = interceptingFetch(async (request, forward, signal) => {
        if (
          request.method === 'POST' &&
          request.path === '/payments' &&
          request.attempt === 1
        ) {
          await forward(); // the card is charged...
          // ...and the answer never comes: only the step's timeout ends the call.
          return new Promise<Response>((_, reject) => {
            signal?.addEventListener('abort', () => reject(signal.reason), {
              once: true,
            });
          });
        }
        return undefined;
      });
      service = await startPlaceOrderService(database, {
        fetch,
        timeoutMs: 300,
        retry: { maxAttempts: 1, backoffMs: 1 },
      });
      const { orderId, sagaId } = await service.order();
      const saga = await service.settle(sagaId);

      expect(saga.status).toBe('compensated');
      expect(stepLog(saga)).toEqual([
        'invoke reserve-inventory #1 succeeded',
        'invoke charge-payment #1 failed',
        'compensate charge-payment #1 succeeded',
        'compensate reserve-inventory #1 succeeded',
      ]);
      expect(saga.steps[1]!.error).toMatch(/timed out after 300 ms/);
      const payments = await service
        .db('payments')
        .where({ order_id: orderId });
      expect(payments.map(p => p.status)).toEqual(['refunded']);
      const types = (await service.outbox()).map(e => e.type);
      expect(types.filter(t => t === 'payment.charged')).toHaveLength(1);
      expect(types.filter(t => t === 'payment.refunded')).toHaveLength(1);
      expect(types.filter(t => t === 'inventory.released')).toHaveLength(1);
      expect(
        (await service.db('inventory_stock').where({ sku: 'WIDGET' }).first())
          .available,
      ).toBe(1000);
      const view = (
        await service.app.inject({ url: `/orders/${orderId}` })
      ).json();
      expect(view.order.status).toBe('cancelled');
    });

    it('a charge that never arrived: the compensation claims its key (charged then refunded), a late original changes nothing', async () => {
      let replayLate: (() => Promise<Response>) | undefined;
      const fetch = interceptingFetch(async (request, forward) => {
        if (
          request.method === 'POST' &&
          request.path === '/payments' &&
          request.attempt === 1
        ) {
          replayLate = forward; // held back in the network...
          throw new TypeError('fetch failed: connection reset');
        }
        return undefined;
      });
      service = await startPlaceOrderService(database, {
        fetch,
        retry: { maxAttempts: 1, backoffMs: 1 },
      });
      const { orderId, sagaId } = await service.order();
      const saga = await service.settle(sagaId);

      expect(saga.status).toBe('compensated');
      // ...and delivered after the compensation: a replay, no second charge.
      const late = await replayLate!();
      expect(late.status).toBe(201);
      expect(late.headers.get('idempotent-replayed')).toBe('true');
      const payments = await service
        .db('payments')
        .where({ order_id: orderId });
      expect(payments.map(p => p.status)).toEqual(['refunded']);
      const types = (await service.outbox()).map(e => e.type);
      expect(types.filter(t => t === 'payment.charged')).toHaveLength(1);
      expect(types.filter(t => t === 'payment.refunded')).toHaveLength(1);
    });

    it('a lost response is retried with the same idempotency key: one payment', async () => {
      const fetch = interceptingFetch(async (request, forward) => {
        if (
          request.method === 'POST' &&
          request.path === '/payments' &&
          request.attempt === 1
        ) {
          await forward(); // the payment happens...
          throw new TypeError('fetch failed: connection reset'); // ...the answer is lost
        }
        return undefined;
      });
      service = await startPlaceOrderService(database, { fetch });
      const { orderId, sagaId } = await service.order();
      const saga = await service.settle(sagaId);

      expect(saga.status).toBe('completed');
      expect(stepLog(saga)).toEqual([
        'invoke reserve-inventory #1 succeeded',
        'invoke charge-payment #1 failed',
        'invoke charge-payment #2 succeeded',
        'invoke create-shipment #1 succeeded',
      ]);
      expect(saga.steps[1]!.error).toMatch(/connection reset/);
      expect(await count(service, 'payments', { order_id: orderId })).toBe(1);
      const outbox = await service.outbox();
      expect(outbox.filter(e => e.type === 'payment.charged')).toHaveLength(1);
      expect(
        outbox.find(e => e.type === 'saga.step-failed')!.payload,
      ).toMatchObject({
        step: 'charge-payment',
        attempt: 1,
        willRetry: true,
        timedOut: false,
      });
      // The payment the saga recorded is the one made on the lost attempt.
      const payment = await service
        .db('payments')
        .where({ order_id: orderId })
        .first();
      expect((saga.state as { paymentId: string }).paymentId).toBe(payment.id);
    });

    it('a step that times out counts as failed: retried, then compensated', async () => {
      const fetch = interceptingFetch((request, _forward, signal) => {
        if (request.path !== '/shipments') return undefined;
        // The shipping service hangs: only the step's timeout ends the call.
        return new Promise<Response>((_, reject) => {
          signal?.addEventListener('abort', () => reject(signal.reason), {
            once: true,
          });
        });
      });
      service = await startPlaceOrderService(database, {
        fetch,
        timeoutMs: 300,
        retry: { maxAttempts: 2, backoffMs: 1 },
      });
      const { sagaId } = await service.order();
      const saga = await service.settle(sagaId);

      expect(saga.status).toBe('compensated');
      expect(stepLog(saga)).toEqual([
        'invoke reserve-inventory #1 succeeded',
        'invoke charge-payment #1 succeeded',
        'invoke create-shipment #1 failed',
        'invoke create-shipment #2 failed',
        'compensate charge-payment #1 succeeded',
        'compensate reserve-inventory #1 succeeded',
      ]);
      expect(saga.steps[2]!.error).toMatch(/timed out after 300 ms/);
      const failed = (await service.outbox()).filter(
        e => e.type === 'saga.step-failed',
      );
      expect(
        failed.map(e => [
          e.payload.attempt,
          e.payload.timedOut,
          e.payload.willRetry,
        ]),
      ).toEqual([
        [1, true, true],
        [2, true, false],
      ]);
    });

    it('an Idempotency-Key on POST /orders returns the first order and starts one saga', async () => {
      service = await startPlaceOrderService(database);
      const send = () =>
        service!.app.inject({
          method: 'POST',
          url: '/orders',
          headers: { 'idempotency-key': 'client-retry-1' },
          payload: validOrder,
        });
      const first = await send();
      const second = await send();
      expect(first.statusCode).toBe(202);
      expect(second.statusCode).toBe(202);
      expect(second.json()).toEqual(first.json());
      expect(second.headers['idempotent-replayed']).toBe('true');
      await service.settle(first.json().sagaId);
      expect(await count(service, 'orders')).toBe(1);
      expect(await count(service, 'sagas')).toBe(1);
    });

    it('an event payload that fails its schema is refused before the outbox', async () => {
      const uow = new KnexUnitOfWork(database.db, events);
      const attempt = uow.run(async ({ trx, emit }) => {
        await trx('inventory_stock').insert({
          sku: 'NEW',
          available: 1,
          price_cents: 1,
          updated_at: 1,
        });
        await emit({
          type: 'order.placed',
          aggregateType: 'order',
          aggregateId: 'o-1',
          payload: { orderId: 'o-1', items: [{ sku: 'WIDGET', quantity: 0 }] },
        });
      });
      await expect(attempt).rejects.toBeInstanceOf(EventValidationError);
      await expect(attempt).rejects.toThrow(/items\.0\.quantity/);
      expect(
        Number((await database.db('outbox').count({ n: '*' }).first())!.n),
      ).toBe(0);
      // The domain write of the same unit of work was rolled back too.
      expect(
        await database.db('inventory_stock').where({ sku: 'NEW' }).first(),
      ).toBeUndefined();
      await database.destroy();
    });
  });
});
