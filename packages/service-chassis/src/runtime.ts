import type { FastifyInstance } from 'fastify';
import type { Knex } from 'knex';
import type { AddressInfo } from 'node:net';
import type { Logger } from 'pino';
import type { ChassisConfig } from './config';
import { createDb, migrateLatest } from './db/knex';
import type { Migration } from './db/migrations';
import type { EventRegistry } from './events/registry';
import { HttpClient, HttpError } from './http/client';
import { createHttpServer } from './http/server';
import { createLogger } from './logger';
import {
  createIdempotentConsumer,
  type IdempotentConsumer,
  type IdempotentConsumerOptions,
} from './messaging/consumer';
import { createBroker } from './messaging/createBroker';
import { BrokerNotConnectedError, type Broker } from './messaging/types';
import { brokerCheck, databaseCheck, outboxCheck } from './ops/health';
import { Metrics } from './ops/metrics';
import { registerOps } from './ops/plugin';
import { scheduleCleanup } from './outbox/cleanup';
import { OutboxRelay } from './outbox/relay';
import { outboxStats, runningSagas } from './outbox/stats';
import type { UnitOfWork } from './outbox/types';
import { KnexUnitOfWork } from './outbox/unitOfWork';
import { PolicyRegistry, type ResilientPolicy } from './resilience/policies';
import type { SagaDefinition } from './saga/define';
import { SagaEngine } from './saga/engine';
import { instrumentKnex } from './telemetry/knex';
import { shutdownTelemetry } from './telemetry/sdk';

/** A 4xx from a dependency is the caller's fault: no retry, no breaker count. */
export const isHttpDependencyFailure = (error: unknown): boolean =>
  !(error instanceof HttpError) || error.retryable;

export interface ServiceRuntimeOptions {
  config: ChassisConfig;
  /** The service's event contracts (the saga events included when it runs sagas). */
  events: EventRegistry;
  /** The service's own migrations (names from 200 on). */
  migrations?: readonly Migration[];
  /** Default: a JSON logger on stdout at config.logLevel. */
  logger?: Logger;
}

/**
 * The composition root every service shares: logger, database (migrated),
 * metrics, resilience policies, broker, unit of work, outbox relay, cleanup,
 * the HTTP server with health and metrics, sagas, consumers, and the graceful
 * shutdown of all of them. A service adds its policies, sagas, consumers and
 * routes, then calls
 * `start()` (or `runUntilSignalled()` in its server.ts).
 */
export class ServiceRuntime {
  readonly config: ChassisConfig;
  readonly logger: Logger;
  readonly db: Knex;
  readonly events: EventRegistry;
  readonly metrics: Metrics;
  readonly policies: PolicyRegistry;
  readonly brokerPolicy: ResilientPolicy;
  readonly broker: Broker;
  readonly uow: UnitOfWork;
  readonly relay: OutboxRelay;
  private cleanup: { stop(): Promise<void> } | undefined;
  private readonly consumers: IdempotentConsumer[] = [];
  private engine: SagaEngine | undefined;
  private app: FastifyInstance | undefined;
  private address: string | undefined;
  private started = false;

  private constructor(options: ServiceRuntimeOptions, db: Knex) {
    const { config } = options;
    this.config = config;
    this.events = options.events;
    this.logger =
      options.logger ??
      createLogger({ level: config.logLevel, serviceName: config.serviceName });
    this.db = db;
    this.metrics = new Metrics();
    this.policies = new PolicyRegistry({
      tier: config.tier,
      logger: this.logger,
      metrics: this.metrics,
    });
    // A client that is not connected says so at once and reconnects by
    // itself: not a failure of the broker's calls, so it does not open the
    // breaker (which would keep /health/ready degraded for its half-open
    // delay after the broker is back); the relay just waits for it.
    this.brokerPolicy = this.policies.create('broker', {
      isDependencyFailure: error => !(error instanceof BrokerNotConnectedError),
    });
    this.broker = createBroker(config, this.logger);
    this.uow = new KnexUnitOfWork(db, options.events, {
      eventPrefix: config.eventPrefix,
    });
    this.relay = new OutboxRelay({
      db,
      broker: this.broker,
      policy: this.brokerPolicy,
      logger: this.logger,
      eventPrefix: config.eventPrefix,
      batchSize: config.outbox.batchSize,
      pollIntervalMs: config.outbox.pollIntervalMs,
      backoff: { maxMs: config.outbox.backoffMaxMs },
      metrics: this.metrics,
    });
  }

  /** Opens and migrates the database, connects the broker. */
  static async create(options: ServiceRuntimeOptions): Promise<ServiceRuntime> {
    const db = createDb(options.config.database);
    instrumentKnex(db);
    try {
      await migrateLatest(db, options.migrations);
    } catch (error) {
      await db.destroy();
      throw error;
    }
    const runtime = new ServiceRuntime(options, db);
    await runtime.broker.connect();
    return runtime;
  }

  /**
   * An HTTP client whose calls go through the dependencies' policies. Its base
   * URL defaults to this service's own address once it listens (for
   * participants that live in the same service, as in the example).
   */
  httpClient(baseUrl?: string): HttpClient {
    return new HttpClient({
      baseUrl: () => {
        const url = baseUrl ?? this.address;
        if (!url) {
          throw new Error(
            'no base URL for the dependencies: none is configured and the server is not listening yet',
          );
        }
        return url;
      },
      policyFor: dependency => this.policies.get(dependency),
    });
  }

  /** The saga engine running `sagas` (one per runtime). */
  sagaEngine(
    // Definitions are stored by name and used with JSON state: any types.
    // eslint-disable-next-line @typescript-eslint/no-explicit-any
    sagas: SagaDefinition<any, any>[],
  ): SagaEngine {
    if (this.engine) throw new Error('the saga engine was already created');
    this.engine = new SagaEngine({
      db: this.db,
      uow: this.uow,
      sagas,
      logger: this.logger,
      leaseTtlMs: this.config.saga.leaseTtlMs,
      // The engine reports milliseconds; Prometheus histograms take seconds.
      metrics: {
        sagaStarted: name => this.metrics.sagaStarted(name),
        sagaFinished: (name, status, durationMs) =>
          this.metrics.sagaFinished(name, status, durationMs / 1000),
        stepAttempt: (name, step, phase, outcome) =>
          this.metrics.sagaStepAttempt(name, step, phase, outcome),
      },
    });
    return this.engine;
  }

  /**
   * An idempotent consumer of `subjects` (durable name `name`), started by
   * start() and stopped by stop(): each message's handler runs once, in the
   * transaction that records it in the inbox.
   */
  consumer(
    options: Pick<
      IdempotentConsumerOptions,
      'name' | 'subjects' | 'handle' | 'maxAttempts'
    >,
  ): IdempotentConsumer {
    const consumer = createIdempotentConsumer({
      ...options,
      db: this.db,
      broker: this.broker,
      logger: this.logger,
    });
    this.consumers.push(consumer);
    if (this.started) void consumer.start();
    return consumer;
  }

  /**
   * The HTTP server with the chassis' error contract, /health/live,
   * /health/ready (database, broker, breakers), /metrics and the request
   * metrics and span names; the service registers its routes on it.
   */
  httpServer(): FastifyInstance {
    if (this.app) return this.app;
    const app = createHttpServer({ logger: this.logger });
    registerOps(app, {
      readiness: [
        databaseCheck(this.db),
        brokerCheck(this.broker),
        outboxCheck({
          stats: () => outboxStats(this.db),
          broker: this.broker,
          relay: this.relay,
          stuckAfterMs: this.config.outbox.stuckAfterMs,
        }),
      ],
      policies: this.policies,
      metrics: this.metrics,
      outboxStats: () => outboxStats(this.db),
      runningSagas: () => runningSagas(this.db),
    });
    this.app = app;
    return app;
  }

  /**
   * Listens, then starts the relay, the cleanup and the saga recovery (after
   * listen: the sagas' participants may be this server). Returns the address.
   */
  async start(): Promise<string> {
    if (this.started) throw new Error('the service was already started');
    this.started = true;
    const app = this.httpServer();
    await app.listen({ port: this.config.port, host: this.config.host });
    const { port } = app.server.address() as AddressInfo;
    const host = ['0.0.0.0', '::', ''].includes(this.config.host)
      ? '127.0.0.1'
      : this.config.host;
    this.address = `http://${host.includes(':') ? `[${host}]` : host}:${port}`;
    this.relay.start();
    for (const consumer of this.consumers) await consumer.start();
    this.cleanup = scheduleCleanup(this.db, {
      retentionHours: this.config.outbox.retentionHours,
      deadLetterRetentionHours: this.config.outbox.deadLetterRetentionHours,
      logger: this.logger,
    });
    const resumed = (await this.engine?.recoverSagas()) ?? [];
    // Also takes over, after their leases expire, the sagas of replicas that die.
    this.engine?.startRecovery({
      intervalMs: this.config.saga.recoveryIntervalMs,
    });
    this.logger.info(
      { port, address: this.address, resumedSagas: resumed.length },
      'service started',
    );
    return this.address;
  }

  /**
   * Graceful stop: sagas first (their in-flight step may call this very
   * server; they stop between steps and release their leases, so another
   * replica's recovery, or this service's next start, resumes them), then
   * the server (waits for requests in flight), the relay, the cleanup, the
   * broker and the database.
   */
  async stop(): Promise<void> {
    await this.engine?.stop();
    await this.app?.close();
    for (const consumer of this.consumers) await consumer.stop();
    await this.relay.stop();
    await this.cleanup?.stop();
    await this.broker.close();
    await this.db.destroy();
  }

  /** start(), then stop() and exit on SIGTERM/SIGINT (a second signal exits at once). */
  async runUntilSignalled(): Promise<void> {
    let shuttingDown = false;
    const shutdown = async (signal: NodeJS.Signals) => {
      if (shuttingDown) {
        this.logger.warn({ signal }, 'second signal: exiting at once');
        process.exit(1);
      }
      shuttingDown = true;
      this.logger.info({ signal }, 'shutting down');
      const force = setTimeout(() => {
        this.logger.error('graceful shutdown took over 30 s: exiting');
        process.exit(1);
      }, 30_000);
      force.unref();
      try {
        await this.stop();
        this.logger.info('shut down');
        await shutdownTelemetry();
        process.exit(0);
      } catch (error) {
        this.logger.error({ err: error }, 'graceful shutdown failed');
        process.exit(1);
      }
    };
    process.on('SIGTERM', signal => void shutdown(signal));
    process.on('SIGINT', signal => void shutdown(signal));
    await this.start();
  }
}
