import pino from 'pino';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import {
  breakersCheck,
  brokerCheck,
  createIdempotentConsumer,
  databaseCheck,
  InProcessBroker,
  OutboxRelay,
  outboxStats,
  PolicyRegistry,
  runChecks,
} from '@golden-path/service-chassis';
import {
  placeOrderDatabases,
  startPlaceOrderService,
  type PlaceOrderService,
} from './support/placeOrderHarness';
import { RecordingBroker } from '@golden-path/service-chassis/testing';

/**
 * The broker-down story of the issue with the real pieces: PlaceOrder
 * requests keep succeeding while the broker is down, the outbox grows, the
 * broker's real circuit breaker (cockatiel, from PolicyRegistry) opens and
 * then sheds the relay's calls without touching the broker, readiness reports
 * it as degraded; once the broker is back the breaker half-opens, closes and
 * every event is delivered and processed exactly once.
 */
describe('broker down with the real circuit breaker', async () => {
  const databases = await placeOrderDatabases();
  describe.each(databases)('on $name', ({ create }) => {
    let service: PlaceOrderService;
    let inner: InProcessBroker;
    let broker: RecordingBroker;
    let clock: number;

    beforeEach(async () => {
      service = await startPlaceOrderService(await create());
      inner = new InProcessBroker({ duplicateWindowMs: 0 });
      broker = new RecordingBroker(inner);
      clock = Date.now();
    });
    afterEach(async () => {
      await inner.close();
      await service.close();
    });

    it('requests succeed, the outbox grows, the breaker opens and sheds load, then everything drains once', async () => {
      const { db } = service;
      await db.schema.createTable('side_effects', t => {
        t.increments('id');
        t.string('message_id').notNullable();
      });
      const consumer = createIdempotentConsumer({
        db,
        broker,
        name: 'projection',
        subjects: ['orders.>'],
        maxAttempts: 3,
        handle: async (message, trx) => {
          await trx('side_effects').insert({ message_id: message.id });
        },
      });
      await consumer.start();

      const policies = new PolicyRegistry({
        tier: 'standard',
        logger: pino({ level: 'silent' }),
        env: {},
      });
      const policy = policies.create('broker', {
        settings: { retries: 0, breakerThreshold: 3, halfOpenAfterMs: 50 },
      });
      const relay = new OutboxRelay({
        db,
        broker,
        eventPrefix: 'orders',
        policy,
        // One row per poll: the breaker's counting is then exact.
        batchSize: 1,
        backoff: { baseMs: 1, maxMs: 1 },
        now: () => clock,
      });

      inner.setAvailable(false);
      const orders = [];
      for (let i = 0; i < 3; i++) {
        const { sagaId } = await service.order();
        orders.push(await service.settle(sagaId));
      }
      // The requests did not need the broker.
      expect(orders.map(o => o.status)).toEqual([
        'completed',
        'completed',
        'completed',
      ]);
      const written = Number((await db('outbox').count({ n: '*' }).first())?.n);
      expect(written).toBeGreaterThan(3);
      expect((await outboxStats(db)).pending).toBe(written);

      // The relay's clock (backoff, lease) starts after the rows were written.
      clock = Date.now() + 1_000;
      // Three failed publishes open the breaker...
      for (let i = 0; i < 3; i++) {
        clock += 10;
        expect(await relay.pollOnce()).toEqual({
          published: 0,
          failed: 1,
          refused: 0,
        });
      }
      expect(policy.breakerState()).toBe('open');
      expect(broker.attempts).toHaveLength(3);
      // ...which then refuses calls without touching the broker; a refusal
      // of our own breaker is not an attempt: the row stays due, no backoff.
      const attemptsBefore = await db('outbox').sum({ n: 'attempts' }).first();
      clock += 10;
      expect(await relay.pollOnce()).toEqual({
        published: 0,
        failed: 0,
        refused: 1,
      });
      expect(broker.attempts).toHaveLength(3);
      expect(await db('outbox').sum({ n: 'attempts' }).first()).toEqual(
        attemptsBefore,
      );

      const readiness = await runChecks(
        [
          databaseCheck(db),
          brokerCheck(inner),
          breakersCheck(() => policies.list()),
        ],
        1_000,
      );
      expect(readiness.ok).toBe(true);
      expect(readiness.degraded).toBe(true);
      expect(readiness.checks.filter(c => !c.ok).map(c => c.name)).toEqual([
        'broker',
        'circuit-breakers',
      ]);

      // Writes go on while the breaker is open.
      const { sagaId } = await service.order();
      expect((await service.settle(sagaId)).status).toBe('completed');
      clock = Math.max(clock, Date.now()) + 1_000;
      const total = Number((await db('outbox').count({ n: '*' }).first())?.n);
      expect(total).toBeGreaterThan(written);
      expect((await outboxStats(db)).pending).toBe(total);

      // The broker comes back; after halfOpenAfterMs one trial call closes the breaker.
      inner.setAvailable(true);
      await new Promise(resolve => setTimeout(resolve, 80));
      for (let polls = 0; (await outboxStats(db)).pending > 0; polls++) {
        if (polls > total * 3) throw new Error('outbox did not drain');
        clock += 10;
        await relay.pollOnce();
      }
      expect(policy.breakerState()).toBe('closed');
      await inner.whenIdle();
      await consumer.stop();

      expect(broker.delivered).toHaveLength(total);
      expect(new Set(broker.delivered.map(m => m.id)).size).toBe(total);
      expect(
        Number((await db('side_effects').count({ n: '*' }).first())?.n),
      ).toBe(total);
    });
  });
});
