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
  it('HTTP request → outbox row → relay publish → consumer, with parent links all the way', async () => {
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
    const unitOfWork = new KnexUnitOfWork(db, testRegistry());
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
        expect(tracing.spansNamed(/ process$/, SpanKind.CONSUMER)).toHaveLength(
          1,
        );
      });

      const server = tracing.spansNamed('POST /orders', SpanKind.SERVER)[0]!;
      const [publish] = tracing.spansNamed(
        'outbox publish order.placed',
        SpanKind.PRODUCER,
      );
      const [consume] = tracing.spansNamed(
        'orders.order.placed process',
        SpanKind.CONSUMER,
      );
      const traceId = server.spanContext().traceId;
      expect(publish, 'the relay made a PRODUCER span').toBeDefined();
      expect(consume, 'the consumer made a CONSUMER span').toBeDefined();

      // The relay ran outside the request, yet continues its trace from the row's headers.
      expect(publish!.spanContext().traceId).toBe(traceId);
      expect(publish!.parentSpanContext?.spanId).toBe(
        server.spanContext().spanId,
      );
      // The consumer continues from the publish span, across the broker.
      expect(consume!.spanContext().traceId).toBe(traceId);
      expect(consume!.parentSpanContext?.spanId).toBe(
        publish!.spanContext().spanId,
      );
      // The handler (and its logs) see the same trace id.
      expect(handled[0]).toEqual({ traceId, subject: 'orders.order.placed' });

      // Database spans: the outbox insert under the request, the inbox insert under the consumer.
      const inserts = tracing.spansNamed('INSERT sqlite', SpanKind.CLIENT);
      const insertInto = (table: string) =>
        inserts.find(s =>
          String(s.attributes['db.query.text']).includes(`into \`${table}\``),
        );
      expect(insertInto('outbox')?.parentSpanContext?.spanId).toBe(
        server.spanContext().spanId,
      );
      expect(insertInto('inbox')?.parentSpanContext?.spanId).toBe(
        consume!.spanContext().spanId,
      );
      // The relay's polling queries ran outside any span: no stray root traces.
      const roots = tracing.spans().filter(s => !s.parentSpanContext);
      expect(roots.map(s => s.name)).toEqual(['POST /orders']);
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
