import Fastify from 'fastify';
import { Writable } from 'node:stream';
import pino from 'pino';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import {
  brokerCheck,
  databaseCheck,
  outboxCheck,
  type ReadinessCheck,
} from '../src/ops/health';
import { Metrics, type OutboxStats } from '../src/ops/metrics';
import { registerOps, type AnyFastifyInstance } from '../src/ops/plugin';
import { PolicyRegistry } from '../src/resilience/policies';
import { sqliteDatabase, type TestDatabase } from './support/infra';

/** A broker whose health the test sets. */
function fakeBroker() {
  return {
    kind: 'in-process' as const,
    up: true,
    healthy() {
      return Promise.resolve(this.up);
    },
  };
}

function logLines() {
  const lines: Record<string, unknown>[] = [];
  const stream = new Writable({
    write(chunk: Buffer, _encoding, done) {
      lines.push(JSON.parse(chunk.toString()) as Record<string, unknown>);
      done();
    },
  });
  return { lines, logger: pino({ level: 'info' }, stream) };
}

interface Harness {
  app: AnyFastifyInstance;
  database: TestDatabase;
  broker: ReturnType<typeof fakeBroker>;
  policies: PolicyRegistry;
  metrics: Metrics;
  logs: Record<string, unknown>[];
  outbox: { stats: OutboxStats | Error };
}

const MINUTE = 60_000;

async function harness(extraChecks: ReadinessCheck[] = []): Promise<Harness> {
  const database = await sqliteDatabase();
  const broker = fakeBroker();
  const { lines, logger } = logLines();
  const app = Fastify({ loggerInstance: logger, disableRequestLogging: true });
  const metrics = new Metrics();
  const policies = new PolicyRegistry({
    tier: 'standard',
    logger: app.log,
    metrics,
    env: {},
  });
  const outbox: Harness['outbox'] = {
    stats: { pending: 3, oldestPendingAgeMs: 1_500, deadLetters: 1 },
  };
  registerOps(app, {
    readiness: [
      databaseCheck(database.db),
      brokerCheck(broker),
      ...extraChecks,
    ],
    policies,
    metrics,
    outboxStats: async () => {
      if (outbox.stats instanceof Error) throw outbox.stats;
      return outbox.stats;
    },
    checkTimeoutMs: 200,
  });
  app.get('/orders/:id', async request => ({
    id: (request.params as { id: string }).id,
  }));
  app.get('/boom', async () => {
    throw new Error('handler failed');
  });
  await app.ready();
  return { app, database, broker, policies, metrics, logs: lines, outbox };
}

type ReadyBody = {
  status: string;
  checks: {
    name: string;
    ok: boolean;
    detail?: string;
    breakers?: Record<string, string>;
  }[];
};

describe('ops endpoints', () => {
  let h: Harness;
  beforeEach(async () => {
    h = await harness();
  });
  afterEach(async () => {
    await h.app.close();
    await h.database.destroy().catch(() => undefined);
  });

  it('GET /health/live answers 200 while the process runs', async () => {
    const response = await h.app.inject({ method: 'GET', url: '/health/live' });
    expect(response.statusCode).toBe(200);
    expect(response.json()).toMatchObject({ status: 'live' });
  });

  it('GET /health/ready is 200 with every check listed when all pass', async () => {
    h.policies.create('payment-http');
    const response = await h.app.inject({
      method: 'GET',
      url: '/health/ready',
    });
    expect(response.statusCode).toBe(200);
    const body = response.json<ReadyBody>();
    expect(body.status).toBe('ready');
    expect(body.checks.map(c => [c.name, c.ok])).toEqual([
      ['database', true],
      ['broker', true],
      ['circuit-breakers', true],
    ]);
    expect(body.checks[2]?.breakers).toEqual({ 'payment-http': 'closed' });
  });

  it('GET /health/ready reports an open circuit breaker as degraded, still 200', async () => {
    const payment = h.policies.create('payment-http', {
      settings: { breakerThreshold: 1, halfOpenAfterMs: 60_000 },
    });
    await expect(
      payment.execute(async () => {
        throw new Error('payment service down');
      }),
    ).rejects.toThrow('payment service down');
    expect(payment.breakerState()).toBe('open');

    const response = await h.app.inject({
      method: 'GET',
      url: '/health/ready',
    });
    // A failing dependency must not take every replica of this service out
    // of the load balancer: reported, not fatal.
    expect(response.statusCode).toBe(200);
    const body = response.json<ReadyBody>();
    expect(body.status).toBe('degraded');
    expect(body.checks.find(c => c.name === 'circuit-breakers')).toMatchObject({
      critical: false,
      ok: false,
      detail: 'open circuit breaker: payment-http',
      breakers: { 'payment-http': 'open' },
    });
    expect(body.checks.find(c => c.name === 'database')?.ok).toBe(true);
    // The transition was logged through the logger the registry was given.
    expect(
      h.logs.some(
        l =>
          l.msg ===
          "circuit breaker for 'payment-http' opened: calls are refused",
      ),
    ).toBe(true);
  });

  it('GET /health/ready flips to 503 when the database does not answer', async () => {
    await h.database.db.destroy();
    const response = await h.app.inject({
      method: 'GET',
      url: '/health/ready',
    });
    expect(response.statusCode).toBe(503);
    expect(response.json<ReadyBody>().status).toBe('not-ready');
    const database = response
      .json<ReadyBody>()
      .checks.find(c => c.name === 'database');
    expect(database?.ok).toBe(false);
    expect(database?.detail).toBeTruthy();
  });

  it('GET /health/ready reports an unhealthy broker as degraded, still 200 (the outbox buffers)', async () => {
    h.broker.up = false;
    const response = await h.app.inject({
      method: 'GET',
      url: '/health/ready',
    });
    expect(response.statusCode).toBe(200);
    expect(response.json<ReadyBody>().status).toBe('degraded');
    expect(
      response.json<ReadyBody>().checks.find(c => c.name === 'broker'),
    ).toMatchObject({
      ok: false,
      detail: 'in-process broker is not healthy',
    });
  });
});

describe('readiness check bound', () => {
  it('a check that never answers fails readiness instead of hanging it', async () => {
    const h = await harness([
      { name: 'stuck', check: () => new Promise(() => {}) },
    ]);
    try {
      const response = await h.app.inject({
        method: 'GET',
        url: '/health/ready',
      });
      expect(response.statusCode).toBe(503);
      expect(
        response.json<ReadyBody>().checks.find(c => c.name === 'stuck'),
      ).toMatchObject({
        ok: false,
        detail: 'no answer within 200 ms',
      });
    } finally {
      await h.app.close();
      await h.database.destroy();
    }
  });
});

describe('GET /metrics', () => {
  let h: Harness;
  beforeEach(async () => {
    h = await harness();
  });
  afterEach(async () => {
    await h.app.close();
    await h.database.destroy();
  });

  it('exposes the four golden signals after traffic', async () => {
    h.policies.create('payment-http');
    expect(
      (await h.app.inject({ method: 'GET', url: '/orders/42' })).statusCode,
    ).toBe(200);
    expect(
      (await h.app.inject({ method: 'GET', url: '/orders/43' })).statusCode,
    ).toBe(200);
    expect(
      (await h.app.inject({ method: 'GET', url: '/boom' })).statusCode,
    ).toBe(500);

    const response = await h.app.inject({ method: 'GET', url: '/metrics' });
    expect(response.statusCode).toBe(200);
    expect(response.headers['content-type']).toMatch(
      /^text\/plain; version=0\.0\.4/,
    );
    const text = response.body;
    // Latency and traffic: one series per route template, not per URL.
    expect(text).toContain(
      'http_server_duration_seconds_count{method="GET",route="/orders/:id",status_code="200"} 2',
    );
    expect(text).toMatch(
      /^http_server_duration_seconds_bucket\{le="0\.1",method="GET",route="\/orders\/:id",status_code="200"\} \d+$/m,
    );
    // Errors.
    expect(text).toContain(
      'http_server_errors_total{method="GET",route="/boom",status_code="500"} 1',
    );
    expect(text).not.toMatch(
      /http_server_errors_total\{[^}]*status_code="200"/,
    );
    // Saturation: event loop, bulkheads, outbox lag.
    expect(text).toMatch(/^nodejs_eventloop_lag_seconds \S+$/m);
    expect(text).toContain('bulkhead_executing{dependency="payment-http"} 0');
    expect(text).toContain('bulkhead_queued{dependency="payment-http"} 0');
    expect(text).toContain('outbox_pending_messages 3');
    expect(text).toContain('outbox_oldest_pending_age_seconds 1.5');
    expect(text).toContain('consumer_dead_letters 1');
    // The consumers park dead letters, not the outbox: the old name misled.
    expect(text).not.toContain('outbox_dead_letters');
    // Breakers.
    expect(text).toContain(
      'circuit_breaker_state{dependency="payment-http",state="closed"} 1',
    );
  });

  it('samples the outbox at scrape time, and a failing sample does not fail the scrape', async () => {
    h.outbox.stats = { pending: 7, oldestPendingAgeMs: null, deadLetters: 0 };
    let text = (await h.app.inject({ method: 'GET', url: '/metrics' })).body;
    expect(text).toContain('outbox_pending_messages 7');
    expect(text).toContain('outbox_oldest_pending_age_seconds 0');

    h.outbox.stats = new Error('database is locked');
    const response = await h.app.inject({ method: 'GET', url: '/metrics' });
    expect(response.statusCode).toBe(200);
    text = response.body;
    // NaN (prom-client writes 'Nan'; Prometheus reads it case-insensitively).
    expect(text).toMatch(/^outbox_pending_messages nan$/im);
    expect(text).toMatch(/^consumer_dead_letters nan$/im);
    expect(text).toMatch(/^nodejs_eventloop_lag_seconds \S+$/m);
    const warnings = h.logs.filter(
      l => l.msg === 'outbox metrics: outboxStats() failed',
    );
    expect(warnings).toHaveLength(1);
    expect((warnings[0]?.err as { message?: string }).message).toBe(
      'database is locked',
    );
  });

  it('shows bulkhead occupancy while calls run', async () => {
    const policy = h.policies.create('inventory-http', {
      settings: { maxConcurrent: 1, maxQueue: 5 },
    });
    let release!: () => void;
    const gate = new Promise<void>(r => (release = r));
    const calls = [1, 2, 3].map(() => policy.execute(() => gate));
    const text = (await h.app.inject({ method: 'GET', url: '/metrics' })).body;
    expect(text).toContain('bulkhead_executing{dependency="inventory-http"} 1');
    expect(text).toContain('bulkhead_queued{dependency="inventory-http"} 2');
    release();
    await Promise.all(calls);
  });
});

describe('outbox readiness check', () => {
  type OutboxBody = ReadyBody & {
    checks: Array<{
      name: string;
      ok: boolean;
      critical: boolean;
      detail?: string;
      pending?: number;
      oldestPendingAgeSeconds?: number | null;
      oldestDueAgeSeconds?: number | null;
    }>;
  };
  const clock = 10_000 * MINUTE;
  const setup = async (options: {
    brokerUp: boolean;
    oldestDueAgeMs: number | null;
    relayProgressAgoMs: number;
  }) => {
    const broker = fakeBroker();
    broker.up = options.brokerUp;
    const check = outboxCheck({
      stats: async () => ({
        pending: 40,
        oldestPendingAgeMs: 12 * MINUTE,
        oldestDueAgeMs: options.oldestDueAgeMs,
        deadLetters: 0,
      }),
      broker,
      relay: { lastProgressAt: () => clock - options.relayProgressAgoMs },
      stuckAfterMs: 2 * MINUTE,
      now: () => clock,
    });
    const h = await harness([check]);
    h.broker.up = options.brokerUp;
    try {
      const response = await h.app.inject({
        method: 'GET',
        url: '/health/ready',
      });
      const body = response.json<OutboxBody>();
      return {
        statusCode: response.statusCode,
        status: body.status,
        outbox: body.checks.find(c => c.name === 'outbox')!,
      };
    } finally {
      await h.app.close();
      await h.database.destroy();
    }
  };

  it('stays ok while the outbox absorbs a broker outage (the broker check reports it; still 200)', async () => {
    const result = await setup({
      brokerUp: false,
      oldestDueAgeMs: 12 * MINUTE,
      relayProgressAgoMs: 12 * MINUTE,
    });
    expect(result.statusCode).toBe(200);
    expect(result.status).toBe('degraded');
    expect(result.outbox).toMatchObject({
      ok: true,
      critical: false,
      pending: 40,
      oldestPendingAgeSeconds: 720,
      oldestDueAgeSeconds: 720,
    });
  });

  it('flags a stuck relay: rows due for longer than the threshold, the broker healthy, no relay progress', async () => {
    const result = await setup({
      brokerUp: true,
      oldestDueAgeMs: 12 * MINUTE,
      relayProgressAgoMs: 12 * MINUTE,
    });
    // Not critical: a stuck relay delays events but requests still succeed.
    expect(result.statusCode).toBe(200);
    expect(result.status).toBe('degraded');
    expect(result.outbox).toMatchObject({
      ok: false,
      critical: false,
      pending: 40,
    });
    expect(result.outbox.detail).toMatch(/outbox relay is stuck/);
  });

  it('does not flag a relay draining a backlog, nor rows only waiting for their retry', async () => {
    const draining = await setup({
      brokerUp: true,
      oldestDueAgeMs: 12 * MINUTE,
      relayProgressAgoMs: 1_000,
    });
    expect(draining.status).toBe('ready');
    expect(draining.outbox.ok).toBe(true);
    const retrying = await setup({
      brokerUp: true,
      oldestDueAgeMs: null,
      relayProgressAgoMs: 12 * MINUTE,
    });
    expect(retrying.outbox).toMatchObject({
      ok: true,
      oldestDueAgeSeconds: null,
    });
  });
});

describe('relay and saga metrics', () => {
  it("records the relay's publishes, refusals, durations, batch sizes and the time since its last publish", async () => {
    let clock = 1_000_000;
    const metrics = new Metrics({ defaultMetrics: false, now: () => clock });
    const sinceLastPublish = (text: string) =>
      Number(
        /^outbox_relay_seconds_since_last_publish (\S+)$/m.exec(text)?.[1],
      );
    // Before the first publish: since the metrics (the process) started.
    clock += 60_000;
    expect(sinceLastPublish(await metrics.text())).toBe(60);

    metrics.recordRelayBatch(3);
    metrics.recordRelayPublish('published', 0.004);
    metrics.recordRelayPublish('published', 0.02);
    metrics.recordRelayPublish('failed', 0.28);
    metrics.recordRelayPublish('circuit-open', 0);
    metrics.recordRelayPublish('circuit-open', 0);
    metrics.recordRelayPublish('bulkhead-full', 0);
    clock += 15_000;
    const text = await metrics.text();
    expect(text).toContain('outbox_relay_published_total 2');
    expect(text).toContain('outbox_relay_failed_total 1');
    expect(text).toContain(
      'outbox_relay_refused_total{reason="circuit-open"} 2',
    );
    expect(text).toContain(
      'outbox_relay_refused_total{reason="bulkhead-full"} 1',
    );
    expect(text).toContain(
      'outbox_relay_publish_duration_seconds_count{outcome="published"} 2',
    );
    expect(text).toContain(
      'outbox_relay_publish_duration_seconds_count{outcome="failed"} 1',
    );
    expect(text).toContain('outbox_relay_batch_rows_count 1');
    expect(text).toContain('outbox_relay_batch_rows_sum 3');
    expect(sinceLastPublish(text)).toBe(15);
  });

  it('records sagas started and finished, their durations and step attempts, and samples the running ones', async () => {
    const metrics = new Metrics({ defaultMetrics: false });
    let running = [
      { saga: 'place-order', status: 'running', count: 4 },
      { saga: 'place-order', status: 'compensating', count: 1 },
    ];
    metrics.observeSagas(async () => running);
    metrics.sagaStarted('place-order');
    metrics.sagaStarted('place-order');
    metrics.sagaFinished('place-order', 'completed', 1.5);
    metrics.sagaFinished('place-order', 'compensated', 3);
    metrics.sagaStepAttempt(
      'place-order',
      'reserve-stock',
      'invoke',
      'succeeded',
    );
    metrics.sagaStepAttempt('place-order', 'charge-card', 'invoke', 'failed');
    metrics.sagaStepAttempt('place-order', 'charge-card', 'invoke', 'failed');
    metrics.sagaStepAttempt(
      'place-order',
      'reserve-stock',
      'compensate',
      'succeeded',
    );
    let text = await metrics.text();
    expect(text).toContain('saga_started_total{saga="place-order"} 2');
    expect(text).toContain(
      'saga_finished_total{saga="place-order",status="completed"} 1',
    );
    expect(text).toContain(
      'saga_duration_seconds_sum{saga="place-order",status="compensated"} 3',
    );
    expect(text).toContain(
      'saga_step_attempts_total{saga="place-order",step="charge-card",phase="invoke",outcome="failed"} 2',
    );
    expect(text).toContain(
      'saga_step_attempts_total{saga="place-order",step="reserve-stock",phase="compensate",outcome="succeeded"} 1',
    );
    expect(text).toContain(
      'sagas_running{saga="place-order",status="running"} 4',
    );
    expect(text).toContain(
      'sagas_running{saga="place-order",status="compensating"} 1',
    );
    // A saga name with nothing running any more leaves no stale series.
    running = [];
    text = await metrics.text();
    expect(text).not.toMatch(/^sagas_running\{/m);
  });
});
