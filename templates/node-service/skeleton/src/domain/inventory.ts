import type { FastifyInstance } from 'fastify';
import { randomUUID } from 'node:crypto';
import { z } from 'zod';
import {
  HttpProblem,
  idempotencyKeyOf,
  isPostgres,
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
 * The inventory participant: stock per SKU and reservations against it.
 * Failure to inject: a SKU without enough stock (e.g. SOLD-OUT, or any SKU
 * set to 0 with PUT /inventory/stock/:sku) makes the reservation fail (409).
 */

const stockBody = z.object({
  available: z.number().int().nonnegative(),
  priceCents: z.number().int().nonnegative(),
});

export const reservationRequestSchema = z.object({
  orderId: z.string().min(1).max(64),
  items: z.array(orderLineSchema).min(1).max(100),
});

interface ReservationRow {
  id: string;
  order_id: string;
  status: 'reserved' | 'released';
  items: string;
  total_cents: number;
  created_at: number;
  released_at: number | null;
}

export interface Reservation {
  id: string;
  orderId: string;
  status: 'reserved' | 'released';
  items: Array<{ sku: string; quantity: number; unitPriceCents: number }>;
  totalCents: number;
  createdAt: number;
  releasedAt: number | null;
}

function toReservation(row: ReservationRow): Reservation {
  return {
    id: row.id,
    orderId: row.order_id,
    status: row.status,
    items: JSON.parse(row.items),
    totalCents: Number(row.total_cents),
    createdAt: Number(row.created_at),
    releasedAt: row.released_at === null ? null : Number(row.released_at),
  };
}

async function reserve(
  { trx, emit }: UnitOfWorkContext,
  request: z.infer<typeof reservationRequestSchema>,
  now: number,
): Promise<StoredResponse> {
  const lines = mergeLines(request.items);
  let query = trx('inventory_stock').whereIn(
    'sku',
    lines.map(line => line.sku),
  );
  if (isPostgres(trx)) query = query.forUpdate();
  const stock: Array<{ sku: string; available: number; price_cents: number }> =
    await query.select('sku', 'available', 'price_cents');
  const bySku = new Map(stock.map(row => [row.sku, row]));
  // Refusals are decided before anything is written (they are stored and replayed).
  const unknown = lines.filter(line => !bySku.has(line.sku));
  if (unknown.length > 0) {
    return problem(
      422,
      `unknown SKU(s): ${unknown.map(l => l.sku).join(', ')}`,
      {
        skus: unknown.map(l => l.sku),
      },
    );
  }
  const short = lines.filter(
    line => bySku.get(line.sku)!.available < line.quantity,
  );
  if (short.length > 0) {
    return problem(
      409,
      `insufficient stock for ${short.map(l => l.sku).join(', ')}`,
      {
        shortages: short.map(line => ({
          sku: line.sku,
          requested: line.quantity,
          available: bySku.get(line.sku)!.available,
        })),
      },
    );
  }
  for (const line of lines) {
    const updated = await trx('inventory_stock')
      .where({ sku: line.sku })
      .andWhere('available', '>=', line.quantity)
      .update({
        available: trx.raw('available - ?', [line.quantity]),
        updated_at: now,
      });
    if (updated !== 1) {
      // Only reachable without row locks (SQLite serialises writers anyway).
      throw new Error(`stock of ${line.sku} changed while reserving; retry`);
    }
  }
  const items = lines.map(line => ({
    ...line,
    unitPriceCents: bySku.get(line.sku)!.price_cents,
  }));
  const row: ReservationRow = {
    id: randomUUID(),
    order_id: request.orderId,
    status: 'reserved',
    items: JSON.stringify(items),
    total_cents: items.reduce(
      (sum, i) => sum + i.quantity * i.unitPriceCents,
      0,
    ),
    created_at: now,
    released_at: null,
  };
  await trx('inventory_reservations').insert(row);
  const reservation = toReservation(row);
  await emit({
    type: 'inventory.reserved',
    aggregateType: 'inventory-reservation',
    aggregateId: reservation.id,
    payload: {
      reservationId: reservation.id,
      orderId: reservation.orderId,
      items: reservation.items,
      totalCents: reservation.totalCents,
    },
  });
  return { statusCode: 201, body: reservation };
}

export function registerInventoryRoutes(
  app: FastifyInstance,
  deps: DomainDeps,
): void {
  const now = deps.now ?? Date.now;

  app.put('/inventory/stock/:sku', async request => {
    const { sku } = parseRequest(
      z.object({ sku: z.string().min(1).max(100) }),
      request.params,
      'params',
    );
    const body = parseRequest(stockBody, request.body);
    await deps
      .db('inventory_stock')
      .insert({
        sku,
        available: body.available,
        price_cents: body.priceCents,
        updated_at: now(),
      })
      .onConflict('sku')
      .merge(['available', 'price_cents', 'updated_at']);
    return { sku, ...body };
  });

  app.get('/inventory/stock/:sku', async request => {
    const { sku } = parseRequest(
      z.object({ sku: z.string().min(1).max(100) }),
      request.params,
      'params',
    );
    const row = await deps.db('inventory_stock').where({ sku }).first();
    if (!row) throw new HttpProblem(404, `SKU ${sku} does not exist`);
    return { sku, available: row.available, priceCents: row.price_cents };
  });

  app.post('/inventory/reservations', async (request, reply) => {
    const key = idempotencyKeyOf(request.headers, true)!;
    const body = parseRequest(reservationRequestSchema, request.body);
    const response = await withIdempotencyKey(
      deps.uow,
      { scope: 'POST /inventory/reservations', key, body, now },
      ctx => reserve(ctx, body, now()),
    );
    return sendStored(reply, response);
  });

  app.get('/inventory/reservations/:id', async request => {
    const { id } = parseRequest(idParams, request.params, 'params');
    const row = await deps.db('inventory_reservations').where({ id }).first();
    if (!row) throw new HttpProblem(404, `reservation ${id} does not exist`);
    return toReservation(row);
  });

  // Idempotent by nature: releasing a released reservation changes nothing
  // and answers the same.
  app.delete('/inventory/reservations/:id', async request => {
    const { id } = parseRequest(idParams, request.params, 'params');
    return deps.uow.run(async ({ trx, emit }) => {
      const row: ReservationRow | undefined = await trx(
        'inventory_reservations',
      )
        .where({ id })
        .first();
      if (!row) throw new HttpProblem(404, `reservation ${id} does not exist`);
      const releasedAt = now();
      // The status condition makes a concurrent second release a no-op.
      const released = await trx('inventory_reservations')
        .where({ id, status: 'reserved' })
        .update({ status: 'released', released_at: releasedAt });
      if (released === 0) {
        return toReservation(
          await trx('inventory_reservations').where({ id }).first(),
        );
      }
      const reservation = toReservation({
        ...row,
        status: 'released',
        released_at: releasedAt,
      });
      for (const item of reservation.items) {
        await trx('inventory_stock')
          .where({ sku: item.sku })
          .update({
            available: trx.raw('available + ?', [item.quantity]),
            updated_at: releasedAt,
          });
      }
      await emit({
        type: 'inventory.released',
        aggregateType: 'inventory-reservation',
        aggregateId: reservation.id,
        payload: {
          reservationId: reservation.id,
          orderId: reservation.orderId,
          items: reservation.items.map(({ sku, quantity }) => ({
            sku,
            quantity,
          })),
        },
      });
      return reservation;
    });
  });
}
