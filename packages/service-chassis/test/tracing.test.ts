import { ROOT_CONTEXT, SpanKind, SpanStatusCode } from '@opentelemetry/api';
import { SamplingDecision } from '@opentelemetry/sdk-trace';
import Fastify from 'fastify';
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
  traceHeaders,
  withSpan,
} from '../src/telemetry/trace';
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
  it('traceHeaders() → contextFromHeaders() continues the producer’s trace in the consumer', async () => {
    const headers: Record<string, string> = await withSpan(
      'orders.order.placed publish',
      { kind: SpanKind.PRODUCER },
      async () => ({ ...traceHeaders(), 'event-type': 'order.placed' }),
    );
    expect(headers.traceparent).toMatch(/^00-[0-9a-f]{32}-[0-9a-f]{16}-01$/);

    // The broker hop: headers only, no shared context.
    const consumerTraceId = await withSpan(
      'orders.order.placed process',
      { kind: SpanKind.CONSUMER, parent: contextFromHeaders({ ...headers }) },
      async () => currentTraceId(),
    );

    const [producer] = tracing.spansNamed(
      'orders.order.placed publish',
      SpanKind.PRODUCER,
    );
    const [consumer] = tracing.spansNamed(
      'orders.order.placed process',
      SpanKind.CONSUMER,
    );
    expect(producer).toBeDefined();
    expect(consumer).toBeDefined();
    expect(consumer!.spanContext().traceId).toBe(
      producer!.spanContext().traceId,
    );
    expect(consumer!.parentSpanContext?.spanId).toBe(
      producer!.spanContext().spanId,
    );
    expect(consumerTraceId).toBe(producer!.spanContext().traceId);
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
