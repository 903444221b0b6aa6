import type { AddressInfo } from 'node:net';
import { buildApp } from './app';
import { loadConfig } from './config';
import { createDb, migrateLatest } from './db/knex';
import {
  createPlaceOrderSaga,
  PLACE_ORDER_DEPENDENCIES,
} from './domain/placeOrder';
import { events } from './events/catalog';
import { HttpClient, HttpError } from './http/client';
import { createLogger } from './logger';
import { createBroker } from './messaging/createBroker';
import { brokerCheck, databaseCheck } from './ops/health';
import { Metrics } from './ops/metrics';
import { scheduleCleanup } from './outbox/cleanup';
import { OutboxRelay } from './outbox/relay';
import { outboxStats } from './outbox/stats';
import { KnexUnitOfWork } from './outbox/unitOfWork';
import { PolicyRegistry } from './resilience/policies';
import { SagaEngine } from './saga/engine';
import { instrumentKnex } from './telemetry/knex';
import { shutdownTelemetry } from './telemetry/sdk';

/** A 4xx from a dependency is our request's fault: no retry, no breaker count. */
const isHttpDependencyFailure = (error: unknown) =>
  !(error instanceof HttpError) || error.retryable;

/**
 * The composition root: configuration, database, broker, outbox relay, saga
 * recovery and the HTTP server, and the graceful shutdown of all of them.
 */
async function main(): Promise<void> {
  const config = loadConfig();
  const logger = createLogger({
    level: config.logLevel,
    serviceName: config.serviceName,
  });

  const db = createDb(config.database);
  instrumentKnex(db);
  await migrateLatest(db);

  const metrics = new Metrics();
  const policies = new PolicyRegistry({ tier: config.tier, logger, metrics });
  const brokerPolicy = policies.create('broker');
  for (const dependency of Object.values(PLACE_ORDER_DEPENDENCIES)) {
    policies.create(dependency, {
      isDependencyFailure: isHttpDependencyFailure,
    });
  }

  const broker = createBroker(config, logger);
  await broker.connect();

  const uow = new KnexUnitOfWork(db, events);
  const relay = new OutboxRelay({
    db,
    broker,
    policy: brokerPolicy,
    logger,
    eventPrefix: config.eventPrefix,
    batchSize: config.outbox.batchSize,
    pollIntervalMs: config.outbox.pollIntervalMs,
  });
  const cleanup = scheduleCleanup(db, {
    retentionHours: config.outbox.retentionHours,
    logger,
  });

  // By default the PlaceOrder participants are this service's own routes:
  // their address is known once the server listens.
  let dependenciesBaseUrl = config.dependenciesBaseUrl;
  const client = new HttpClient({
    baseUrl: () => {
      if (!dependenciesBaseUrl) {
        throw new Error(
          'DEPENDENCIES_BASE_URL is unset and the server is not listening yet',
        );
      }
      return dependenciesBaseUrl;
    },
    policyFor: dependency => policies.get(dependency),
  });
  const placeOrder = createPlaceOrderSaga({ client });
  const sagas = new SagaEngine({ db, uow, sagas: [placeOrder], logger });

  const app = buildApp({
    logger,
    db,
    uow,
    sagas,
    placeOrder,
    ops: {
      readiness: [databaseCheck(db), brokerCheck(broker)],
      policies,
      metrics,
      outboxStats: () => outboxStats(db),
    },
  });

  let shuttingDown = false;
  const shutdown = async (signal: NodeJS.Signals) => {
    if (shuttingDown) {
      logger.warn({ signal }, 'second signal: exiting at once');
      process.exit(1);
    }
    shuttingDown = true;
    logger.info({ signal }, 'shutting down');
    const force = setTimeout(() => {
      logger.error('graceful shutdown took over 30 s: exiting');
      process.exit(1);
    }, 30_000);
    force.unref();
    try {
      // Sagas first: their in-flight step may call this very server. They
      // stop between steps and are resumed by recoverSagas() at the next start.
      await sagas.stop();
      await app.close(); // stops accepting, waits for requests in flight
      await relay.stop();
      await cleanup.stop();
      await broker.close();
      await db.destroy();
      logger.info('shut down');
      await shutdownTelemetry();
      process.exit(0);
    } catch (error) {
      logger.error({ err: error }, 'graceful shutdown failed');
      process.exit(1);
    }
  };
  process.on('SIGTERM', signal => void shutdown(signal));
  process.on('SIGINT', signal => void shutdown(signal));

  await app.listen({ port: config.port, host: config.host });
  if (!dependenciesBaseUrl) {
    const { port } = app.server.address() as AddressInfo;
    const host = ['0.0.0.0', '::', ''].includes(config.host)
      ? '127.0.0.1'
      : config.host;
    dependenciesBaseUrl = `http://${
      host.includes(':') ? `[${host}]` : host
    }:${port}`;
  }
  relay.start();
  // After listen: the sagas' participants may be this server.
  const resumed = await sagas.recoverSagas();
  logger.info(
    { port: config.port, dependenciesBaseUrl, resumedSagas: resumed.length },
    'service started',
  );
}

main().catch(error => {
  // The logger may not exist yet (bad configuration): plain stderr.
  console.error(error instanceof Error ? error.message : error);
  if (error instanceof Error && error.stack) console.error(error.stack);
  process.exit(1);
});
