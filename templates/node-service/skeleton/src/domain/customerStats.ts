import type { FastifyInstance } from 'fastify';
import type { Knex } from 'knex';
import {
  HttpProblem,
  parseRequest,
  type IncomingMessage,
} from '@golden-path/service-chassis';
import { idParams } from './http';

/**
 * An example read model fed by events: orders placed, confirmed and
 * cancelled per customer, kept by an idempotent consumer of this service's
 * own `order.*` events (in a real system another service would consume them;
 * the code is the same). Each message is handled once, in the transaction
 * that records it in the inbox, so a redelivery never counts twice.
 */
export const CUSTOMER_STATS_CONSUMER = 'customer-stats';

interface StatsRow {
  customer_id: string;
  placed: number;
  confirmed: number;
  cancelled: number;
  confirmed_cents: number;
  updated_at: number;
}

export interface CustomerStats {
  customerId: string;
  placed: number;
  confirmed: number;
  cancelled: number;
  confirmedCents: number;
  updatedAt: number;
}

/** The subjects the consumer reads: every order event of this service. */
export const customerStatsSubjects = (eventPrefix: string) => [
  `${eventPrefix}.order.*`,
];

/** Applies one order event to the read model, inside the consumer's transaction. */
export async function applyOrderEvent(
  message: IncomingMessage,
  trx: Knex.Transaction,
  now: () => number = Date.now,
): Promise<void> {
  const type = message.headers['event-type'];
  const payload = JSON.parse(message.body) as {
    orderId: string;
    customerId?: string;
    totalCents?: number;
  };
  const column =
    type === 'order.placed'
      ? 'placed'
      : type === 'order.confirmed'
      ? 'confirmed'
      : type === 'order.cancelled'
      ? 'cancelled'
      : undefined;
  if (!column) return; // an order event this read model does not count
  const customerId =
    payload.customerId ??
    (
      (await trx('orders')
        .where({ id: payload.orderId })
        .first('customer_id')) as { customer_id: string } | undefined
    )?.customer_id;
  if (!customerId) {
    // Thrown: the message is retried, then parked for an operator.
    throw new Error(
      `${type} for order ${payload.orderId}: the order is not in the orders table`,
    );
  }
  const at = now();
  await trx('customer_order_stats')
    .insert({
      customer_id: customerId,
      placed: 0,
      confirmed: 0,
      cancelled: 0,
      confirmed_cents: 0,
      updated_at: at,
    })
    .onConflict('customer_id')
    .ignore();
  await trx('customer_order_stats')
    .where({ customer_id: customerId })
    .increment(column, 1)
    .increment(
      'confirmed_cents',
      column === 'confirmed' ? payload.totalCents ?? 0 : 0,
    )
    .update({ updated_at: at });
}

/** GET /customers/:id/stats: the read model, 404 for a customer never seen. */
export function registerCustomerStatsRoutes(
  app: FastifyInstance,
  deps: { db: Knex },
): void {
  app.get('/customers/:id/stats', async request => {
    const { id } = parseRequest(idParams, request.params, 'params');
    const row = (await deps
      .db('customer_order_stats')
      .where({ customer_id: id })
      .first()) as StatsRow | undefined;
    if (!row) throw new HttpProblem(404, `No orders seen for customer ${id}`);
    const stats: CustomerStats = {
      customerId: row.customer_id,
      placed: Number(row.placed),
      confirmed: Number(row.confirmed),
      cancelled: Number(row.cancelled),
      confirmedCents: Number(row.confirmed_cents),
      updatedAt: Number(row.updated_at),
    };
    return stats;
  });
}
