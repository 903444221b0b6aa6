import { parseEntityRef, stringifyEntityRef } from '@backstage/catalog-model';
import { InputError } from '@backstage/errors';
import { TIER_NAMES } from '@golden-path/plugin-golden-path-common';
import { z } from 'zod';

// Kind, namespace and name as the catalog allows them (names up to 63).
const REF_PART = /^[A-Za-z0-9](?:[A-Za-z0-9._-]{0,62})$/;

/**
 * An entity ref, full (`group:default/team-a`) or short (`team-a`, with the
 * given default kind and namespace `default`), lower-cased.
 */
const entityRefSchema = (defaultKind?: string) =>
  z
    .string()
    .max(300)
    .transform((value, ctx) => {
      try {
        const ref = parseEntityRef(value, {
          defaultKind,
          defaultNamespace: 'default',
        });
        for (const part of [ref.kind, ref.namespace, ref.name]) {
          if (!REF_PART.test(part)) {
            throw new Error(`'${part}' is not a valid kind, namespace or name`);
          }
        }
        return stringifyEntityRef(ref).toLowerCase();
      } catch (error) {
        ctx.addIssue({
          code: 'custom',
          message: `'${value}' is not an entity ref like ${
            defaultKind ?? 'component'
          }:default/name (${(error as Error).message})`,
        });
        return z.NEVER;
      }
    });

/** One value or the same parameter repeated. */
const repeatable = <T extends z.ZodTypeAny>(schema: T) =>
  z
    .union([schema, z.array(schema).max(100)])
    .transform(
      value => (Array.isArray(value) ? value : [value]) as Array<z.output<T>>,
    );

/** The query of `GET /v1/overview`. */
export const overviewQuerySchema = z.strictObject({
  owner: repeatable(entityRefSchema('group')).optional(),
  system: repeatable(entityRefSchema('system')).optional(),
  tier: repeatable(z.enum(TIER_NAMES)).optional(),
});

/** The entity of `/v1/entities/:kind/:namespace/:name`. */
export const pathEntityRefSchema = entityRefSchema();

/** No query parameters at all. */
export const noQuerySchema = z.strictObject({});

const histogramSchema = z.strictObject({
  sloRef: z.string().min(1).max(512),
  timestamp: z.string().max(64),
  buckets: z
    .array(
      z.strictObject({
        le: z.union([z.number(), z.literal('+Inf')]),
        count: z.number(),
      }),
    )
    .min(1)
    .max(200),
});

/**
 * The body of `POST /v1/sli` (SliIngestRequest). Only the shape: the points
 * themselves are checked by validateSliBatch, which names each bad one.
 * Lists are bounded generously here so an oversized batch gets the one
 * clear "over the limit" message from the service.
 */
export const sliIngestBodySchema = z.strictObject({
  points: z.array(z.unknown()).max(200_000).optional(),
  histograms: z.array(histogramSchema).max(200_000).optional(),
});

/**
 * Parses with a zod schema or throws an InputError naming each bad field
 * (`Unknown query parameter 'x'`, `Invalid query parameter 'tier': ...`).
 */
export function parseInput<T extends z.ZodTypeAny>(
  schema: T,
  input: unknown,
  what: string = 'query parameter',
): z.output<T> {
  const result = schema.safeParse(input);
  if (result.success) return result.data;
  const messages = result.error.issues.map(issue => {
    if (issue.code === 'unrecognized_keys') {
      return `Unknown ${what}${issue.keys.length > 1 ? 's' : ''} ${issue.keys
        .map(key => `'${key}'`)
        .join(', ')}`;
    }
    const field = issue.path.length ? issue.path.join('.') : undefined;
    return field
      ? `Invalid ${what} '${field}': ${issue.message}`
      : `Invalid ${what}: ${issue.message}`;
  });
  throw new InputError(messages.slice(0, 20).join('; '));
}
