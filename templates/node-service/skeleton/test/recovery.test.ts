import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import {
  interceptingFetch,
  placeOrderDatabases,
  startPlaceOrderService,
  stepLog,
  validOrder,
  type PlaceOrderService,
} from './support/placeOrderHarness';
import { type TestDatabase } from '@golden-path/service-chassis/testing';

function deferred<T = void>() {
  let resolve!: (value: T) => void;
  let reject!: (error: unknown) => void;
  const promise = new Promise<T>((res, rej) => {
    resolve = res;
    reject = rej;
  });
  return { promise, resolve, reject };
}

describe('saga recovery after a crash', async () => {
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

    it('stopped after step 1 was recorded: a new engine continues with step 2', async () => {
      let stopped: Promise<void> | undefined;
      const fetch = interceptingFetch(async (request, forward) => {
        if (request.path === '/inventory/reservations') {
          const response = await forward();
          stopped = service!.engine.stop(); // the process goes away after this step
          return response;
        }
        return undefined;
      });
      service = await startPlaceOrderService(database, { fetch });
      const { orderId, sagaId } = await service.order();
      const halted = await service.engine.settled(sagaId);
      await stopped;

      expect(halted).toEqual({ sagaId, status: 'running', halted: true });
      const before = await service.engine.describe(sagaId);
      expect(before!.currentStep).toBe(1);
      expect(stepLog(before!)).toEqual([
        'invoke reserve-inventory #1 succeeded',
      ]);

      const restarted = service.newEngine();
      expect(await restarted.recoverSagas()).toEqual([sagaId]);
      const saga = await service.settle(sagaId, restarted);

      expect(saga.status).toBe('completed');
      expect(stepLog(saga)).toEqual([
        'invoke reserve-inventory #1 succeeded',
        'invoke charge-payment #1 succeeded',
        'invoke create-shipment #1 succeeded',
      ]);
      expect(
        (await service.db('orders').where({ id: orderId }).first()).status,
      ).toBe('confirmed');
      expect(
        await service.db('inventory_reservations').where({ order_id: orderId }),
      ).toHaveLength(1);
      // Nothing is left to recover.
      expect(await service.newEngine().recoverSagas()).toEqual([]);
    });

    it('crashed during a step (effect done, outcome not recorded): the step is re-invoked once, no second effect', async () => {
      const paymentMade = deferred();
      const crashed = deferred<Response>();
      const fetch = interceptingFetch(async (request, forward) => {
        if (request.path === '/payments') {
          await forward(); // the payment happens...
          paymentMade.resolve();
          return crashed.promise; // ...and the process dies before recording it
        }
        return undefined;
      });
      service = await startPlaceOrderService(database, {
        fetch,
        timeoutMs: 60_000,
        leaseTtlMs: 1_000,
      });
      const { orderId, sagaId } = await service.order();
      await paymentMade.promise;

      const before = await service.engine.describe(sagaId);
      expect(stepLog(before!)).toEqual([
        'invoke reserve-inventory #1 succeeded',
        'invoke charge-payment #1 started',
      ]);

      // The process dies: its lease is no longer renewed.
      service.engine.simulateCrash();
      const restarted = service.newEngine({ leaseTtlMs: 1_000 });
      // Until the lease expires, the saga is not taken over.
      expect(await restarted.recoverSagas()).toEqual([]);
      let resumed: string[] = [];
      for (let i = 0; i < 200 && resumed.length === 0; i++) {
        await new Promise(resolve => setTimeout(resolve, 50));
        resumed = await restarted.recoverSagas();
      }
      expect(resumed).toEqual([sagaId]);
      const saga = await service.settle(sagaId, restarted);

      expect(saga.status).toBe('completed');
      expect(stepLog(saga)).toEqual([
        'invoke reserve-inventory #1 succeeded',
        'invoke charge-payment #1 interrupted',
        'invoke charge-payment #2 succeeded',
        'invoke create-shipment #1 succeeded',
      ]);
      const payments = await service
        .db('payments')
        .where({ order_id: orderId });
      expect(payments).toHaveLength(1);
      expect((saga.state as { paymentId: string }).paymentId).toBe(
        payments[0].id,
      );
      expect(
        (await service.outbox()).filter(e => e.type === 'payment.charged'),
      ).toHaveLength(1);

      // The old runner wakes up: its stale outcome is refused (version check).
      crashed.reject(new TypeError('fetch failed'));
      expect(await service.engine.settled(sagaId)).toEqual({
        sagaId,
        status: 'completed',
        halted: true,
      });
      expect(stepLog((await restarted.describe(sagaId))!)).toEqual(
        stepLog(saga),
      );
    });

    it('stopped while compensating: a new engine finishes the compensation', async () => {
      let stopped: Promise<void> | undefined;
      const fetch = interceptingFetch(async (request, forward) => {
        if (request.path.endsWith('/refund')) {
          const response = await forward();
          stopped = service!.engine.stop();
          return response;
        }
        return undefined;
      });
      service = await startPlaceOrderService(database, { fetch });
      const { orderId, sagaId } = await service.order({
        shippingAddress: { ...validOrder.shippingAddress, country: 'AQ' },
      });
      expect(await service.engine.settled(sagaId)).toEqual({
        sagaId,
        status: 'compensating',
        halted: true,
      });
      await stopped;
      expect(
        (
          await service
            .db('inventory_reservations')
            .where({ order_id: orderId })
            .first()
        ).status,
      ).toBe('reserved');

      const restarted = service.newEngine();
      expect(await restarted.recoverSagas()).toEqual([sagaId]);
      const saga = await service.settle(sagaId, restarted);

      expect(saga.status).toBe('compensated');
      expect(stepLog(saga)).toEqual([
        'invoke reserve-inventory #1 succeeded',
        'invoke charge-payment #1 succeeded',
        'invoke create-shipment #1 failed',
        'compensate charge-payment #1 succeeded',
        'compensate reserve-inventory #1 succeeded',
      ]);
      const types = (await service.outbox()).map(e => e.type);
      expect(types.filter(t => t === 'payment.refunded')).toHaveLength(1);
      expect(types.filter(t => t === 'inventory.released')).toHaveLength(1);
      expect(types.slice(-2)).toEqual(['saga.compensated', 'order.cancelled']);
      expect(
        (await service.db('inventory_stock').where({ sku: 'WIDGET' }).first())
          .available,
      ).toBe(1000);
    });
  });
});
