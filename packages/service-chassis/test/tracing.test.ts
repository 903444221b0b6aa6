import { ROOT_CONTEXT, SpanKind, SpanStatusCode } from '@opentelemetry/api';
import { SamplingDecision } from '@opentelemetry/sdk-trace';
import Fastify from 'fastify';
import type { Knex } from 'knex';
import type { AddressInfo } from 'node:net';
import {
  afterAll,
  afterEach,
  beforeAll,
  describe,
  expect,
  it,
  vi,
} from 'vitest';
import { Metrics } from '../src/ops/metrics';
import { registerOps, type AnyFastifyInstance } from '../src/ops/plugin';
import { PolicyRegistry } from '../src/resilience/policies';
import { instrumentKnex } from '../src/telemetry/knex';
import { samplerFromEnv } from '../src/telemetry/sdk';
import {
  setupInMemoryTracing,
  type InMemoryTracing,
} from '../src/testing/tracing';
import {
  contextFromHeaders,
  currentTraceId,
  spanContextFromHeaders,
  traceHeaders,
  withSpan,
} from '../src/telemetry/trace';
import { KnexUnitOfWork } from '../src/outbox/unitOfWork';
import { testRegistry } from './support/outboxFixtures';
import {
  postgresAvailable,
  postgresDatabase,
  sqliteDatabase,
} from './support/infra';

let tracing: InMemoryTracing;

beforeAll(() => {
  tracing = setupInMemoryTracing();
});
afterAll(async () => {
  await tracing.shutdown();
});
afterEach(() => {
  tracing.reset();
});

const TRACE_ID = '4bf92f3577b34da6a3ce929d0e0e4736';
const PARENT_SPAN_ID = '00f067aa0ba902b7';

async function server(): Promise<{ app: AnyFastifyInstance; url: string }> {
  const app = Fastify({ logger: false });
  registerOps(app, {
    readiness: [],
    policies: new PolicyRegistry({
      tier: 'standard',
      logger: app.log,
      env: {},
    }),
    metrics: new Metrics({ defaultMetrics: false }),
  });
  app.get('/orders/:id', async () => {
    const handlerTraceId = currentTraceId();
    const child = await withSpan('load order', {}, async span => ({
      traceId: span.spanContext().traceId,
      spanId: span.spanContext().spanId,
    }));
    return { handlerTraceId, child };
  });
  app.get('/fail', async () => {
    await withSpan('doomed step', {}, async () => {
      throw new Error('step failed');
    });
  });
  await app.listen({ host: '127.0.0.1', port: 0 });
  const { port } = app.server.address() as AddressInfo;
  return { app, url: `http://127.0.0.1:${port}` };
}

describe('HTTP server spans', () => {
  it('a request makes a SERVER span named after the route, and withSpan in the handler is its child', async () => {
    const { app, url } = await server();
    try {
      const response = await fetch(`${url}/orders/42`);
      const body = (await response.json()) as {
        handlerTraceId: string;
        child: { traceId: string; spanId: string };
      };
      await vi.waitFor(() =>
        expect(
          tracing.spansNamed('GET /orders/:id', SpanKind.SERVER),
        ).toHaveLength(1),
      );
      const serverSpan = tracing.spansNamed(
        'GET /orders/:id',
        SpanKind.SERVER,
      )[0]!;
      const [child] = tracing.spansNamed('load order', SpanKind.INTERNAL);
      expect(serverSpan.attributes['http.route']).toBe('/orders/:id');
      expect(child).toBeDefined();
      expect(child!.spanContext().traceId).toBe(
        serverSpan.spanContext().traceId,
      );
      expect(child!.parentSpanContext?.spanId).toBe(
        serverSpan.spanContext().spanId,
      );
      // What the handler saw, and what its log lines carry (currentTraceId()).
      expect(body.handlerTraceId).toBe(serverSpan.spanContext().traceId);
      expect(body.child.traceId).toBe(serverSpan.spanContext().traceId);
      expect(serverSpan.resource.attributes['service.name']).toBe(
        'test-service',
      );
      expect(serverSpan.resource.attributes['service.tier']).toBe('standard');
      // One server span per request: no duplicate from another hook.
      expect(
        tracing.spans().filter(s => s.kind === SpanKind.SERVER),
      ).toHaveLength(1);
    } finally {
      await app.close();
    }
  });

  it('continues the caller’s trace from its traceparent header', async () => {
    const { app, url } = await server();
    try {
      await fetch(`${url}/orders/7`, {
        headers: { traceparent: `00-${TRACE_ID}-${PARENT_SPAN_ID}-01` },
      });
      await vi.waitFor(() =>
        expect(
          tracing.spansNamed('GET /orders/:id', SpanKind.SERVER),
        ).toHaveLength(1),
      );
      const serverSpan = tracing.spansNamed(
        'GET /orders/:id',
        SpanKind.SERVER,
      )[0]!;
      expect(serverSpan.spanContext().traceId).toBe(TRACE_ID);
      expect(serverSpan.parentSpanContext?.spanId).toBe(PARENT_SPAN_ID);
    } finally {
      await app.close();
    }
  });

  it('marks a failed step span as an error, and does not trace probes and scrapes', async () => {
    const { app, url } = await server();
    try {
      expect((await fetch(`${url}/fail`)).status).toBe(500);
      expect((await fetch(`${url}/health/live`)).status).toBe(200);
      expect((await fetch(`${url}/metrics`)).status).toBe(200);
      await vi.waitFor(() =>
        expect(tracing.spansNamed('GET /fail', SpanKind.SERVER)).toHaveLength(
          1,
        ),
      );
      const [step] = tracing.spansNamed('doomed step');
      expect(step?.status).toEqual({
        code: SpanStatusCode.ERROR,
        message: 'step failed',
      });
      expect(step?.events.map(e => e.name)).toEqual(['exception']);
      expect(tracing.spans().map(s => s.name)).not.toContainEqual(
        expect.stringMatching(/health|metrics/),
      );
    } finally {
      await app.close();
    }
  });
});

describe('message hop', () => {
  it('traceHeaders() → contextFromHeaders() and spanContextFromHeaders(): the consumer’s parent and link are the creation context', async () => {
    const headers: Record<string, string> = await withSpan(
      'create orders.order.placed',
      { kind: SpanKind.PRODUCER },
      async () => ({ ...traceHeaders(), 'event-type': 'order.placed' }),
    );
    expect(headers.traceparent).toMatch(/^00-[0-9a-f]{32}-[0-9a-f]{16}-01$/);

    // The broker hop: headers only, no shared context.
    const creation = spanContextFromHeaders({ ...headers });
    const consumerTraceId = await withSpan(
      'process orders.order.placed',
      {
        kind: SpanKind.CONSUMER,
        parent: contextFromHeaders({ ...headers }),
        links: creation ? [{ context: creation }] : [],
      },
      async () => currentTraceId(),
    );

    const [producer] = tracing.spansNamed(
      'create orders.order.placed',
      SpanKind.PRODUCER,
    );
    const [consumer] = tracing.spansNamed(
      'process orders.order.placed',
      SpanKind.CONSUMER,
    );
    expect(producer).toBeDefined();
    expect(consumer).toBeDefined();
    expect(creation).toMatchObject({
      traceId: producer!.spanContext().traceId,
      spanId: producer!.spanContext().spanId,
      isRemote: true,
    });
    expect(consumer!.spanContext().traceId).toBe(
      producer!.spanContext().traceId,
    );
    expect(consumer!.parentSpanContext?.spanId).toBe(
      producer!.spanContext().spanId,
    );
    expect(consumer!.links.map(l => l.context.spanId)).toEqual([
      producer!.spanContext().spanId,
    ]);
    expect(consumerTraceId).toBe(producer!.spanContext().traceId);
  });

  it('withSpan records its links, with their attributes, and a span without links has none', async () => {
    const linked = { traceId: TRACE_ID, spanId: PARENT_SPAN_ID, traceFlags: 1 };
    await withSpan(
      'linked',
      { links: [{ context: linked, attributes: { why: 'test' } }] },
      async () => {},
    );
    await withSpan('unlinked', {}, async () => {});
    const [span] = tracing.spansNamed('linked');
    expect(span?.links).toEqual([
      {
        context: linked,
        attributes: { why: 'test' },
        droppedAttributesCount: 0,
      },
    ]);
    expect(tracing.spansNamed('unlinked')[0]?.links).toEqual([]);
  });

  it('spanContextFromHeaders(): the span context of a traceparent (any header case), undefined without a valid one', () => {
    expect(
      spanContextFromHeaders({
        Traceparent: `00-${TRACE_ID}-${PARENT_SPAN_ID}-01`,
        tracestate: 'vendor=1',
      }),
    ).toMatchObject({
      traceId: TRACE_ID,
      spanId: PARENT_SPAN_ID,
      traceFlags: 1,
      isRemote: true,
    });
    expect(
      spanContextFromHeaders({
        traceparent: `00-${TRACE_ID}-${PARENT_SPAN_ID}-01`,
        tracestate: 'vendor=1',
      })?.traceState?.get('vendor'),
    ).toBe('1');
    expect(spanContextFromHeaders({})).toBeUndefined();
    expect(spanContextFromHeaders({ traceparent: 'garbage' })).toBeUndefined();
    expect(
      spanContextFromHeaders({
        traceparent: `00-${'0'.repeat(32)}-${PARENT_SPAN_ID}-01`,
      }),
    ).toBeUndefined();
  });

  it('spanContextFromHeaders() ignores the active span: no headers, no context', async () => {
    await withSpan('active', {}, async () => {
      expect(spanContextFromHeaders({})).toBeUndefined();
    });
  });

  it('without an active span there is nothing to propagate and the consumer starts a new trace', async () => {
    expect(traceHeaders()).toEqual({});
    await withSpan(
      'lonely consumer',
      { parent: contextFromHeaders({}) },
      async () => {},
    );
    const [span] = tracing.spansNamed('lonely consumer');
    expect(span?.parentSpanContext).toBeUndefined();
  });
});

describe('unit of work: the create span (messaging semantic conventions)', () => {
  const placed = (orderId: string) => ({
    type: 'order.placed',
    aggregateType: 'order',
    aggregateId: orderId,
    payload: { orderId, sku: 'sku-1', quantity: 1 },
  });
  const rowHeaders = async (db: Knex) =>
    (await db('outbox').select('id', 'headers').orderBy('position')).map(
      (row: { id: string; headers: string }) => ({
        id: row.id,
        headers: JSON.parse(row.headers) as Record<string, string>,
      }),
    );

  it('emit() makes a PRODUCER `create <event type>` span in the request’s trace; its context (not the request’s) goes into the row', async () => {
    const database = await sqliteDatabase();
    try {
      const uow = new KnexUnitOfWork(database.db, testRegistry());
      const request = await withSpan(
        'POST /orders',
        { kind: SpanKind.SERVER },
        async span => {
          await uow.run(({ emit }) => emit(placed('o-1')));
          return span.spanContext();
        },
      );
      const [row] = await rowHeaders(database.db);
      const creates = tracing.spansNamed(/^create /);
      expect(creates.map(s => s.name)).toEqual(['create order.placed']);
      const create = creates[0]!;
      expect(create.kind).toBe(SpanKind.PRODUCER);
      expect(create.spanContext().traceId).toBe(request.traceId);
      expect(create.parentSpanContext?.spanId).toBe(request.spanId);
      expect(create.links).toEqual([]);
      expect(create.attributes).toEqual({
        'messaging.operation.type': 'create',
        'messaging.operation.name': 'create',
        'messaging.destination.name': 'order.placed',
        'messaging.message.id': row!.id,
      });
      expect(row!.headers.traceparent).toBe(
        `00-${request.traceId}-${create.spanContext().spanId}-01`,
      );
      expect(row!.headers['idempotency-key']).toBe(row!.id);
    } finally {
      await database.destroy();
    }
  });

  it('with an eventPrefix the destination is `<prefix>.<event type>`; a `now` function as third argument still works', async () => {
    const database = await sqliteDatabase();
    try {
      const prefixed = new KnexUnitOfWork(database.db, testRegistry(), {
        eventPrefix: 'orders',
        now: () => 42,
      });
      const legacy = new KnexUnitOfWork(database.db, testRegistry(), () => 7);
      await prefixed.run(({ emit }) => emit(placed('o-1')));
      await legacy.run(({ emit }) => emit(placed('o-2')));
      const rows = await rowHeaders(database.db);
      const created = (
        await database.db('outbox').select('created_at').orderBy('position')
      ).map((r: { created_at: number | string }) => Number(r.created_at));
      expect(created).toEqual([42, 7]);
      const creates = tracing.spansNamed(/^create /, SpanKind.PRODUCER);
      expect(creates.map(s => s.name)).toEqual([
        'create orders.order.placed',
        'create order.placed',
      ]);
      expect(
        creates.map(s => [
          s.attributes['messaging.destination.name'],
          s.attributes['messaging.message.id'],
        ]),
      ).toEqual([
        ['orders.order.placed', rows[0]!.id],
        ['order.placed', rows[1]!.id],
      ]);
      // Outside any request each creation is the root of its own trace.
      expect(creates.map(s => s.parentSpanContext)).toEqual([
        undefined,
        undefined,
      ]);
      expect(rows.map(r => r.headers.traceparent)).toEqual(
        creates.map(
          s => `00-${s.spanContext().traceId}-${s.spanContext().spanId}-01`,
        ),
      );
    } finally {
      await database.destroy();
    }
  });

  it('a payload that fails validation makes no create span', async () => {
    const database = await sqliteDatabase();
    try {
      const uow = new KnexUnitOfWork(database.db, testRegistry());
      await expect(
        uow.run(({ emit }) =>
          emit({ ...placed('o-1'), payload: { orderId: '' } }),
        ),
      ).rejects.toThrow();
      expect(tracing.spansNamed(/^create /)).toEqual([]);
    } finally {
      await database.destroy();
    }
  });
});

describe('database spans', () => {
  it('SQLite: one CLIENT span per statement inside a span (knex hooks), none outside', async () => {
    const database = await sqliteDatabase();
    const remove = instrumentKnex(database.db);
    try {
      await database.db.raw('select 1');
      expect(tracing.spans()).toHaveLength(0);
      await withSpan('place order', {}, async () => {
        await database.db('outbox').select('id').where({ id: 'nope' });
        await database.db.transaction(async trx => {
          await trx('outbox').count({ n: '*' });
        });
      });
      const parent = tracing.spansNamed('place order')[0]!;
      const selects = tracing.spansNamed('SELECT sqlite', SpanKind.CLIENT);
      expect(selects).toHaveLength(2);
      for (const span of selects) {
        expect(span.spanContext().traceId).toBe(parent.spanContext().traceId);
        expect(span.attributes['db.system.name']).toBe('sqlite');
      }
      expect(selects[0]!.parentSpanContext?.spanId).toBe(
        parent.spanContext().spanId,
      );
      expect(String(selects[0]!.attributes['db.query.text'])).toMatch(
        /^select `id` from `outbox` where `id` = \?$/,
      );
    } finally {
      remove();
      await database.destroy();
    }
  });

  it('PostgreSQL: the pg instrumentation makes the spans, inside a span only', async ({
    skip,
  }) => {
    if (!(await postgresAvailable())) skip();
    const database = await postgresDatabase();
    const remove = instrumentKnex(database.db); // a no-op on pg: no duplicates
    try {
      tracing.reset();
      await database.db.raw('select 1');
      expect(
        tracing.spans().filter(s => s.kind === SpanKind.CLIENT),
      ).toHaveLength(0);
      await withSpan('place order', {}, async () => {
        await database.db('outbox').select('id').where({ id: 'nope' });
      });
      const parent = tracing.spansNamed('place order')[0]!;
      const client = tracing.spans().filter(s => s.kind === SpanKind.CLIENT);
      expect(client).toHaveLength(1);
      expect(client[0]!.instrumentationScope.name).toBe(
        '@opentelemetry/instrumentation-pg',
      );
      expect(client[0]!.parentSpanContext?.spanId).toBe(
        parent.spanContext().spanId,
      );
    } finally {
      remove();
      await database.destroy();
    }
  });
});

describe('sampling from the standard environment variables', () => {
  const decide = (env: NodeJS.ProcessEnv) =>
    samplerFromEnv(env).shouldSample(
      ROOT_CONTEXT,
      TRACE_ID,
      'GET /orders',
      SpanKind.SERVER,
      {},
      [],
    ).decision;

  it('samples every trace by default, none with a ratio of 0', () => {
    expect(decide({})).toBe(SamplingDecision.RECORD_AND_SAMPLED);
    expect(
      decide({
        OTEL_TRACES_SAMPLER: 'parentbased_traceidratio',
        OTEL_TRACES_SAMPLER_ARG: '0',
      }),
    ).toBe(SamplingDecision.NOT_RECORD);
    expect(decide({ OTEL_TRACES_SAMPLER: 'always_off' })).toBe(
      SamplingDecision.NOT_RECORD,
    );
  });

  it('refuses a bad value with an error naming the variable', () => {
    expect(() => samplerFromEnv({ OTEL_TRACES_SAMPLER: 'sometimes' })).toThrow(
      /^OTEL_TRACES_SAMPLER: 'sometimes' is not one of always_on, /,
    );
    expect(() =>
      samplerFromEnv({
        OTEL_TRACES_SAMPLER: 'traceidratio',
        OTEL_TRACES_SAMPLER_ARG: '10%',
      }),
    ).toThrow(
      "OTEL_TRACES_SAMPLER_ARG: must be a ratio between 0 and 1 (got '10%')",
    );
  });
});
