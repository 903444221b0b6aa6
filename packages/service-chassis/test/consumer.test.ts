import { SpanKind } from '@opentelemetry/api';
import type { Knex } from 'knex';
import {
  afterAll,
  afterEach,
  beforeAll,
  beforeEach,
  describe,
  expect,
  it,
} from 'vitest';
import {
  createIdempotentConsumer,
  REPLAY_FOR_CONSUMER_HEADER,
} from '../src/messaging/consumer';
import { InProcessBroker } from '../src/messaging/inProcess';
import type { IncomingMessage, OutgoingMessage } from '../src/messaging/types';
import { outboxStats } from '../src/outbox/stats';
import {
  setupInMemoryTracing,
  type InMemoryTracing,
} from '../src/testing/tracing';
import type { TestDatabase } from './support/infra';
import { availableDatabases } from './support/outboxFixtures';

let tracing: InMemoryTracing;
beforeAll(() => {
  tracing = setupInMemoryTracing();
});
afterAll(() => tracing.shutdown());

const message = (id: string, body: object = { n: id }): OutgoingMessage => ({
  id,
  subject: 'orders.order.placed',
  key: 'order-1',
  body: JSON.stringify(body),
  headers: { 'event-type': 'order.placed' },
});

describe('idempotent consumer', async () => {
  const databases = await availableDatabases();
  describe.each(databases)('on $name', ({ create }) => {
    let t: TestDatabase;
    // No broker-side de-duplication: every duplicate reaches the consumer.
    let broker: InProcessBroker;
    beforeEach(async () => {
      t = await create();
      broker = new InProcessBroker({ duplicateWindowMs: 0 });
      await t.db.schema.createTable('side_effects', table => {
        table.increments('id');
        table.string('message_id').notNullable();
      });
      tracing.reset();
    });
    afterEach(async () => {
      await broker.close();
      await t.destroy();
    });

    const sideEffects = async () =>
      (
        (await t
          .db('side_effects')
          .select('message_id')
          .orderBy('id')) as Array<{
          message_id: string;
        }>
      ).map(r => r.message_id);

    const record = async (msg: IncomingMessage, trx: Knex.Transaction) => {
      await trx('side_effects').insert({ message_id: msg.id });
    };

    it('runs the handler once per message id and skips duplicates', async () => {
      const calls: string[] = [];
      const consumer = createIdempotentConsumer({
        db: t.db,
        broker,
        name: 'billing',
        subjects: ['orders.order.*'],
        handle: async (msg, trx) => {
          calls.push(msg.id);
          await record(msg, trx);
        },
      });
      await consumer.start();
      for (const id of ['a', 'b', 'a', 'c', 'b', 'a'])
        await broker.publish(message(id));
      await broker.whenIdle();
      await consumer.stop();
      expect(broker.stats.delivered).toBe(6);
      expect(calls).toEqual(['a', 'b', 'c']);
      expect(await sideEffects()).toEqual(['a', 'b', 'c']);
      const inbox = await t
        .db('inbox')
        .select('consumer', 'message_id', 'subject')
        .orderBy('message_id');
      expect(inbox).toEqual(
        ['a', 'b', 'c'].map(id => ({
          consumer: 'billing',
          message_id: id,
          subject: 'orders.order.placed',
        })),
      );
    });

    it('keeps consumers apart: each has its own inbox entries', async () => {
      const seen: string[] = [];
      const make = (name: string) =>
        createIdempotentConsumer({
          db: t.db,
          broker,
          name,
          subjects: ['orders.>'],
          handle: async msg => {
            seen.push(`${name}:${msg.id}`);
          },
        });
      const a = make('billing');
      const b = make('shipping');
      await a.start();
      await b.start();
      await broker.publish(message('m1'));
      await broker.publish(message('m1'));
      await broker.whenIdle();
      expect(seen.sort()).toEqual(['billing:m1', 'shipping:m1']);
      await a.stop();
      await b.stop();
    });

    it('rolls back the inbox row with the handler and processes the redelivery', async () => {
      const attempts: number[] = [];
      const consumer = createIdempotentConsumer({
        db: t.db,
        broker,
        name: 'billing',
        subjects: ['orders.>'],
        maxAttempts: 5,
        handle: async (msg, trx) => {
          attempts.push(msg.deliveryAttempt);
          await record(msg, trx);
          if (msg.deliveryAttempt < 3) throw new Error('database hiccup');
        },
      });
      await consumer.start();
      await broker.publish(message('x'));
      await broker.whenIdle();
      await consumer.stop();
      expect(attempts).toEqual([1, 2, 3]);
      expect(await sideEffects()).toEqual(['x']);
      expect(await t.db('inbox').count({ n: '*' }).first()).toEqual({ n: 1 });
      expect((await outboxStats(t.db)).deadLetters).toBe(0);
    });

    it('parks a poison message in dead_letter after maxAttempts and goes on with later ones', async () => {
      const calls: Array<[string, number]> = [];
      const consumer = createIdempotentConsumer({
        db: t.db,
        broker,
        name: 'billing',
        subjects: ['orders.>'],
        maxAttempts: 3,
        handle: async (msg, trx) => {
          calls.push([msg.id, msg.deliveryAttempt]);
          const body = JSON.parse(msg.body) as { poison?: boolean };
          if (body.poison) throw new TypeError('cannot read quantity');
          await record(msg, trx);
        },
      });
      await consumer.start();
      await broker.publish(message('ok-1'));
      await broker.publish(message('bad', { poison: true }));
      for (let i = 2; i <= 5; i++) await broker.publish(message(`ok-${i}`));
      await broker.whenIdle();
      await consumer.stop();

      expect(calls.filter(([id]) => id === 'bad').map(([, n]) => n)).toEqual([
        1, 2, 3,
      ]);
      expect(await sideEffects()).toEqual([
        'ok-1',
        'ok-2',
        'ok-3',
        'ok-4',
        'ok-5',
      ]);
      expect(broker.pending('billing')).toBe(0);
      const parked = await t.db('dead_letter').select();
      expect(parked).toHaveLength(1);
      expect(parked[0]).toMatchObject({
        consumer: 'billing',
        message_id: 'bad',
        subject: 'orders.order.placed',
        body: JSON.stringify({ poison: true }),
        error: 'TypeError: cannot read quantity',
        attempts: 3,
      });
      expect(JSON.parse(parked[0].headers)).toEqual({
        'event-type': 'order.placed',
      });
      expect(await outboxStats(t.db)).toMatchObject({ deadLetters: 1 });
    });

    it('writes the inbox row of a parked message with its dead letter: a redelivery is a duplicate, not a fresh attempt', async () => {
      const calls: number[] = [];
      const consumer = createIdempotentConsumer({
        db: t.db,
        broker,
        name: 'billing',
        subjects: ['orders.>'],
        maxAttempts: 2,
        handle: async msg => {
          calls.push(msg.deliveryAttempt);
          throw new Error('poison');
        },
      });
      const bad = {
        id: 'bad',
        subject: 'orders.order.placed',
        body: '{}',
        headers: {},
      };
      await expect(
        consumer.process({ ...bad, deliveryAttempt: 1 }),
      ).rejects.toThrow('poison');
      expect(await consumer.process({ ...bad, deliveryAttempt: 2 })).toBe(
        'parked',
      );
      expect(
        await t.db('inbox').where({ message_id: 'bad' }).first(),
      ).toMatchObject({ consumer: 'billing', subject: 'orders.order.placed' });
      // The broker's redelivery after, say, a lost ack.
      expect(await consumer.process({ ...bad, deliveryAttempt: 3 })).toBe(
        'duplicate',
      );
      expect(calls).toEqual([1, 2]);
      expect(await t.db('dead_letter').count({ n: '*' }).first()).toEqual({
        n: 1,
      });
    });

    it('parks, without running the handler, a message delivered more often than maxAttempts (the process died handling it)', async () => {
      let calls = 0;
      const consumer = createIdempotentConsumer({
        db: t.db,
        broker,
        name: 'billing',
        subjects: ['orders.>'],
        maxAttempts: 3,
        handle: async () => {
          calls++;
        },
      });
      const outcome = await consumer.process({
        id: 'crasher',
        subject: 'orders.order.placed',
        body: '{}',
        headers: {},
        deliveryAttempt: 4,
      });
      expect(outcome).toBe('parked');
      expect(calls).toBe(0);
      const parked = await t.db('dead_letter').first();
      expect(parked).toMatchObject({ message_id: 'crasher', attempts: 4 });
      expect(parked.error).toMatch(/delivered 4 times/);
      expect(
        await t.db('inbox').where({ message_id: 'crasher' }).first(),
      ).toBeDefined();
    });

    it('skips a dead-letter replay meant for another consumer', async () => {
      const calls: string[] = [];
      const consumer = createIdempotentConsumer({
        db: t.db,
        broker,
        name: 'shipping',
        subjects: ['orders.>'],
        handle: async msg => void calls.push(msg.id),
      });
      const replay = {
        id: 'm-1',
        subject: 'orders.order.placed',
        body: '{}',
        deliveryAttempt: 1,
      };
      expect(
        await consumer.process({
          ...replay,
          headers: { [REPLAY_FOR_CONSUMER_HEADER]: 'billing' },
        }),
      ).toBe('duplicate');
      expect(
        await consumer.process({
          ...replay,
          headers: { [REPLAY_FOR_CONSUMER_HEADER]: 'shipping' },
        }),
      ).toBe('processed');
      expect(calls).toEqual(['m-1']);
    });

    it('processes in a CONSUMER `process <destination>` span whose parent and link are the creation context of the headers', async () => {
      const traceId = '4bf92f3577b34da6a3ce929d0e0e4736';
      const createSpanId = '00f067aa0ba902b7';
      const consumer = createIdempotentConsumer({
        db: t.db,
        broker,
        name: 'billing',
        subjects: ['orders.>'],
        handle: async () => undefined,
      });
      const outcome = await consumer.process({
        id: 'traced',
        subject: 'orders.order.placed',
        body: '{}',
        headers: { traceparent: `00-${traceId}-${createSpanId}-01` },
        deliveryAttempt: 2,
      });
      expect(outcome).toBe('processed');
      const spans = tracing.spansNamed(/process/);
      expect(spans.map(s => [s.name, s.kind])).toEqual([
        ['process orders.order.placed', SpanKind.CONSUMER],
      ]);
      const span = spans[0]!;
      expect(span.spanContext().traceId).toBe(traceId);
      expect(span.parentSpanContext?.spanId).toBe(createSpanId);
      expect(span.links).toHaveLength(1);
      expect(span.links[0]!.context).toMatchObject({
        traceId,
        spanId: createSpanId,
        isRemote: true,
      });
      expect(span.attributes).toEqual({
        'messaging.system': 'in-process',
        'messaging.operation.type': 'process',
        'messaging.operation.name': 'process',
        'messaging.destination.name': 'orders.order.placed',
        'messaging.consumer.group.name': 'billing',
        'messaging.message.id': 'traced',
        'messaging.message.delivery_attempt': 2,
        'messaging.outcome': 'processed',
      });
    });

    it('a message without trace headers is processed in a root span without links', async () => {
      const consumer = createIdempotentConsumer({
        db: t.db,
        broker,
        name: 'billing',
        subjects: ['orders.>'],
        handle: async () => undefined,
      });
      expect(
        await consumer.process({
          id: 'untraced',
          subject: 'orders.order.placed',
          body: '{}',
          headers: {},
          deliveryAttempt: 1,
        }),
      ).toBe('processed');
      const [span] = tracing.spansNamed(
        'process orders.order.placed',
        SpanKind.CONSUMER,
      );
      expect(span?.parentSpanContext).toBeUndefined();
      expect(span?.links).toEqual([]);
    });
  });
});
