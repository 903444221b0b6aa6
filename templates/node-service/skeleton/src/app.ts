import Fastify, { type FastifyError, type FastifyInstance } from 'fastify';
import type { Knex } from 'knex';
import { randomUUID } from 'node:crypto';
import { STATUS_CODES } from 'node:http';
import { registerInventoryRoutes } from './domain/inventory';
import { registerOrderRoutes } from './domain/orders';
import { registerPaymentRoutes } from './domain/payments';
import type { PlaceOrderSaga } from './domain/placeOrder';
import { registerShippingRoutes } from './domain/shipping';
import { HttpProblem, RequestValidationError } from './http/validation';
import type { Logger } from './logger';
import { registerOps, type OpsDeps } from './ops/plugin';
import type { UnitOfWork } from './outbox/types';
import type { SagaEngine } from './saga/engine';

export interface AppDeps {
  logger: Logger;
  db: Knex;
  uow: UnitOfWork;
  sagas: SagaEngine;
  placeOrder: PlaceOrderSaga;
  /** Health, metrics and request hooks; left out by tests that do not need them. */
  ops?: OpsDeps;
  now?: () => number;
}

/**
 * The HTTP API: the public order API, the PlaceOrder participants (which in
 * this example live in the same service and are called over HTTP like any
 * other dependency) and, given `ops`, health and metrics.
 *
 * Every error answer is JSON `{ error, message }` (400: `{ error, issues }`);
 * 5xx answers never carry internals, the log has them (with the request id).
 */
export function buildApp(deps: AppDeps): FastifyInstance {
  const app = Fastify({
    loggerInstance: deps.logger,
    requestIdHeader: 'x-request-id',
    genReqId: () => randomUUID(),
    bodyLimit: 1024 * 1024,
  }) as unknown as FastifyInstance;

  app.setErrorHandler((error: FastifyError | Error, request, reply) => {
    if (error instanceof RequestValidationError) {
      return reply.code(400).send({
        error: 'Bad Request',
        message: error.message,
        issues: error.issues,
      });
    }
    if (error instanceof HttpProblem) {
      return reply.code(error.statusCode).send({
        error: STATUS_CODES[error.statusCode] ?? 'Error',
        message: error.message,
        ...error.details,
      });
    }
    const status =
      'statusCode' in error && typeof error.statusCode === 'number'
        ? error.statusCode
        : 500;
    if (status >= 400 && status < 500) {
      // Fastify's own refusals: malformed JSON, body too large, bad content type...
      request.log.info({ err: error }, 'request refused');
      const body: Record<string, unknown> = {
        error: STATUS_CODES[status] ?? 'Error',
        message: error.message,
      };
      if (status === 400) body.issues = [{ path: [], message: error.message }];
      return reply.code(status).send(body);
    }
    request.log.error({ err: error }, 'request failed');
    return reply.code(500).send({
      error: 'Internal Server Error',
      message: `Something went wrong; quote request id ${request.id} when reporting it`,
    });
  });

  app.setNotFoundHandler((request, reply) =>
    reply.code(404).send({
      error: 'Not Found',
      message: `No route for ${request.method} ${request.url.split('?')[0]}`,
    }),
  );

  // Ops first: its hooks (metrics, span route names) must see every route.
  if (deps.ops) registerOps(app, deps.ops);

  const domain = { db: deps.db, uow: deps.uow, now: deps.now };
  registerOrderRoutes(app, {
    ...domain,
    sagas: deps.sagas,
    placeOrder: deps.placeOrder,
  });
  registerInventoryRoutes(app, domain);
  registerPaymentRoutes(app, domain);
  registerShippingRoutes(app, domain);

  return app;
}
