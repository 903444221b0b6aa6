import { SpanKind } from '@opentelemetry/api';
import {
  afterAll,
  afterEach,
  beforeAll,
  beforeEach,
  describe,
  expect,
  it,
} from 'vitest';
import { InProcessBroker } from '../src/messaging/inProcess';
import type { OutgoingMessage } from '../src/messaging/types';
import { backoffDelay, OutboxRelay } from '../src/outbox/relay';
import { KnexUnitOfWork } from '../src/outbox/unitOfWork';
import { withSpan } from '../src/telemetry/trace';
import {
  setupInMemoryTracing,
  type InMemoryTracing,
} from '../src/testing/tracing';
import type { TestDatabase } from './support/infra';
import {
  availableDatabases,
  countBy,
  CountingPolicy,
  RecordingBroker,
  testRegistry,
  writeEvents,
} from './support/outboxFixtures';

let tracing: InMemoryTracing;
beforeAll(() => {
  tracing = setupInMemoryTracing();
});
afterAll(() => tracing.shutdown());

describe('backoffDelay', () => {
  it('doubles from the base up to the maximum', () => {
    expect([1, 2, 3, 4, 5].map(n => backoffDelay(n, 100, 1000))).toEqual([
      100, 200, 400, 800, 1000,
    ]);
    expect(backoffDelay(200, 100, 1000)).toBe(1000);
  });
});

describe('OutboxRelay', async () => {
  const databases = await availableDatabases();
  describe.each(databases)('on $name', ({ name, create }) => {
    let t: TestDatabase;
    let inner: InProcessBroker;
    let broker: RecordingBroker;
    let clock: number;
    const now = () => clock;

    beforeEach(async () => {
      t = await create();
      inner = new InProcessBroker();
      broker = new RecordingBroker(inner);
      clock = 1_000_000;
      tracing.reset();
    });
    afterEach(async () => {
      await broker.close();
      await t.destroy();
    });

    const relay = (
      options: Partial<ConstructorParameters<typeof OutboxRelay>[0]> = {},
    ) =>
      new OutboxRelay({
        db: t.db,
        broker,
        eventPrefix: 'orders',
        now,
        backoff: { baseMs: 1000, maxMs: 60_000 },
        ...options,
      });

    const published = async () =>
      Number(
        (
          (await t
            .db('outbox')
            .whereNotNull('published_at')
            .count({ n: '*' })
            .first()) as {
            n: number | string;
          }
        ).n,
      );

    it('publishes each row once with its message shape and marks it published', async () => {
      const ids = await writeEvents(t.db, 5, 2, now);
      const policy = new CountingPolicy();
      const result = await relay({ policy }).pollOnce();
      expect(result).toEqual({ published: 5, failed: 0, refused: 0 });
      expect(policy.calls).toBe(5);
      expect([...countBy(broker.delivered, m => m.id).values()]).toEqual([
        1, 1, 1, 1, 1,
      ]);
      expect(new Set(broker.delivered.map(m => m.id))).toEqual(new Set(ids));

      const first = broker.delivered.find(m => m.id === ids[0])!;
      expect(first).toMatchObject({
        id: ids[0],
        subject: 'orders.order.placed',
        key: 'order-0',
        headers: {
          'event-type': 'order.placed',
          'aggregate-type': 'order',
          'aggregate-id': 'order-0',
          'idempotency-key': ids[0],
        },
      });
      expect(JSON.parse(first.body)).toEqual({
        orderId: 'order-0',
        sku: 'sku-0',
        quantity: 1,
      });
      const rows = await t.db('outbox').select('published_at', 'attempts');
      expect(
        rows.every(r => Number(r.published_at) === clock && r.attempts === 0),
      ).toBe(true);
      expect(await relay().pollOnce()).toEqual({
        published: 0,
        failed: 0,
        refused: 0,
      });
    });

    it('keeps the order within each aggregate across batches', async () => {
      const ids = await writeEvents(t.db, 23, 4, now);
      const r = relay({ batchSize: 5, concurrency: 8 });
      let total = 0;
      for (let i = 0; i < 10 && total < 23; i++)
        total += (await r.pollOnce()).published;
      expect(total).toBe(23);
      const order = new Map(ids.map((id, i) => [id, i]));
      for (const key of new Set(broker.delivered.map(m => m.key))) {
        const positions = broker.delivered
          .filter(m => m.key === key)
          .map(m => order.get(m.id)!);
        expect(positions).toEqual([...positions].sort((a, b) => a - b));
      }
      expect(broker.delivered).toHaveLength(23);
    });

    it('publishes aggregates concurrently but one message of an aggregate at a time', async () => {
      await writeEvents(t.db, 40, 8, now);
      const inFlight = new Map<string, number>();
      let maxPerAggregate = 0;
      let maxTotal = 0;
      let total = 0;
      const slowBroker = new RecordingBroker(inner);
      slowBroker.publish = async (message: OutgoingMessage) => {
        inFlight.set(message.key, (inFlight.get(message.key) ?? 0) + 1);
        total++;
        maxPerAggregate = Math.max(maxPerAggregate, inFlight.get(message.key)!);
        maxTotal = Math.max(maxTotal, total);
        await new Promise(resolve => setImmediate(resolve));
        inFlight.set(message.key, inFlight.get(message.key)! - 1);
        total--;
        slowBroker.delivered.push(message);
      };
      const result = await relay({
        broker: slowBroker,
        batchSize: 40,
        concurrency: 4,
      }).pollOnce();
      expect(result).toEqual({ published: 40, failed: 0, refused: 0 });
      expect(maxPerAggregate).toBe(1);
      expect(maxTotal).toBe(4);
    });

    it('holds back the later rows of an aggregate while an earlier one fails, with exponential backoff', async () => {
      const ids = await writeEvents(t.db, 6, 2, now); // order-0: ids 0,2,4; order-1: ids 1,3,5
      const poisoned = ids[2]!;
      let failing = true;
      broker.failWhen = m =>
        failing && m.id === poisoned ? 'before' : undefined;
      const r = relay();

      expect(await r.pollOnce()).toEqual({
        published: 4,
        failed: 1,
        refused: 0,
      });
      expect(broker.delivered.map(m => m.id)).toEqual(
        expect.arrayContaining([ids[0], ids[1], ids[3], ids[5]]),
      );
      expect(broker.delivered.map(m => m.id)).not.toContain(ids[4]);
      let row = await t.db('outbox').where({ id: poisoned }).first();
      expect(row).toMatchObject({ attempts: 1, published_at: null });
      expect(Number(row.next_attempt_at)).toBe(clock + 1000);
      expect(row.last_error).toBe(`simulated failure before ${poisoned}`);

      // Not due yet: nothing happens, and the later row still waits.
      clock += 999;
      expect(await r.pollOnce()).toEqual({
        published: 0,
        failed: 0,
        refused: 0,
      });

      clock += 1;
      expect(await r.pollOnce()).toEqual({
        published: 0,
        failed: 1,
        refused: 0,
      });
      row = await t.db('outbox').where({ id: poisoned }).first();
      expect(row.attempts).toBe(2);
      expect(Number(row.next_attempt_at)).toBe(clock + 2000);

      clock += 2000;
      expect(await r.pollOnce()).toEqual({
        published: 0,
        failed: 1,
        refused: 0,
      });
      row = await t.db('outbox').where({ id: poisoned }).first();
      expect(row.attempts).toBe(3);
      expect(Number(row.next_attempt_at)).toBe(clock + 4000);

      failing = false;
      clock += 4000;
      expect(await r.pollOnce()).toEqual({
        published: 2,
        failed: 0,
        refused: 0,
      });
      const order0 = broker.delivered
        .filter(m => m.key === 'order-0')
        .map(m => m.id);
      expect(order0).toEqual([ids[0], ids[2], ids[4]]);
      expect(await published()).toBe(6);
    });

    it('sends each row in a PRODUCER `send <destination>` span: a new root linked to the creation context, which the message keeps carrying', async () => {
      const uow = new KnexUnitOfWork(t.db, testRegistry(), {
        now,
        eventPrefix: 'orders',
      });
      const request = await withSpan('POST /orders', {}, async span => {
        await uow.run(({ emit }) =>
          emit({
            type: 'order.placed',
            aggregateType: 'order',
            aggregateId: 'o-1',
            payload: { orderId: 'o-1', sku: 's', quantity: 1 },
          }),
        );
        return span.spanContext();
      });
      const [row] = await t.db('outbox').select('id');
      // Even polled inside some span, the relay's work belongs to no request.
      await withSpan('unrelated', {}, () => relay().pollOnce());

      const [create] = tracing.spansNamed(
        'create orders.order.placed',
        SpanKind.PRODUCER,
      );
      const sends = tracing.spansNamed(/^send /);
      expect(create).toBeDefined();
      expect(sends.map(s => [s.name, s.kind])).toEqual([
        ['send orders.order.placed', SpanKind.PRODUCER],
      ]);
      const send = sends[0]!;
      expect(send.attributes).toEqual({
        'messaging.system': 'in-process',
        'messaging.operation.type': 'send',
        'messaging.operation.name': 'send',
        'messaging.destination.name': 'orders.order.placed',
        'messaging.message.id': row.id,
      });
      // Not in the request's trace: a root, with one link to the creation.
      expect(send.parentSpanContext).toBeUndefined();
      expect(send.spanContext().traceId).not.toBe(request.traceId);
      expect(send.links).toHaveLength(1);
      expect(send.links[0]!.context).toMatchObject({
        traceId: request.traceId,
        spanId: create!.spanContext().spanId,
      });
      // The message carries the creation context, not the send span's.
      expect(broker.delivered[0]!.headers.traceparent).toBe(
        `00-${request.traceId}-${create!.spanContext().spanId}-01`,
      );
    });

    it('a row without a creation context is sent in an unlinked root span, whose context the message carries', async () => {
      await t.db('outbox').insert({
        id: 'legacy-1',
        aggregate_type: 'order',
        aggregate_id: 'o-1',
        event_type: 'order.placed',
        payload: '{}',
        headers: '{}',
        created_at: clock,
        next_attempt_at: clock,
        attempts: 0,
      });
      expect((await relay().pollOnce()).published).toBe(1);
      const [send] = tracing.spansNamed(
        'send orders.order.placed',
        SpanKind.PRODUCER,
      );
      expect(send?.parentSpanContext).toBeUndefined();
      expect(send?.links).toEqual([]);
      expect(send?.attributes['messaging.message.id']).toBe('legacy-1');
      expect(broker.delivered[0]!.headers.traceparent).toBe(
        `00-${send!.spanContext().traceId}-${send!.spanContext().spanId}-01`,
      );
    });

    it('stop() waits for the batch in flight to be published and marked', async () => {
      await writeEvents(t.db, 1, 1, now);
      let release!: () => void;
      let publishing!: () => void;
      const started = new Promise<void>(resolve => (publishing = resolve));
      const gate = new Promise<void>(resolve => (release = resolve));
      const blocked = new RecordingBroker(inner);
      blocked.publish = async message => {
        publishing();
        await gate;
        blocked.delivered.push(message);
      };
      const r = relay({ broker: blocked, pollIntervalMs: 5 });
      r.start();
      await started;
      let stopped = false;
      const stopping = r.stop().then(() => (stopped = true));
      await new Promise(resolve => setImmediate(resolve));
      expect(stopped).toBe(false);
      release();
      await stopping;
      expect(blocked.delivered).toHaveLength(1);
      expect(await published()).toBe(1);
    });

    it('start() keeps draining until stopped', async () => {
      const r = relay({ pollIntervalMs: 5, batchSize: 3, now: Date.now });
      let seen = 0;
      let done!: () => void;
      const allSeen = new Promise<void>(resolve => (done = resolve));
      await inner.subscribe(
        ['orders.>'],
        async () => {
          if (++seen === 10) done();
        },
        { durableName: 'watcher' },
      );
      r.start();
      await writeEvents(t.db, 10, 3);
      await allSeen;
      await r.stop();
      expect(await published()).toBe(10);
      expect(seen).toBe(10);
    });

    if (name === 'postgres') {
      it('marks rows published in a durable commit (never synchronous_commit = off)', async () => {
        await writeEvents(t.db, 3, 3, now);
        const statements: string[] = [];
        const record = (query: { sql: string }) => statements.push(query.sql);
        t.db.on('query', record);
        try {
          expect(await relay().pollOnce()).toEqual({
            published: 3,
            failed: 0,
            refused: 0,
          });
        } finally {
          t.db.off('query', record);
        }
        expect(statements.some(s => /update "outbox"/i.test(s))).toBe(true);
        // A mark lost in a crash after the commit was acknowledged republishes
        // its row after the broker's de-duplication window: a duplicate, out
        // of order. The mark must be as durable as any other commit.
        expect(statements.filter(s => /synchronous_commit/i.test(s))).toEqual(
          [],
        );
        const { rows } = (await t.db.raw('SHOW synchronous_commit')) as {
          rows: Array<{ synchronous_commit: string }>;
        };
        expect(rows[0]?.synchronous_commit).toBe('on');
      });
    }

    if (name === 'sqlite') {
      it('lets one replica at a time publish, through an expiring lease', async () => {
        await writeEvents(t.db, 4, 4, now);
        const a = relay({ lease: { owner: 'a', ttlMs: 10_000 }, batchSize: 2 });
        const b = relay({ lease: { owner: 'b', ttlMs: 10_000 }, batchSize: 2 });
        expect(await a.pollOnce()).toEqual({
          published: 2,
          failed: 0,
          refused: 0,
        });
        expect(await b.pollOnce()).toEqual({
          published: 0,
          failed: 0,
          refused: 0,
        });
        // a "crashes" (never polls again): its lease runs out and b takes over.
        clock += 9_999;
        expect(await b.pollOnce()).toEqual({
          published: 0,
          failed: 0,
          refused: 0,
        });
        clock += 1;
        expect(await b.pollOnce()).toEqual({
          published: 2,
          failed: 0,
          refused: 0,
        });
        expect(await t.db('relay_lease').select()).toEqual([
          { name: 'outbox-relay', owner: 'b', expires_at: clock + 10_000 },
        ]);
        expect(await a.pollOnce()).toEqual({
          published: 0,
          failed: 0,
          refused: 0,
        });
        // A stopped replica hands the lease back at once.
        await b.stop();
        await writeEvents(t.db, 1, 1, now);
        expect(await a.pollOnce()).toEqual({
          published: 1,
          failed: 0,
          refused: 0,
        });
        expect(
          [...countBy(broker.delivered, m => m.id).values()].every(
            n => n === 1,
          ),
        ).toBe(true);
      });
    }
  });
});
