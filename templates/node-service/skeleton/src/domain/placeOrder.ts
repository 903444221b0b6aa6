import type { z } from 'zod';
import type { shippingAddressSchema } from '../events/catalog';
import {
  defineSaga,
  type HttpClient,
  type SagaDefinition,
} from '@golden-path/service-chassis';
import type { Reservation } from './inventory';
import type { Payment } from './payments';
import type { Shipment } from './shipping';

export interface PlaceOrderInput {
  orderId: string;
  customerId: string;
  items: Array<{ sku: string; quantity: number }>;
  paymentMethod: string;
  shippingAddress: z.infer<typeof shippingAddressSchema>;
}

/** What the steps learned: the participants' ids and the price. */
export interface PlaceOrderState {
  reservationId?: string;
  totalCents?: number;
  paymentId?: string;
  shipmentId?: string;
}

export type PlaceOrderSaga = SagaDefinition<PlaceOrderInput, PlaceOrderState>;

/** The names of the dependencies (one policy each). */
export const PLACE_ORDER_DEPENDENCIES = {
  inventory: 'inventory-http',
  payment: 'payment-http',
  shipping: 'shipping-http',
} as const;

export interface PlaceOrderOptions {
  /** Calls the participants at the configured dependenciesBaseUrl. */
  client: HttpClient;
  /** Per step attempt; default 10 s. */
  timeoutMs?: number;
  /** Default: 3 attempts, 200 ms backoff (doubling). */
  retry?: { maxAttempts: number; backoffMs: number };
}

function required<T>(value: T | undefined, what: string): T {
  if (value === undefined) {
    throw new Error(
      `PlaceOrder state has no ${what}: the step that sets it did not complete`,
    );
  }
  return value;
}

/**
 * PlaceOrder: reserve inventory -> charge payment -> create shipment. A
 * failure compensates in reverse: refund the payment, release the
 * reservation. Every call carries the step's idempotency key, so a retry or a
 * re-run after a crash has no second effect. The order row follows the
 * saga's outcome in the saga's final transaction.
 */
export function createPlaceOrderSaga(
  options: PlaceOrderOptions,
): PlaceOrderSaga {
  const { client } = options;
  const timeoutMs = options.timeoutMs ?? 10_000;
  const retry = options.retry ?? { maxAttempts: 3, backoffMs: 200 };
  const deps = PLACE_ORDER_DEPENDENCIES;

  return defineSaga<PlaceOrderInput, PlaceOrderState>({
    name: 'PlaceOrder',
    initialState: () => ({}),
    steps: [
      {
        name: 'reserve-inventory',
        timeoutMs,
        retry,
        async invoke({ input, idempotencyKey, signal }) {
          const reservation = await client.request<Reservation>(
            deps.inventory,
            {
              method: 'POST',
              path: '/inventory/reservations',
              body: { orderId: input.orderId, items: input.items },
              idempotencyKey,
              signal,
            },
          );
          return {
            reservationId: reservation.id,
            totalCents: reservation.totalCents,
          };
        },
        async compensate({ state, signal }) {
          const id = required(state.reservationId, 'reservationId');
          await client.request(deps.inventory, {
            method: 'DELETE',
            path: `/inventory/reservations/${encodeURIComponent(id)}`,
            signal,
          });
        },
      },
      {
        name: 'charge-payment',
        timeoutMs,
        retry,
        async invoke({ input, state, idempotencyKey, signal }) {
          const payment = await client.request<Payment>(deps.payment, {
            method: 'POST',
            path: '/payments',
            body: {
              orderId: input.orderId,
              amountCents: required(state.totalCents, 'totalCents'),
              method: input.paymentMethod,
            },
            idempotencyKey,
            signal,
          });
          return { paymentId: payment.id };
        },
        async compensate({ state, idempotencyKey, signal }) {
          const id = required(state.paymentId, 'paymentId');
          await client.request(deps.payment, {
            method: 'POST',
            path: `/payments/${encodeURIComponent(id)}/refund`,
            idempotencyKey,
            signal,
          });
        },
      },
      {
        name: 'create-shipment',
        timeoutMs,
        retry,
        async invoke({ input, idempotencyKey, signal }) {
          const shipment = await client.request<Shipment>(deps.shipping, {
            method: 'POST',
            path: '/shipments',
            body: {
              orderId: input.orderId,
              address: input.shippingAddress,
              items: input.items,
            },
            idempotencyKey,
            signal,
          });
          return { shipmentId: shipment.id };
        },
      },
    ],
    async onCompleted({ trx, emit, sagaId, input, state }) {
      const totalCents = required(state.totalCents, 'totalCents');
      await trx('orders').where({ id: input.orderId }).update({
        status: 'confirmed',
        total_cents: totalCents,
        updated_at: Date.now(),
      });
      await emit({
        type: 'order.confirmed',
        aggregateType: 'order',
        aggregateId: input.orderId,
        payload: {
          orderId: input.orderId,
          sagaId,
          reservationId: required(state.reservationId, 'reservationId'),
          paymentId: required(state.paymentId, 'paymentId'),
          shipmentId: required(state.shipmentId, 'shipmentId'),
          totalCents,
        },
      });
    },
    async onCompensated({ trx, emit, sagaId, input, failedStep, error }) {
      await trx('orders').where({ id: input.orderId }).update({
        status: 'cancelled',
        cancel_reason: error,
        updated_at: Date.now(),
      });
      await emit({
        type: 'order.cancelled',
        aggregateType: 'order',
        aggregateId: input.orderId,
        payload: { orderId: input.orderId, sagaId, failedStep, reason: error },
      });
    },
    async onFailed({ trx, input, error }) {
      // Not cleanly cancelled: a compensation is stuck (saga.failed tells operators).
      await trx('orders').where({ id: input.orderId }).update({
        status: 'failed',
        cancel_reason: error,
        updated_at: Date.now(),
      });
    },
  });
}
