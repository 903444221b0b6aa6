import { ResponseError } from '@backstage/errors';
import { refreshRateLimitMessage } from './refreshRateLimitMessage';

/** What a client throws for the backend's answer. */
async function responseError(
  status: number,
  options: { retryAfter?: string; bodyRetryAfter?: number } = {},
) {
  return ResponseError.fromResponse(
    new Response(
      JSON.stringify({
        error: {
          name: status === 429 ? 'TooManyRequestsError' : 'NotAllowedError',
          message: 'The readiness refresh of every component was started …',
          ...(options.bodyRetryAfter !== undefined
            ? { retryAfterSeconds: options.bodyRetryAfter }
            : {}),
        },
        response: { statusCode: status },
      }),
      {
        status,
        headers: {
          'Content-Type': 'application/json',
          ...(options.retryAfter ? { 'Retry-After': options.retryAfter } : {}),
        },
      },
    ) as any,
  );
}

describe('refreshRateLimitMessage', () => {
  it('reads Retry-After', async () => {
    expect(
      refreshRateLimitMessage(await responseError(429, { retryAfter: '42' })),
    ).toBe('A refresh ran a moment ago; try again in 42 seconds');
    expect(
      refreshRateLimitMessage(await responseError(429, { retryAfter: '1' })),
    ).toBe('A refresh ran a moment ago; try again in 1 second');
  });

  it("falls back on the body's retryAfterSeconds when the header is hidden (another origin)", async () => {
    expect(
      refreshRateLimitMessage(await responseError(429, { bodyRetryAfter: 17 })),
    ).toBe('A refresh ran a moment ago; try again in 17 seconds');
  });

  it('still says something plain without either', async () => {
    expect(refreshRateLimitMessage(await responseError(429))).toBe(
      'A refresh ran a moment ago; try again in a minute',
    );
  });

  it('is undefined for any other error', async () => {
    expect(refreshRateLimitMessage(await responseError(403))).toBeUndefined();
    expect(refreshRateLimitMessage(new Error('offline'))).toBeUndefined();
    expect(refreshRateLimitMessage(undefined)).toBeUndefined();
  });
});
