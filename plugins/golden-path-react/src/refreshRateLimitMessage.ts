/**
 * Whole seconds a 429 answer asks to wait: the `Retry-After` header when the
 * browser may read it, else the `retryAfterSeconds` the backend puts in its
 * error body (a browser on another origin cannot read the header unless
 * CORS exposes it). Undefined for anything but a 429 ResponseError.
 */
export function retryAfterSeconds(error: unknown): number | undefined {
  const e = error as
    | {
        statusCode?: unknown;
        response?: {
          status?: unknown;
          headers?: { get?(name: string): unknown };
        };
        body?: { error?: { retryAfterSeconds?: unknown } };
        cause?: { retryAfterSeconds?: unknown };
      }
    | undefined;
  const status = e?.statusCode ?? e?.response?.status;
  if (status !== 429) return undefined;
  const candidates = [
    e?.response?.headers?.get?.('Retry-After'),
    e?.body?.error?.retryAfterSeconds,
    e?.cause?.retryAfterSeconds,
  ];
  for (const candidate of candidates) {
    const seconds = Number(candidate);
    if (candidate !== null && candidate !== '' && Number.isFinite(seconds)) {
      return Math.max(1, Math.ceil(seconds));
    }
  }
  return undefined;
}

/**
 * The one message a refresh button shows when the backend refused it
 * because a refresh ran a moment ago (429): "A refresh ran a moment ago;
 * try again in 42 seconds". Undefined for any other error, which the
 * button reports its own way.
 * @public
 */
export function refreshRateLimitMessage(error: unknown): string | undefined {
  const status =
    (error as { statusCode?: unknown } | undefined)?.statusCode ??
    (error as { response?: { status?: unknown } } | undefined)?.response
      ?.status;
  if (status !== 429) return undefined;
  const seconds = retryAfterSeconds(error);
  if (seconds === undefined) {
    return 'A refresh ran a moment ago; try again in a minute';
  }
  return `A refresh ran a moment ago; try again in ${seconds} second${
    seconds === 1 ? '' : 's'
  }`;
}
