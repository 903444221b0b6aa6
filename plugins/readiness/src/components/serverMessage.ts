import { isError } from '@backstage/errors';

/**
 * The message the backend put in its error JSON (e.g. "comment: must not
 * be empty"), which a ResponseError carries as its cause; the error's own
 * message otherwise.
 */
export function serverMessage(error: unknown): string {
  if (!isError(error)) return String(error);
  const cause = (error as { cause?: unknown }).cause;
  if (error.name === 'ResponseError' && isError(cause) && cause.message) {
    return cause.message;
  }
  return error.message;
}

/** The HTTP status of a ResponseError, if it is one. */
export function errorStatus(error: unknown): number | undefined {
  const status = (error as { statusCode?: unknown } | undefined)?.statusCode;
  return typeof status === 'number' ? status : undefined;
}
