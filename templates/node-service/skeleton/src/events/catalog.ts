import { z } from 'zod';
import { defineSagaEvents, EventRegistry } from '@golden-path/service-chassis';

/**
 * Every event this service emits, with its payload schema. The unit of work
 * validates each payload against it before the outbox row is written, and the
 * AsyncAPI document is generated from it. Add an event here before emitting it.
 */
export const events = new EventRegistry();

const id = z.string().min(1).max(64);
const cents = z.number().int().nonnegative();
const orderLine = z.object({
  sku: z.string().min(1).max(100),
  quantity: z.number().int().positive(),
});
const pricedLine = orderLine.extend({ unitPriceCents: cents });

export const shippingAddressSchema = z.object({
  name: z.string().min(1).max(200),
  line1: z.string().min(1).max(200),
  line2: z.string().max(200).optional(),
  city: z.string().min(1).max(100),
  postalCode: z.string().min(1).max(20),
  /** ISO 3166-1 alpha-2, upper case. */
  country: z
    .string()
    .regex(/^[A-Z]{2}$/, 'must be an ISO 3166-1 alpha-2 code such as DE'),
});

// Orders ---------------------------------------------------------------------

export const orderPlaced = events.define({
  type: 'order.placed',
  aggregateType: 'order',
  description:
    'An order was accepted; the PlaceOrder saga (reserve, charge, ship) has started.',
  schema: z.object({
    orderId: id,
    sagaId: id,
    customerId: z.string().min(1).max(200),
    items: z.array(orderLine).min(1),
    paymentMethod: z.string().min(1).max(100),
    shippingAddress: shippingAddressSchema,
  }),
});

export const orderConfirmed = events.define({
  type: 'order.confirmed',
  aggregateType: 'order',
  description:
    'Stock is reserved, the payment charged and the shipment created: the order is confirmed.',
  schema: z.object({
    orderId: id,
    sagaId: id,
    reservationId: id,
    paymentId: id,
    shipmentId: id,
    totalCents: cents,
  }),
});

export const orderCancelled = events.define({
  type: 'order.cancelled',
  aggregateType: 'order',
  description:
    'A step of the PlaceOrder saga failed and everything done before it was undone.',
  schema: z.object({
    orderId: id,
    sagaId: id,
    failedStep: z.string().min(1),
    reason: z.string().min(1),
  }),
});

// Inventory ------------------------------------------------------------------

export const inventoryReserved = events.define({
  type: 'inventory.reserved',
  aggregateType: 'inventory-reservation',
  description: "Stock was set aside for an order's items.",
  schema: z.object({
    reservationId: id,
    orderId: id,
    items: z.array(pricedLine).min(1),
    totalCents: cents,
  }),
});

export const inventoryReleased = events.define({
  type: 'inventory.released',
  aggregateType: 'inventory-reservation',
  description: 'A reservation was released: its stock is available again.',
  schema: z.object({
    reservationId: id,
    orderId: id,
    items: z.array(orderLine).min(1),
  }),
});

// Payments -------------------------------------------------------------------

export const paymentCharged = events.define({
  type: 'payment.charged',
  aggregateType: 'payment',
  description: "The customer's payment method was charged for an order.",
  schema: z.object({
    paymentId: id,
    orderId: id,
    amountCents: cents,
    method: z.string().min(1).max(100),
  }),
});

export const paymentRefunded = events.define({
  type: 'payment.refunded',
  aggregateType: 'payment',
  description: 'A charged payment was refunded in full.',
  schema: z.object({
    paymentId: id,
    orderId: id,
    amountCents: cents,
  }),
});

// Shipping -------------------------------------------------------------------

export const shipmentCreated = events.define({
  type: 'shipment.created',
  aggregateType: 'shipment',
  description: "A shipment was created for an order's items.",
  schema: z.object({
    shipmentId: id,
    orderId: id,
    country: z.string().regex(/^[A-Z]{2}$/),
    items: z.array(orderLine).min(1),
  }),
});

// The saga engine's lifecycle events (saga.started ... saga.failed), from the chassis.
defineSagaEvents(events);
