import {
  createHttpServer,
  registerOps,
  type AnyFastifyInstance,
  type Logger,
  type OpsDeps,
  type SagaEngine,
  type UnitOfWork,
} from '@golden-path/service-chassis';
import type { FastifyInstance } from 'fastify';
import type { Knex } from 'knex';
import { registerCustomerStatsRoutes } from './domain/customerStats';
import { registerInventoryRoutes } from './domain/inventory';
import { registerOrderRoutes } from './domain/orders';
import { registerPaymentRoutes } from './domain/payments';
import type { PlaceOrderSaga } from './domain/placeOrder';
import { registerShippingRoutes } from './domain/shipping';

export interface RouteDeps {
  db: Knex;
  uow: UnitOfWork;
  sagas: SagaEngine;
  placeOrder: PlaceOrderSaga;
  now?: () => number;
}

/**
 * The service's HTTP API: the public order API and the PlaceOrder
 * participants (which in this example live in the same service and are
 * called over HTTP like any other dependency).
 */
export function registerRoutes(app: AnyFastifyInstance, deps: RouteDeps): void {
  const domain = { db: deps.db, uow: deps.uow, now: deps.now };
  registerOrderRoutes(app, {
    ...domain,
    sagas: deps.sagas,
    placeOrder: deps.placeOrder,
  });
  registerInventoryRoutes(app, domain);
  registerPaymentRoutes(app, domain);
  registerShippingRoutes(app, domain);
  registerCustomerStatsRoutes(app, domain);
}

export interface AppDeps extends RouteDeps {
  logger: Logger;
  /** Health, metrics and request hooks; left out by tests that do not need them. */
  ops?: OpsDeps;
}

/**
 * The routes on a server with the chassis' error contract (tests; server.ts
 * uses the runtime's server, which has the ops endpoints already).
 */
export function buildApp(deps: AppDeps): FastifyInstance {
  const app = createHttpServer({ logger: deps.logger });
  // Ops first: its hooks (metrics, span route names) must see every route.
  if (deps.ops) registerOps(app, deps.ops);
  registerRoutes(app, deps);
  return app;
}
