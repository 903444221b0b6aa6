import type { z } from 'zod';
import type { shippingAddressSchema } from '../events/catalog';
import {
  defineSaga,
  HttpError,
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
  /**
   * Default: 3 attempts, 1 s backoff (doubling), and a try every second
   * (jittered) while a dependency's breaker is open. The policies retry the
   * millisecond blips within each call; saga retries are for outages of
   * seconds, and the engine's retry budget stops them from multiplying the
   * load on a dependency that fails every call.
   */
  retry?: {
    maxAttempts: number;
    backoffMs: number;
    waitWhileUnavailableMs?: number;
  };
  /**
   * Default 2 min: an order is confirmed or cancelled by then. Longer than
   * the longest half-open delay of a breaker (30 s, best-effort tier), so a
   * dependency that comes back is waited for instead of cancelling orders.
   */
  deadlineMs?: number;
}

/**
 * What the invoke under `call` did, found by repeating it with the invoke's
 * Idempotency-Key: the participant answers with the stored outcome of the
 * first call, without acting again. undefined: the participant refused it
 * (a 4xx is decided before anything is written), nothing to undo.
 *
 * Why: a step whose call failed or timed out is compensated too (the
 * participant may have acted, only the answer was lost), and then the
 * state lacks the reservation or payment id the compensation needs. The
 * participants offer no lookup by order or by key, but they store every
 * answer under its key. If the first call never arrived, this call makes the
 * reservation or payment, which the compensation undoes at once; the key is
 * then taken, so the first call arriving late changes nothing.
 */
async function invokeOutcome<T>(
  call: () => Promise<T>,
): Promise<T | undefined> {
  try {
    return await call();
  } catch (error) {
    if (error instanceof HttpError && !error.retryable) return undefined;
    throw error;
  }
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
 * failure compensates in reverse, the failed step included: refund the
 * payment, release the reservation. Every call carries the step's
 * idempotency key, so a retry or a re-run after a crash has no second
 * effect. The order row follows the saga's outcome in the saga's final
 * transaction.
 */
export function createPlaceOrderSaga(
  options: PlaceOrderOptions,
): PlaceOrderSaga {
  const { client } = options;
  const timeoutMs = options.timeoutMs ?? 10_000;
  const retry = options.retry ?? {
    maxAttempts: 3,
    backoffMs: 1_000,
    waitWhileUnavailableMs: 1_000,
  };
  const deadlineMs = options.deadlineMs ?? 120_000;
  const deps = PLACE_ORDER_DEPENDENCIES;

  const reserve = (
    input: PlaceOrderInput,
    idempotencyKey: string,
    signal: AbortSignal,
  ) =>
    client.request<Reservation>(deps.inventory, {
      method: 'POST',
      path: '/inventory/reservations',
      body: { orderId: input.orderId, items: input.items },
      idempotencyKey,
      signal,
    });
  const charge = (
    input: PlaceOrderInput,
    state: PlaceOrderState,
    idempotencyKey: string,
    signal: AbortSignal,
  ) =>
    client.request<Payment>(deps.payment, {
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

  return defineSaga<PlaceOrderInput, PlaceOrderState>({
    name: 'PlaceOrder',
    initialState: () => ({}),
    deadlineMs,
    steps: [
      {
        name: 'reserve-inventory',
        timeoutMs,
        retry,
        async invoke({ input, idempotencyKey, signal }) {
          const reservation = await reserve(input, idempotencyKey, signal);
          return {
            reservationId: reservation.id,
            totalCents: reservation.totalCents,
          };
        },
        async compensate({ input, state, invokeIdempotencyKey, signal }) {
          const id =
            state.reservationId ??
            (
              await invokeOutcome(() =>
                reserve(input, invokeIdempotencyKey, signal),
              )
            )?.id;
          if (id === undefined) return;
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
          const payment = await charge(input, state, idempotencyKey, signal);
          return { paymentId: payment.id };
        },
        async compensate({
          input,
          state,
          idempotencyKey,
          invokeIdempotencyKey,
          signal,
        }) {
          const id =
            state.paymentId ??
            (
              await invokeOutcome(() =>
                charge(input, state, invokeIdempotencyKey, signal),
              )
            )?.id;
          if (id === undefined) return;
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
