import { parseEntityRef } from '@backstage/catalog-model';
import { InputError } from '@backstage/errors';
import { z } from 'zod';
import { entityRefKey } from './entityRefs';

// Kind, namespace and name as the catalog allows them (names up to 63).
const REF_PART = /^[A-Za-z0-9](?:[A-Za-z0-9._-]{0,62})$/;

/**
 * An entity ref in a request, lower-cased and full: `kind:namespace/name`,
 * or a short form with `defaultKind` (and namespace `default`). Odd refs
 * (`''`, `a:b:c`, `kind:ns/`) fail with a message showing the expected form.
 * @public
 */
export const entityRefSchema = (defaultKind?: string) =>
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
        return entityRefKey(ref);
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

/**
 * A query parameter given once or repeated (`?a=1&a=2`), always as a list
 * of at most 100 values.
 * @public
 */
export const repeatableSchema = <T extends z.ZodTypeAny>(schema: T) =>
  z
    .union([schema, z.array(schema).max(100)])
    .transform(
      value => (Array.isArray(value) ? value : [value]) as Array<z.output<T>>,
    );

/**
 * Parses request input with a zod schema or throws an InputError (400)
 * naming each bad field, at most 20 of them: `Unknown query parameter 'x'`,
 * `Invalid query parameter 'tier': …`.
 * @public
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
