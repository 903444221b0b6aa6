import type { FastifyInstance } from 'fastify';
import { randomUUID } from 'node:crypto';
import { z } from 'zod';
import {
  HttpProblem,
  idempotencyKeyOf,
  parseRequest,
  type StoredResponse,
  type UnitOfWorkContext,
  withIdempotencyKey,
} from '@golden-path/service-chassis';
import { idParams, problem, sendStored, type DomainDeps } from './http';

/**
 * The payment participant (a stand-in for a payment provider).
 * Failure to inject: the payment method 'declined-card' is declined (402).
 */
export const DECLINED_PAYMENT_METHOD = 'declined-card';

export const chargeRequestSchema = z.object({
  orderId: z.string().min(1).max(64),
  amountCents: z.number().int().nonnegative(),
  method: z.string().min(1).max(100),
});

interface PaymentRow {
  id: string;
  order_id: string;
  status: 'charged' | 'refunded';
  method: string;
  amount_cents: number;
  created_at: number;
  refunded_at: number | null;
}

export interface Payment {
  id: string;
  orderId: string;
  status: 'charged' | 'refunded';
  method: string;
  amountCents: number;
  createdAt: number;
  refundedAt: number | null;
}

function toPayment(row: PaymentRow): Payment {
  return {
    id: row.id,
    orderId: row.order_id,
    status: row.status,
    method: row.method,
    amountCents: Number(row.amount_cents),
    createdAt: Number(row.created_at),
    refundedAt: row.refunded_at === null ? null : Number(row.refunded_at),
  };
}

async function charge(
  { trx, emit }: UnitOfWorkContext,
  request: z.infer<typeof chargeRequestSchema>,
  now: number,
): Promise<StoredResponse> {
  if (request.method === DECLINED_PAYMENT_METHOD) {
    return problem(402, 'the payment method was declined', {
      reason: 'card_declined',
    });
  }
  const row: PaymentRow = {
    id: randomUUID(),
    order_id: request.orderId,
    status: 'charged',
    method: request.method,
    amount_cents: request.amountCents,
    created_at: now,
    refunded_at: null,
  };
  await trx('payments').insert(row);
  await emit({
    type: 'payment.charged',
    aggregateType: 'payment',
    aggregateId: row.id,
    payload: {
      paymentId: row.id,
      orderId: row.order_id,
      amountCents: row.amount_cents,
      method: row.method,
    },
  });
  return { statusCode: 201, body: toPayment(row) };
}

export function registerPaymentRoutes(
  app: FastifyInstance,
  deps: DomainDeps,
): void {
  const now = deps.now ?? Date.now;

  app.post('/payments', async (request, reply) => {
    const key = idempotencyKeyOf(request.headers, true)!;
    const body = parseRequest(chargeRequestSchema, request.body);
    const response = await withIdempotencyKey(
      deps.uow,
      { scope: 'POST /payments', key, body, now },
      ctx => charge(ctx, body, now()),
    );
    return sendStored(reply, response);
  });

  app.get('/payments/:id', async request => {
    const { id } = parseRequest(idParams, request.params, 'params');
    const row = await deps.db('payments').where({ id }).first();
    if (!row) throw new HttpProblem(404, `payment ${id} does not exist`);
    return toPayment(row);
  });

  // Idempotent by nature (an Idempotency-Key is accepted but not needed): a
  // second refund of the same payment changes nothing and answers the same.
  app.post('/payments/:id/refund', async request => {
    const { id } = parseRequest(idParams, request.params, 'params');
    idempotencyKeyOf(request.headers, false);
    return deps.uow.run(async ({ trx, emit }) => {
      const row: PaymentRow | undefined = await trx('payments')
        .where({ id })
        .first();
      if (!row) throw new HttpProblem(404, `payment ${id} does not exist`);
      const refundedAt = now();
      const refunded = await trx('payments')
        .where({ id, status: 'charged' })
        .update({ status: 'refunded', refunded_at: refundedAt });
      if (refunded === 0) {
        return toPayment(await trx('payments').where({ id }).first());
      }
      await emit({
        type: 'payment.refunded',
        aggregateType: 'payment',
        aggregateId: id,
        payload: {
          paymentId: id,
          orderId: row.order_id,
          amountCents: Number(row.amount_cents),
        },
      });
      return toPayment({ ...row, status: 'refunded', refunded_at: refundedAt });
    });
  });
}
