import {
  createIdempotentConsumer,
  InProcessBroker,
  OutboxRelay,
} from '@golden-path/service-chassis';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import {
  applyOrderEvent,
  CUSTOMER_STATS_CONSUMER,
  customerStatsSubjects,
} from '../src/domain/customerStats';
import {
  placeOrderDatabases,
  startPlaceOrderService,
  type PlaceOrderService,
} from './support/placeOrderHarness';

describe('the customer statistics read model (an idempotent consumer)', async () => {
  const databases = await placeOrderDatabases();

  describe.each(databases)('on $name', ({ create }) => {
    let service: PlaceOrderService;
    let broker: InProcessBroker;

    beforeEach(async () => {
      service = await startPlaceOrderService(await create());
      broker = new InProcessBroker();
      await broker.connect();
    });
    afterEach(async () => {
      await broker.close();
      await service.close();
    });

    it('counts placed, confirmed and cancelled orders once each, duplicates included', async () => {
      const { db } = service;
      const consumer = createIdempotentConsumer({
        db,
        broker,
        name: CUSTOMER_STATS_CONSUMER,
        subjects: customerStatsSubjects('orders'),
        handle: (message, trx) => applyOrderEvent(message, trx),
      });
      await consumer.start();
      const confirmed = await service.order();
      const cancelled = await service.order({ paymentMethod: 'declined-card' });
      const other = await service.order({ customerId: 'customer-2' });
      for (const { sagaId } of [confirmed, cancelled, other]) {
        await service.settle(sagaId);
      }
      const relay = new OutboxRelay({ db, broker, eventPrefix: 'orders' });
      while ((await relay.pollOnce()).published > 0);
      // The broker delivers in the background: wait for every order event.
      const orderEvents = Number(
        (
          (await db('outbox')
            .where('event_type', 'like', 'order.%')
            .count({ n: '*' })
            .first()) as { n: number | string }
        ).n,
      );
      for (let waited = 0; ; waited += 20) {
        const seen = (await db('inbox')
          .where({ consumer: CUSTOMER_STATS_CONSUMER })
          .count({ n: '*' })
          .first()) as { n: number | string };
        if (Number(seen.n) === orderEvents) break;
        if (waited > 10_000)
          throw new Error(
            `only ${seen.n} of ${orderEvents} order events were consumed`,
          );
        await new Promise(resolve => setTimeout(resolve, 20));
      }

      const stats = await service.app.inject({
        method: 'GET',
        url: '/customers/customer-1/stats',
      });
      expect(stats.statusCode).toBe(200);
      const order = (await db('orders')
        .where({ id: confirmed.orderId })
        .first('total_cents')) as { total_cents: number };
      expect(stats.json()).toMatchObject({
        customerId: 'customer-1',
        placed: 2,
        confirmed: 1,
        cancelled: 1,
        confirmedCents: Number(order.total_cents),
      });

      // The same order.confirmed again (a redelivery): nothing changes.
      const row = (await db('outbox')
        .where({
          event_type: 'order.confirmed',
          aggregate_id: confirmed.orderId,
        })
        .first()) as { id: string; payload: string };
      const outcome = await consumer.process({
        id: row.id,
        subject: 'orders.order.confirmed',
        body: row.payload,
        headers: { 'event-type': 'order.confirmed' },
        deliveryAttempt: 2,
      });
      expect(outcome).toBe('duplicate');
      const again = await service.app.inject({
        method: 'GET',
        url: '/customers/customer-1/stats',
      });
      expect(again.json().confirmed).toBe(1);
      await consumer.stop();
    });

    it('answers 404 for a customer it has never seen', async () => {
      const response = await service.app.inject({
        method: 'GET',
        url: '/customers/nobody/stats',
      });
      expect(response.statusCode).toBe(404);
      expect(response.json().message).toBe(
        'No orders seen for customer nobody',
      );
    });
  });
});
