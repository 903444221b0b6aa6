import type { FastifyInstance } from 'fastify';
import { randomUUID } from 'node:crypto';
import { z } from 'zod';
import { shippingAddressSchema } from '../events/catalog';
import {
  HttpProblem,
  idempotencyKeyOf,
  parseRequest,
  type SagaEngine,
  type UnitOfWorkContext,
  withIdempotencyKey,
} from '@golden-path/service-chassis';
import { idParams, orderLineSchema, sendStored, type DomainDeps } from './http';
import type { PlaceOrderSaga } from './placeOrder';

export const placeOrderBodySchema = z.object({
  customerId: z.string().min(1).max(200),
  items: z.array(orderLineSchema).min(1).max(100),
  paymentMethod: z.string().min(1).max(100),
  shippingAddress: shippingAddressSchema,
});

interface OrderRow {
  id: string;
  customer_id: string;
  status: 'pending' | 'confirmed' | 'cancelled' | 'failed';
  items: string;
  payment_method: string;
  shipping_address: string;
  saga_id: string;
  total_cents: number | null;
  cancel_reason: string | null;
  created_at: number;
  updated_at: number;
}

export interface OrderRoutesDeps extends DomainDeps {
  sagas: SagaEngine;
  placeOrder: PlaceOrderSaga;
}

/**
 * The public API: POST /orders starts the PlaceOrder saga and answers 202 at
 * once; GET /orders/:id shows the order, the saga's status and its step log.
 * An optional Idempotency-Key makes retried POSTs return the first order.
 */
export function registerOrderRoutes(
  app: FastifyInstance,
  deps: OrderRoutesDeps,
): void {
  const now = deps.now ?? Date.now;

  app.post('/orders', async (request, reply) => {
    const key = idempotencyKeyOf(request.headers, false);
    const body = parseRequest(placeOrderBodySchema, request.body);
    const orderId = randomUUID();
    const sagaId = randomUUID();
    const place = async (ctx: UnitOfWorkContext) => {
      const at = now();
      await ctx.trx('orders').insert({
        id: orderId,
        customer_id: body.customerId,
        status: 'pending',
        items: JSON.stringify(body.items),
        payment_method: body.paymentMethod,
        shipping_address: JSON.stringify(body.shippingAddress),
        saga_id: sagaId,
        total_cents: null,
        cancel_reason: null,
        created_at: at,
        updated_at: at,
      });
      await ctx.emit({
        type: 'order.placed',
        aggregateType: 'order',
        aggregateId: orderId,
        payload: { orderId, sagaId, ...body },
      });
      await deps.sagas.begin(
        ctx,
        deps.placeOrder,
        { orderId, ...body },
        { id: sagaId },
      );
      return {
        statusCode: 202,
        body: {
          orderId,
          sagaId,
          status: 'pending',
          location: `/orders/${orderId}`,
        },
      };
    };
    const response = key
      ? await withIdempotencyKey(
          deps.uow,
          { scope: 'POST /orders', key, body, now },
          place,
        )
      : { ...(await deps.uow.run(place)), replayed: false };
    if (!response.replayed) {
      // After the commit: the saga runs in the background; a crash before it
      // finishes is picked up by recoverSagas() at the next start.
      void deps.sagas.execute(sagaId);
    }
    const location = (response.body as { location: string }).location;
    return sendStored(reply.header('location', location), response);
  });

  app.get('/orders/:id', async request => {
    const { id } = parseRequest(idParams, request.params, 'params');
    const row: OrderRow | undefined = await deps
      .db('orders')
      .where({ id })
      .first();
    if (!row) throw new HttpProblem(404, `order ${id} does not exist`);
    const saga = await deps.sagas.describe(row.saga_id);
    return {
      order: {
        id: row.id,
        customerId: row.customer_id,
        status: row.status,
        items: JSON.parse(row.items),
        paymentMethod: row.payment_method,
        shippingAddress: JSON.parse(row.shipping_address),
        totalCents: row.total_cents === null ? null : Number(row.total_cents),
        cancelReason: row.cancel_reason,
        createdAt: Number(row.created_at),
        updatedAt: Number(row.updated_at),
      },
      saga: saga && {
        id: saga.id,
        name: saga.name,
        status: saga.status,
        failedStep: saga.failedStep,
        error: saga.error,
        state: saga.state,
        createdAt: saga.createdAt,
        updatedAt: saga.updatedAt,
        steps: saga.steps,
      },
    };
  });
}
