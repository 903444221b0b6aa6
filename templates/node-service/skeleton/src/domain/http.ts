import { STATUS_CODES } from 'node:http';
import type { FastifyReply } from 'fastify';
import type { Knex } from 'knex';
import { z } from 'zod';
import {
  type StoredResponse,
  type UnitOfWork,
} from '@golden-path/service-chassis';

/** What the domain routes need. */
export interface DomainDeps {
  db: Knex;
  uow: UnitOfWork;
  now?: () => number;
}

/** The error body every non-2xx answer of this service has. */
export function problem(
  statusCode: number,
  message: string,
  details: Record<string, unknown> = {},
): StoredResponse {
  return {
    statusCode,
    body: { error: STATUS_CODES[statusCode] ?? 'Error', message, ...details },
  };
}

/** Sends a stored (or fresh) idempotent answer; replays say so in a header. */
export function sendStored(
  reply: FastifyReply,
  response: StoredResponse & { replayed: boolean },
): FastifyReply {
  return reply
    .code(response.statusCode)
    .header('idempotent-replayed', String(response.replayed))
    .send(response.body);
}

export const idParams = z.object({ id: z.string().min(1).max(64) });

export const orderLineSchema = z.object({
  sku: z.string().min(1).max(100),
  quantity: z.number().int().positive().max(10_000),
});

/** One line per SKU, quantities added up, in first-seen order. */
export function mergeLines(
  lines: Array<{ sku: string; quantity: number }>,
): Array<{ sku: string; quantity: number }> {
  const merged = new Map<string, number>();
  for (const line of lines) {
    merged.set(line.sku, (merged.get(line.sku) ?? 0) + line.quantity);
  }
  return [...merged].map(([sku, quantity]) => ({ sku, quantity }));
}
