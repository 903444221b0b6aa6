import { SpanKind } from '@opentelemetry/api';
import Fastify from 'fastify';
import type { AddressInfo } from 'node:net';
import { randomUUID } from 'node:crypto';
import { afterAll, beforeAll, describe, expect, it, vi } from 'vitest';
import { testRegistry } from './support/outboxFixtures';
import { createIdempotentConsumer } from '../src/messaging/consumer';
import { InProcessBroker } from '../src/messaging/inProcess';
import { Metrics } from '../src/ops/metrics';
import { registerOps } from '../src/ops/plugin';
import { OutboxRelay } from '../src/outbox/relay';
import { KnexUnitOfWork } from '../src/outbox/unitOfWork';
import { PolicyRegistry } from '../src/resilience/policies';
import { instrumentKnex } from '../src/telemetry/knex';
import {
  setupInMemoryTracing,
  type InMemoryTracing,
} from '../src/testing/tracing';
import { currentTraceId } from '../src/telemetry/trace';
import { sqliteDatabase } from './support/infra';

let tracing: InMemoryTracing;
beforeAll(() => {
  tracing = setupInMemoryTracing();
});
afterAll(async () => {
  await tracing.shutdown();
});

describe('one trace from the HTTP request to the consumer', () => {
  it('HTTP request → create span → outbox row → send span (linked) → process span, per the messaging semantic conventions', async () => {
    const database = await sqliteDatabase();
    const { db } = database;
    const removeDbSpans = instrumentKnex(db);
    const broker = new InProcessBroker();
    await broker.connect();
    const metrics = new Metrics({ defaultMetrics: false });
    const app = Fastify({ logger: false });
    const policies = new PolicyRegistry({
      tier: 'standard',
      logger: app.log,
      metrics,
      env: {},
    });
    registerOps(app, { readiness: [], policies, metrics });
    const unitOfWork = new KnexUnitOfWork(db, testRegistry(), {
      eventPrefix: 'orders',
    });
    app.post('/orders', async (_request, reply) => {
      const orderId = randomUUID();
      await unitOfWork.run(({ emit }) =>
        emit({
          type: 'order.placed',
          aggregateType: 'order',
          aggregateId: orderId,
          payload: { orderId, sku: 'SKU-1', quantity: 2 },
        }),
      );
      return reply.code(202).send({ orderId });
    });

    const handled: { traceId: string; subject: string }[] = [];
    const consumer = createIdempotentConsumer({
      db,
      broker,
      name: 'e2e-trace',
      subjects: ['orders.order.*'],
      handle: async message => {
        handled.push({ traceId: currentTraceId(), subject: message.subject });
      },
    });
    await consumer.start();
    const relay = new OutboxRelay({
      db,
      broker,
      eventPrefix: 'orders',
      policy: policies.create('broker'),
    });

    await app.listen({ host: '127.0.0.1', port: 0 });
    try {
      const { port } = app.server.address() as AddressInfo;
      const response = await fetch(`http://127.0.0.1:${port}/orders`, {
        method: 'POST',
      });
      expect(response.status).toBe(202);
      expect((await relay.pollOnce()).published).toBe(1);
      await vi.waitFor(() => expect(handled).toHaveLength(1));
      await vi.waitFor(() => {
        expect(
          tracing.spansNamed('POST /orders', SpanKind.SERVER),
        ).toHaveLength(1);
        expect(tracing.spansNamed(/^process /, SpanKind.CONSUMER)).toHaveLength(
          1,
        );
      });

      const server = tracing.spansNamed('POST /orders', SpanKind.SERVER)[0]!;
      const creates = tracing.spansNamed(/^create /);
      const sends = tracing.spansNamed(/^send /);
      const processes = tracing.spansNamed(/^process /);
      expect(creates.map(s => [s.name, s.kind])).toEqual([
        ['create orders.order.placed', SpanKind.PRODUCER],
      ]);
      expect(sends.map(s => [s.name, s.kind])).toEqual([
        ['send orders.order.placed', SpanKind.PRODUCER],
      ]);
      expect(processes.map(s => [s.name, s.kind])).toEqual([
        ['process orders.order.placed', SpanKind.CONSUMER],
      ]);
      const [create] = creates;
      const [send] = sends;
      const [consume] = processes;
      const traceId = server.spanContext().traceId;
      const creation = create!.spanContext();

      // The message is created in the request's trace.
      expect(creation.traceId).toBe(traceId);
      expect(create!.parentSpanContext?.spanId).toBe(
        server.spanContext().spanId,
      );
      const [row] = await db('outbox').select('id');
      expect(create!.attributes).toEqual({
        'messaging.operation.type': 'create',
        'messaging.operation.name': 'create',
        'messaging.destination.name': 'orders.order.placed',
        'messaging.message.id': row.id,
      });
      // The relay's send belongs to no request: its own trace, linked to the creation.
      expect(send!.parentSpanContext).toBeUndefined();
      expect(send!.spanContext().traceId).not.toBe(traceId);
      expect(
        send!.links.map(l => [l.context.traceId, l.context.spanId]),
      ).toEqual([[traceId, creation.spanId]]);
      expect(send!.attributes).toEqual({
        'messaging.system': 'in-process',
        'messaging.operation.type': 'send',
        'messaging.operation.name': 'send',
        'messaging.destination.name': 'orders.order.placed',
        'messaging.message.id': row.id,
      });
      // The consumer continues from the creation context, across the broker, and links to it.
      expect(consume!.spanContext().traceId).toBe(traceId);
      expect(consume!.parentSpanContext?.spanId).toBe(creation.spanId);
      expect(
        consume!.links.map(l => [l.context.traceId, l.context.spanId]),
      ).toEqual([[traceId, creation.spanId]]);
      expect(consume!.attributes).toMatchObject({
        'messaging.system': 'in-process',
        'messaging.operation.type': 'process',
        'messaging.operation.name': 'process',
        'messaging.destination.name': 'orders.order.placed',
        'messaging.consumer.group.name': 'e2e-trace',
        'messaging.message.id': row.id,
        'messaging.message.delivery_attempt': 1,
      });
      // The handler (and its logs) see the request's trace id.
      expect(handled[0]).toEqual({ traceId, subject: 'orders.order.placed' });

      // Database spans: the outbox insert under the create span, the inbox insert under the consumer.
      const inserts = tracing.spansNamed('INSERT sqlite', SpanKind.CLIENT);
      const insertInto = (table: string) =>
        inserts.find(s =>
          String(s.attributes['db.query.text']).includes(`into \`${table}\``),
        );
      expect(insertInto('outbox')?.parentSpanContext?.spanId).toBe(
        creation.spanId,
      );
      expect(insertInto('inbox')?.parentSpanContext?.spanId).toBe(
        consume!.spanContext().spanId,
      );
      // The relay's polling queries ran outside any span: the only roots are
      // the request and the send.
      const roots = tracing.spans().filter(s => !s.parentSpanContext);
      expect(roots.map(s => s.name).sort()).toEqual([
        'POST /orders',
        'send orders.order.placed',
      ]);
    } finally {
      await app.close();
      await relay.stop();
      await consumer.stop();
      await broker.close();
      removeDbSpans();
      await database.destroy();
    }
  });
});
