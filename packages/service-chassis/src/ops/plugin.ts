import { context } from '@opentelemetry/api';
import { getRPCMetadata, RPCType } from '@opentelemetry/core';
import type { FastifyInstance } from 'fastify';
import type { PolicyRegistry } from '../resilience/policies';
import { breakersCheck, runChecks, type ReadinessCheck } from './health';
import type { Metrics, OutboxStats, SagaCount } from './metrics';

/** Any Fastify instance, whatever its server type or logger (pino's own Logger included). */
// eslint-disable-next-line @typescript-eslint/no-explicit-any
export type AnyFastifyInstance = FastifyInstance<any, any, any, any, any>;

export interface OpsDeps {
  /** What /health/ready asks besides the breakers: databaseCheck(db), brokerCheck(broker)... */
  readiness: ReadinessCheck[];
  /** Their breakers gate readiness; their bulkheads feed the saturation gauges. */
  policies: PolicyRegistry;
  metrics: Metrics;
  /** The outbox lag, sampled at scrape time (outboxStats(db) from ../outbox/stats). */
  outboxStats?: () => Promise<OutboxStats>;
  /** Unfinished sagas, sampled at scrape time (runningSagas(db) from ../outbox/stats). */
  runningSagas?: () => Promise<SagaCount[]>;
  /** Bound on each readiness check (default 2000 ms). */
  checkTimeoutMs?: number;
}

/**
 * Operations endpoints and hooks, on the root instance (call it directly,
 * not through app.register, so that the hooks see every route):
 *
 * - GET /health/live: 200 while the process runs;
 * - GET /health/ready: 503 when a critical check fails (the database), 200
 *   otherwise, with status `degraded` when the broker is down, a circuit
 *   breaker is open or the outbox relay is stuck (see outboxCheck); JSON
 *   with each check either way;
 * - GET /metrics: Prometheus text of `deps.metrics`;
 * - every request: http_server_duration_seconds / http_server_errors_total,
 *   and the route template on the HTTP server span (`GET /orders/:id`).
 */
export function registerOps(app: AnyFastifyInstance, deps: OpsDeps): void {
  const { metrics, policies } = deps;
  const checkTimeoutMs = deps.checkTimeoutMs ?? 2_000;
  const checks = [...deps.readiness, breakersCheck(() => policies.list())];

  metrics.observeBulkheads(() => policies.bulkheadSamples());
  if (deps.outboxStats) {
    metrics.observeOutbox(deps.outboxStats, error =>
      app.log.warn({ err: error }, 'outbox metrics: outboxStats() failed'),
    );
  }
  if (deps.runningSagas) {
    metrics.observeSagas(deps.runningSagas, error =>
      app.log.warn({ err: error }, 'saga metrics: runningSagas() failed'),
    );
  }

  app.addHook('onRequest', async request => {
    // The HTTP instrumentation's server span is active here: give it the
    // route template (it renames the span `METHOD route` and sets http.route).
    const rpc = getRPCMetadata(context.active());
    const route = request.routeOptions.url;
    if (rpc?.type === RPCType.HTTP && route !== undefined) rpc.route = route;
  });

  app.addHook('onResponse', async (request, reply) => {
    metrics.recordHttpRequest(
      request.method,
      request.routeOptions.url ?? 'unmatched',
      reply.statusCode,
      reply.elapsedTime / 1000,
    );
  });

  app.get('/health/live', async () => ({
    status: 'live',
    uptimeSeconds: Math.round(process.uptime()),
  }));

  app.get('/health/ready', async (_request, reply) => {
    const result = await runChecks(checks, checkTimeoutMs);
    return reply.code(result.ok ? 200 : 503).send({
      status: !result.ok ? 'not-ready' : result.degraded ? 'degraded' : 'ready',
      checks: result.checks,
    });
  });

  app.get('/metrics', async (_request, reply) => {
    const text = await metrics.text();
    return reply.type(metrics.contentType).send(text);
  });
}
