import { InputError } from '@backstage/errors';
import { z } from 'zod/v3';

/**
 * Parses an action's input with its own zod schema, which applies the
 * defaults (the scaffolder checks the JSON schema but fills in nothing) and
 * turns the first problem into one sentence naming the field.
 */
export function parseActionInput<T extends z.ZodTypeAny>(
  schema: (zImpl: typeof z) => T,
  input: unknown,
): z.output<T> {
  const result = schema(z).safeParse(input ?? {});
  if (result.success) return result.data;
  const issue = result.error.issues[0];
  const field = issue.path.join('.') || 'input';
  throw new InputError(`Invalid input ${field}: ${issue.message}.`);
}

/** Optional template inputs often arrive as '' when a parameter is blank. */
export function blankToUndefined(value: string | undefined) {
  return value === undefined || value.trim() === '' ? undefined : value;
}
