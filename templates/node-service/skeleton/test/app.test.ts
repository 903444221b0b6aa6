import type { InjectOptions } from 'fastify';
import { Writable } from 'node:stream';
import pino from 'pino';
import {
  afterAll,
  afterEach,
  beforeAll,
  beforeEach,
  describe,
  expect,
  it,
} from 'vitest';
import { buildApp } from '../src/app';
import { events } from '../src/events/catalog';
import {
  createLogger,
  KnexUnitOfWork,
  SagaEngine,
  withSpan,
} from '@golden-path/service-chassis';
import {
  type InMemoryTracing,
  setupInMemoryTracing,
  type TestDatabase,
} from '@golden-path/service-chassis/testing';
import {
  placeOrderDatabases,
  startPlaceOrderService,
  validOrder,
  type PlaceOrderService,
} from './support/placeOrderHarness';

describe('logger', () => {
  let tracing: InMemoryTracing;
  beforeAll(() => {
    tracing = setupInMemoryTracing();
  });
  afterAll(async () => {
    await tracing.shutdown();
  });

  it('puts the active trace id (and span id) in every line, none outside a trace', async () => {
    const lines: Array<Record<string, unknown>> = [];
    const sink = new Writable({
      write(chunk, _encoding, done) {
        lines.push(JSON.parse(String(chunk)));
        done();
      },
    });
    const logger = createLogger({ serviceName: 'orders', level: 'info' }, sink);
    const ids = await withSpan('work', {}, async span => {
      logger.info('inside');
      logger.child({ component: 'x' }).warn('inside, child logger');
      return span.spanContext();
    });
    logger.info('outside');
    expect(lines.map(l => [l.msg, l.service, l.traceId, l.spanId])).toEqual([
      ['inside', 'orders', ids.traceId, ids.spanId],
      ['inside, child logger', 'orders', ids.traceId, ids.spanId],
      ['outside', 'orders', undefined, undefined],
    ]);
  });
});

describe('HTTP API', async () => {
  const databases = await placeOrderDatabases();

  describe.each(databases)('on $name', ({ create }) => {
    let database: TestDatabase;
    let service: PlaceOrderService;

    beforeEach(async () => {
      database = await create();
      service = await startPlaceOrderService(database);
    });
    afterEach(async () => {
      await service.close();
    });

    const inject = (options: InjectOptions | string) =>
      service.app.inject(options);
    const outboxTypes = async () => (await service.outbox()).map(e => e.type);

    describe('validation and errors', () => {
      it('POST /orders with a bad body: 400 listing every zod issue, nothing written', async () => {
        const response = await inject({
          method: 'POST',
          url: '/orders',
          payload: {
            customerId: '',
            items: [{ sku: 'WIDGET', quantity: 0 }],
            shippingAddress: {
              ...validOrder.shippingAddress,
              country: 'Germany',
            },
          },
        });
        expect(response.statusCode).toBe(400);
        const body = response.json();
        expect(body.error).toBe('Bad Request');
        expect(body.issues.map((i: { path: unknown[] }) => i.path)).toEqual([
          ['customerId'],
          ['items', 0, 'quantity'],
          ['paymentMethod'],
          ['shippingAddress', 'country'],
        ]);
        expect(body.issues[3].message).toBe(
          'must be an ISO 3166-1 alpha-2 code such as DE',
        );
        expect(await service.db('orders')).toHaveLength(0);
        expect(await service.db('outbox')).toHaveLength(0);
      });

      it('malformed JSON: 400 in the same shape', async () => {
        const response = await inject({
          method: 'POST',
          url: '/orders',
          headers: { 'content-type': 'application/json' },
          payload: '{"customerId": ',
        });
        expect(response.statusCode).toBe(400);
        expect(response.json()).toMatchObject({
          error: 'Bad Request',
          issues: [{ path: [], message: expect.stringMatching(/JSON/i) }],
        });
      });

      it('participants require an Idempotency-Key and a valid body', async () => {
        const noKey = await inject({
          method: 'POST',
          url: '/payments',
          payload: { orderId: 'o-1', amountCents: 100, method: 'visa' },
        });
        expect(noKey.statusCode).toBe(400);
        expect(noKey.json().issues).toEqual([
          {
            path: ['idempotency-key'],
            message: 'the Idempotency-Key header is required',
          },
        ]);
        const badBody = await inject({
          method: 'POST',
          url: '/inventory/reservations',
          headers: { 'idempotency-key': 'k-1' },
          payload: { orderId: 'o-1', items: [] },
        });
        expect(badBody.statusCode).toBe(400);
        expect(badBody.json().issues).toEqual([
          { path: ['items'], message: expect.stringMatching(/>=1 items/) },
        ]);
        expect(await service.db('idempotency_keys')).toHaveLength(0);
      });

      it('unknown routes and ids: 404 JSON', async () => {
        expect((await inject({ url: '/nope' })).json()).toEqual({
          error: 'Not Found',
          message: 'No route for GET /nope',
        });
        const order = await inject({ url: '/orders/does-not-exist' });
        expect(order.statusCode).toBe(404);
        expect(order.json()).toEqual({
          error: 'Not Found',
          message: 'order does-not-exist does not exist',
        });
      });

      it('an unexpected error: 500 without internals', async () => {
        // A fresh app (not listening yet) with one more route that fails.
        const uow = new KnexUnitOfWork(database.db, events);
        const placeOrder = service.placeOrder;
        const app = buildApp({
          logger: pino({ level: 'silent' }),
          db: database.db,
          uow,
          sagas: new SagaEngine({
            db: database.db,
            uow,
            sagas: [placeOrder],
            logger: pino({ level: 'silent' }),
          }),
          placeOrder,
        });
        try {
          app.get('/explode', async () => {
            throw new Error('password=hunter2 at db.internal');
          });
          const response = await app.inject({ url: '/explode' });
          expect(response.statusCode).toBe(500);
          expect(response.body).not.toMatch(/hunter2|stack|at /);
          expect(response.json()).toEqual({
            error: 'Internal Server Error',
            message: expect.stringMatching(
              /^Something went wrong; quote request id \S+ when reporting it$/,
            ),
          });
        } finally {
          await app.close();
        }
      });
    });

    describe('idempotent participants', () => {
      const charge = (key: string, body: Record<string, unknown> = {}) =>
        inject({
          method: 'POST',
          url: '/payments',
          headers: { 'idempotency-key': key },
          payload: {
            orderId: 'o-1',
            amountCents: 1234,
            method: 'visa',
            ...body,
          },
        });

      it('POST /payments twice with one key: the first answer, one payment, one event', async () => {
        const first = await charge('pay-1');
        const second = await charge('pay-1');
        expect(first.statusCode).toBe(201);
        expect(second.statusCode).toBe(201);
        expect(second.json()).toEqual(first.json());
        expect([
          first.headers['idempotent-replayed'],
          second.headers['idempotent-replayed'],
        ]).toEqual(['false', 'true']);
        expect(await service.db('payments')).toHaveLength(1);
        expect(await outboxTypes()).toEqual(['payment.charged']);
        // Another key is another payment.
        expect((await charge('pay-2')).json().id).not.toBe(first.json().id);
      });

      it('concurrent requests with one key make one payment', async () => {
        const answers = await Promise.all(
          Array.from({ length: 5 }, () => charge('pay-race')),
        );
        expect(new Set(answers.map(a => a.statusCode))).toEqual(new Set([201]));
        expect(new Set(answers.map(a => a.json().id)).size).toBe(1);
        expect(await service.db('payments')).toHaveLength(1);
        expect(await outboxTypes()).toEqual(['payment.charged']);
      });

      it('the same key with another body is refused (422)', async () => {
        await charge('pay-1');
        const other = await charge('pay-1', { amountCents: 1 });
        expect(other.statusCode).toBe(422);
        expect(other.json().message).toBe(
          "Idempotency-Key 'pay-1' was already used with a different request",
        );
      });

      it('a declined charge (declined-card) is answered 402 and replayed as such', async () => {
        const first = await charge('pay-d', { method: 'declined-card' });
        const second = await charge('pay-d', { method: 'declined-card' });
        expect(first.statusCode).toBe(402);
        expect(second.statusCode).toBe(402);
        expect(second.json()).toEqual(first.json());
        expect(first.json()).toMatchObject({
          error: 'Payment Required',
          reason: 'card_declined',
        });
        expect(await service.db('payments')).toHaveLength(0);
        expect(await outboxTypes()).toEqual([]);
      });

      it('reserve twice with one key, release twice: stock moves once each way', async () => {
        await inject({
          method: 'PUT',
          url: '/inventory/stock/BOLT',
          payload: { available: 10, priceCents: 5 },
        });
        const reserve = () =>
          inject({
            method: 'POST',
            url: '/inventory/reservations',
            headers: { 'idempotency-key': 'res-1' },
            payload: {
              orderId: 'o-1',
              items: [
                { sku: 'BOLT', quantity: 3 },
                { sku: 'BOLT', quantity: 1 },
              ],
            },
          });
        const first = await reserve();
        const second = await reserve();
        expect(first.statusCode).toBe(201);
        expect(second.json()).toEqual(first.json());
        expect(first.json()).toMatchObject({
          status: 'reserved',
          items: [{ sku: 'BOLT', quantity: 4, unitPriceCents: 5 }],
          totalCents: 20,
        });
        const stock = async () =>
          (await inject({ url: '/inventory/stock/BOLT' })).json().available;
        expect(await stock()).toBe(6);

        const id = first.json().id;
        const release1 = await inject({
          method: 'DELETE',
          url: `/inventory/reservations/${id}`,
        });
        const release2 = await inject({
          method: 'DELETE',
          url: `/inventory/reservations/${id}`,
        });
        expect(release1.statusCode).toBe(200);
        expect(release2.json()).toEqual(release1.json());
        expect(release1.json().status).toBe('released');
        expect(await stock()).toBe(10);
        expect(await outboxTypes()).toEqual([
          'inventory.reserved',
          'inventory.released',
        ]);
        expect(
          (
            await inject({
              method: 'DELETE',
              url: '/inventory/reservations/nope',
            })
          ).statusCode,
        ).toBe(404);
      });

      it('not enough stock: 409 with the shortage, nothing reserved', async () => {
        await inject({
          method: 'PUT',
          url: '/inventory/stock/BOLT',
          payload: { available: 2, priceCents: 5 },
        });
        const response = await inject({
          method: 'POST',
          url: '/inventory/reservations',
          headers: { 'idempotency-key': 'res-short' },
          payload: {
            orderId: 'o-1',
            items: [
              { sku: 'WIDGET', quantity: 1 },
              { sku: 'BOLT', quantity: 3 },
            ],
          },
        });
        expect(response.statusCode).toBe(409);
        expect(response.json().shortages).toEqual([
          { sku: 'BOLT', requested: 3, available: 2 },
        ]);
        expect(
          (await inject({ url: '/inventory/stock/WIDGET' })).json().available,
        ).toBe(1000);
        expect(await service.db('inventory_reservations')).toHaveLength(0);
      });

      it('refund twice: one refund, the same answer', async () => {
        const payment = (await charge('pay-r')).json();
        const refund1 = await inject({
          method: 'POST',
          url: `/payments/${payment.id}/refund`,
        });
        const refund2 = await inject({
          method: 'POST',
          url: `/payments/${payment.id}/refund`,
        });
        expect(refund1.statusCode).toBe(200);
        expect(refund2.json()).toEqual(refund1.json());
        expect(refund1.json()).toMatchObject({
          id: payment.id,
          status: 'refunded',
        });
        expect(await outboxTypes()).toEqual([
          'payment.charged',
          'payment.refunded',
        ]);
      });

      it('POST /shipments twice with one key: one shipment; AQ is refused', async () => {
        const ship = (key: string, country: string) =>
          inject({
            method: 'POST',
            url: '/shipments',
            headers: { 'idempotency-key': key },
            payload: {
              orderId: 'o-1',
              address: { ...validOrder.shippingAddress, country },
              items: [{ sku: 'WIDGET', quantity: 1 }],
            },
          });
        const first = await ship('ship-1', 'FR');
        expect((await ship('ship-1', 'FR')).json()).toEqual(first.json());
        expect(await service.db('shipments')).toHaveLength(1);
        const refused = await ship('ship-2', 'AQ');
        expect(refused.statusCode).toBe(422);
        expect(refused.json().message).toBe('we do not ship to AQ');
        expect(await outboxTypes()).toEqual(['shipment.created']);
      });
    });
  });
});
