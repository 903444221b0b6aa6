import {
  isHttpDependencyFailure,
  ServiceRuntime,
} from '@golden-path/service-chassis';
import { registerRoutes } from './app';
import { loadConfig } from './config';
import { domainMigrations } from './db/migrations/domain';
import {
  applyOrderEvent,
  CUSTOMER_STATS_CONSUMER,
  customerStatsSubjects,
} from './domain/customerStats';
import {
  createPlaceOrderSaga,
  PLACE_ORDER_DEPENDENCIES,
} from './domain/placeOrder';
import { events } from './events/catalog';

/**
 * The composition root. The chassis runs the plumbing (database and
 * migrations, broker, outbox relay, sagas, policies, health, metrics,
 * graceful shutdown); this file adds the service's own parts.
 */
async function main(): Promise<void> {
  const config = loadConfig();
  const runtime = await ServiceRuntime.create({
    config,
    events,
    migrations: domainMigrations,
  });

  // One resilience policy per dependency; a 4xx answer is not its failure.
  for (const dependency of Object.values(PLACE_ORDER_DEPENDENCIES)) {
    runtime.policies.create(dependency, {
      isDependencyFailure: isHttpDependencyFailure,
    });
  }
  // By default the PlaceOrder participants are this service's own routes.
  const client = runtime.httpClient(config.dependenciesBaseUrl);
  const placeOrder = createPlaceOrderSaga({ client });
  const sagas = runtime.sagaEngine([placeOrder]);

  // An example consumer: the customer statistics read model.
  runtime.consumer({
    name: CUSTOMER_STATS_CONSUMER,
    subjects: customerStatsSubjects(config.eventPrefix),
    handle: (message, trx) => applyOrderEvent(message, trx),
  });

  registerRoutes(runtime.httpServer(), {
    db: runtime.db,
    uow: runtime.uow,
    sagas,
    placeOrder,
  });
  await runtime.runUntilSignalled();
}

main().catch(error => {
  // The logger may not exist yet (bad configuration): plain stderr.
  console.error(error instanceof Error ? error.message : error);
  if (error instanceof Error && error.stack) console.error(error.stack);
  process.exit(1);
});
