import { createHash } from 'node:crypto';
import { z } from 'zod';
import type { UnitOfWork, UnitOfWorkContext } from '../outbox/types';
import { HttpProblem, RequestValidationError } from './validation';

/** A participant's answer, stored under its idempotency key and replayed as is. */
export interface StoredResponse {
  statusCode: number;
  body: unknown;
}

export const idempotencyKeySchema = z
  .string()
  .min(1, 'Idempotency-Key must not be empty')
  .max(200, 'Idempotency-Key is at most 200 characters');

/** The Idempotency-Key header; 400 when it is required and missing or malformed. */
export function idempotencyKeyOf(
  headers: Record<string, unknown>,
  required: boolean,
): string | undefined {
  const value = headers['idempotency-key'];
  if (value === undefined && !required) return undefined;
  const result = idempotencyKeySchema.safeParse(value);
  if (!result.success) {
    throw new RequestValidationError('headers', [
      {
        path: ['idempotency-key'],
        message:
          value === undefined
            ? 'the Idempotency-Key header is required'
            : result.error.issues[0]?.message ?? 'invalid Idempotency-Key',
      },
    ]);
  }
  return result.data;
}

/** JSON with sorted keys: the same request gives the same fingerprint. */
function canonical(value: unknown): string {
  if (Array.isArray(value)) return `[${value.map(canonical).join(',')}]`;
  if (value !== null && typeof value === 'object') {
    return `{${Object.keys(value)
      .sort()
      .filter(k => (value as Record<string, unknown>)[k] !== undefined)
      .map(
        k =>
          `${JSON.stringify(k)}:${canonical(
            (value as Record<string, unknown>)[k],
          )}`,
      )
      .join(',')}}`;
  }
  return JSON.stringify(value) ?? 'null';
}

export function isUniqueViolation(error: unknown): boolean {
  const code = (error as { code?: unknown } | null)?.code;
  return (
    code === '23505' ||
    code === 'SQLITE_CONSTRAINT_PRIMARYKEY' ||
    code === 'SQLITE_CONSTRAINT_UNIQUE'
  );
}

/**
 * Runs `handler` once per (scope, key): its response is stored in the same
 * transaction as its effects and events, and a repeated request with the same
 * key gets the stored response (replayed: true) without running the handler.
 * The same key with a different request is refused (422).
 *
 * The handler must return domain refusals (409, 402, 422...) as responses,
 * before it writes anything: they are stored and replayed like successes.
 * Anything it throws rolls everything back, key included, so the request can
 * be retried.
 */
export async function withIdempotencyKey(
  uow: UnitOfWork,
  request: { scope: string; key: string; body: unknown; now?: () => number },
  handler: (ctx: UnitOfWorkContext) => Promise<StoredResponse>,
): Promise<StoredResponse & { replayed: boolean }> {
  const fingerprint = createHash('sha256')
    .update(canonical(request.body))
    .digest('hex');
  const where = { scope: request.scope, key: request.key };
  const replay = (row: {
    fingerprint: string;
    status_code: number;
    response: string;
  }) => {
    if (row.fingerprint !== fingerprint) {
      throw new HttpProblem(
        422,
        `Idempotency-Key '${request.key}' was already used with a different request`,
      );
    }
    return {
      statusCode: row.status_code,
      body: JSON.parse(row.response) as unknown,
      replayed: true,
    };
  };
  const attempt = () =>
    uow.run(async ctx => {
      const existing = await ctx.trx('idempotency_keys').where(where).first();
      if (existing) return replay(existing);
      // Claim the key first: on PostgreSQL a concurrent request with the same
      // key waits here on the primary key, then replays this one's answer.
      await ctx.trx('idempotency_keys').insert({
        ...where,
        fingerprint,
        status_code: 0,
        response: 'null',
        created_at: (request.now ?? Date.now)(),
      });
      const response = await handler(ctx);
      await ctx
        .trx('idempotency_keys')
        .where(where)
        .update({
          status_code: response.statusCode,
          response: JSON.stringify(response.body ?? null),
        });
      return { ...response, replayed: false };
    });
  try {
    return await attempt();
  } catch (error) {
    if (!isUniqueViolation(error)) throw error;
    // Lost the race for the key: the winner has committed by now.
    return attempt();
  }
}
