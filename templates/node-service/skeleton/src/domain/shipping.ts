import type { FastifyInstance } from 'fastify';
import { randomUUID } from 'node:crypto';
import { z } from 'zod';
import { shippingAddressSchema } from '../events/catalog';
import {
  HttpProblem,
  idempotencyKeyOf,
  parseRequest,
  type StoredResponse,
  type UnitOfWorkContext,
  withIdempotencyKey,
} from '@golden-path/service-chassis';
import {
  idParams,
  mergeLines,
  orderLineSchema,
  problem,
  sendStored,
  type DomainDeps,
} from './http';

/**
 * The shipping participant.
 * Failure to inject: an address in a country we do not ship to (AQ,
 * Antarctica) makes the shipment fail (422).
 */
export const UNSHIPPABLE_COUNTRIES: ReadonlySet<string> = new Set(['AQ']);

export const shipmentRequestSchema = z.object({
  orderId: z.string().min(1).max(64),
  address: shippingAddressSchema,
  items: z.array(orderLineSchema).min(1).max(100),
});

interface ShipmentRow {
  id: string;
  order_id: string;
  status: 'created';
  country: string;
  address: string;
  items: string;
  created_at: number;
}

export interface Shipment {
  id: string;
  orderId: string;
  status: 'created';
  address: z.infer<typeof shippingAddressSchema>;
  items: Array<{ sku: string; quantity: number }>;
  createdAt: number;
}

function toShipment(row: ShipmentRow): Shipment {
  return {
    id: row.id,
    orderId: row.order_id,
    status: row.status,
    address: JSON.parse(row.address),
    items: JSON.parse(row.items),
    createdAt: Number(row.created_at),
  };
}

async function createShipment(
  { trx, emit }: UnitOfWorkContext,
  request: z.infer<typeof shipmentRequestSchema>,
  now: number,
): Promise<StoredResponse> {
  const country = request.address.country;
  if (UNSHIPPABLE_COUNTRIES.has(country)) {
    return problem(422, `we do not ship to ${country}`, { country });
  }
  const items = mergeLines(request.items);
  const row: ShipmentRow = {
    id: randomUUID(),
    order_id: request.orderId,
    status: 'created',
    country,
    address: JSON.stringify(request.address),
    items: JSON.stringify(items),
    created_at: now,
  };
  await trx('shipments').insert(row);
  await emit({
    type: 'shipment.created',
    aggregateType: 'shipment',
    aggregateId: row.id,
    payload: { shipmentId: row.id, orderId: row.order_id, country, items },
  });
  return { statusCode: 201, body: toShipment(row) };
}

export function registerShippingRoutes(
  app: FastifyInstance,
  deps: DomainDeps,
): void {
  const now = deps.now ?? Date.now;

  app.post('/shipments', async (request, reply) => {
    const key = idempotencyKeyOf(request.headers, true)!;
    const body = parseRequest(shipmentRequestSchema, request.body);
    const response = await withIdempotencyKey(
      deps.uow,
      { scope: 'POST /shipments', key, body, now },
      ctx => createShipment(ctx, body, now()),
    );
    return sendStored(reply, response);
  });

  app.get('/shipments/:id', async request => {
    const { id } = parseRequest(idParams, request.params, 'params');
    const row = await deps.db('shipments').where({ id }).first();
    if (!row) throw new HttpProblem(404, `shipment ${id} does not exist`);
    return toShipment(row);
  });
}
