import type { FastifyInstance } from 'fastify';
import type { Knex } from 'knex';
import type { AddressInfo } from 'node:net';
import pino from 'pino';
import { buildApp } from '../../src/app';
import {
  createPlaceOrderSaga,
  type PlaceOrderSaga,
} from '../../src/domain/placeOrder';
import { events } from '../../src/events/catalog';
import {
  HttpClient,
  KnexUnitOfWork,
  passthroughPolicy,
  SagaEngine,
  type SagaView,
} from '@golden-path/service-chassis';
import {
  postgresAvailable,
  postgresDatabase,
  sqliteDatabase,
  type TestDatabase,
} from '@golden-path/service-chassis/testing';
import { domainMigrations } from '../../src/db/migrations/domain';

/** SQLite always, PostgreSQL when it answers (CI=true: must answer). */
export async function placeOrderDatabases(): Promise<
  Array<{ name: string; create: () => Promise<TestDatabase> }>
> {
  const list = [
    { name: 'sqlite', create: () => sqliteDatabase(domainMigrations) },
  ];
  if (await postgresAvailable()) {
    list.push({
      name: 'postgres',
      create: () => postgresDatabase(domainMigrations),
    });
  }
  return list;
}

export interface EngineOptions {
  /** The fetch the saga's HTTP client uses (fault injection). */
  fetch?: typeof fetch;
  timeoutMs?: number;
  retry?: { maxAttempts: number; backoffMs: number };
  /** The engine's lease on the sagas it runs (default 30 s). */
  leaseTtlMs?: number;
}

export interface PlaceOrderService {
  db: Knex;
  app: FastifyInstance;
  baseUrl: string;
  engine: SagaEngine;
  placeOrder: PlaceOrderSaga;
  /** Another runner on the same database and server (a restarted process). */
  newEngine(options?: EngineOptions): SagaEngine;
  /** POST /orders (through app.inject); the body merged over a valid order. */
  order(
    overrides?: Record<string, unknown>,
  ): Promise<{ orderId: string; sagaId: string }>;
  /** Waits for the saga's run in `engine` (if any) and returns the saga as stored. */
  settle(sagaId: string, engine?: SagaEngine): Promise<SagaView>;
  /** Outbox event types in order (optionally only after `afterPosition`). */
  outbox(): Promise<Array<{ type: string; aggregateId: string; payload: any }>>;
  close(): Promise<void>;
}

export const validOrder = {
  customerId: 'customer-1',
  items: [
    { sku: 'WIDGET', quantity: 2 },
    { sku: 'GADGET', quantity: 1 },
  ],
  paymentMethod: 'visa-4242',
  shippingAddress: {
    name: 'Ada Lovelace',
    line1: '12 Example Street',
    city: 'London',
    postalCode: 'N1 1AA',
    country: 'GB',
  },
};

/**
 * The service as in production, minus the relay: the participants' routes
 * on a real listening server (port 0), the saga engine calling them over
 * HTTP at its address, passthrough policies (so retries are the saga's).
 */
export async function startPlaceOrderService(
  database: TestDatabase,
  options: EngineOptions = {},
): Promise<PlaceOrderService> {
  const { db } = database;
  const logger = pino({ level: 'silent' });
  const uow = new KnexUnitOfWork(db, events);
  let baseUrl = '';
  const makeEngine = (engineOptions: EngineOptions) => {
    const client = new HttpClient({
      baseUrl: () => baseUrl,
      policyFor: passthroughPolicy,
      fetch: engineOptions.fetch,
    });
    const placeOrder = createPlaceOrderSaga({
      client,
      timeoutMs: engineOptions.timeoutMs ?? 10_000,
      retry: engineOptions.retry ?? { maxAttempts: 3, backoffMs: 1 },
    });
    return {
      placeOrder,
      engine: new SagaEngine({
        db,
        uow,
        sagas: [placeOrder],
        logger,
        leaseTtlMs: engineOptions.leaseTtlMs,
      }),
    };
  };
  const { engine, placeOrder } = makeEngine(options);
  const engines = [engine];
  const app = buildApp({ logger, db, uow, sagas: engine, placeOrder });
  await app.listen({ port: 0, host: '127.0.0.1' });
  baseUrl = `http://127.0.0.1:${(app.server.address() as AddressInfo).port}`;

  return {
    db,
    app,
    baseUrl,
    engine,
    placeOrder,
    newEngine(engineOptions = {}) {
      const made = makeEngine(engineOptions).engine;
      engines.push(made);
      return made;
    },
    async order(overrides = {}) {
      const response = await app.inject({
        method: 'POST',
        url: '/orders',
        payload: { ...validOrder, ...overrides },
      });
      if (response.statusCode !== 202) {
        throw new Error(
          `POST /orders answered ${response.statusCode}: ${response.body}`,
        );
      }
      return response.json();
    },
    async settle(sagaId, runner = engine) {
      await runner.settled(sagaId);
      const saga = await runner.describe(sagaId);
      if (!saga) throw new Error(`saga ${sagaId} does not exist`);
      return saga;
    },
    async outbox() {
      const rows = await db('outbox')
        .orderBy('position')
        .select('event_type', 'aggregate_id', 'payload');
      return rows.map(row => ({
        type: row.event_type,
        aggregateId: row.aggregate_id,
        payload: JSON.parse(row.payload),
      }));
    },
    async close() {
      for (const runner of engines) await runner.stop();
      await app.close();
      await database.destroy();
    },
  };
}

/**
 * A fetch that lets a test step in: `on(request)` may return a Response (or
 * throw) instead of calling the real fetch, or return undefined to pass.
 */
export function interceptingFetch(
  on: (
    request: { method: string; path: string; attempt: number },
    forward: () => Promise<Response>,
    signal: AbortSignal | undefined,
  ) => Promise<Response | undefined> | Response | undefined,
): typeof fetch {
  const seen = new Map<string, number>();
  return async (input, init) => {
    const url = new URL(input instanceof Request ? input.url : String(input));
    const method = init?.method ?? 'GET';
    const key = `${method} ${url.pathname}`;
    const attempt = (seen.get(key) ?? 0) + 1;
    seen.set(key, attempt);
    const forward = () => fetch(input, init);
    const answer = await on(
      { method, path: url.pathname, attempt },
      forward,
      init?.signal ?? undefined,
    );
    return answer ?? forward();
  };
}

/** A saga's step log as `phase step #attempt status` lines, for exact assertions. */
export const stepLog = (saga: {
  steps: Array<{
    step: string;
    phase: string;
    status: string;
    attempt: number;
  }>;
}) => saga.steps.map(s => `${s.phase} ${s.step} #${s.attempt} ${s.status}`);
