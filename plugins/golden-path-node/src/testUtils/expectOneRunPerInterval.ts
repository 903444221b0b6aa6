/**
 * What {@link expectOneRunPerInterval} needs of one org-wide refresh route.
 * @public
 */
export type OneRunPerIntervalOptions = {
  /** Sends the route's POST with this body; resolves to the response. */
  refresh(body?: object): Promise<{
    status: number;
    headers: Record<string, string>;
    body: any;
  }>;
  /**
   * The same POST by another caller (e.g. with service credentials): the
   * limit is one run for everyone, not one per caller.
   */
  refreshAsAnotherCaller(): Promise<{
    status: number;
    headers: Record<string, string>;
    body: any;
  }>;
  /** Makes the permissions deny these permission names (none: allow all). */
  deny(names?: string[]): void;
  /** The route's permission, e.g. `readiness.refresh.all`. */
  permission: string;
  /** The limiter's name for the run, e.g. `The reading of every ADR folder`. */
  run: string;
  /** goldenPath.refresh.minInterval in the test backend's config (under 1 s). */
  intervalMs: number;
  /** A body field the route refuses, e.g. `all`. */
  unknownField: string;
  /** Checks of the route's own, made while the run is limited. */
  whileLimited?(): Promise<void>;
};

const sleep = (ms: number) => new Promise(resolve => setTimeout(resolve, ms));

/**
 * The contract every org-wide refresh route keeps (RefreshRateLimiter behind
 * the route's permission): refused and bad calls use up nothing, one run
 * starts (202), a second call within the interval, by anyone, gets 429 with
 * `Retry-After` and a sentence naming the run and the interval, a refused
 * caller still gets 403 while limited, and after the interval a run starts
 * again. Uses jest's `expect`; takes the interval's time to run.
 * @public
 */
export async function expectOneRunPerInterval(
  options: OneRunPerIntervalOptions,
): Promise<void> {
  const { refresh, deny, permission } = options;
  // Refused and bad calls come first and use up nothing: a caller without
  // the permission cannot lock out the platform team.
  deny([permission]);
  for (let i = 0; i < 3; i++) expect((await refresh()).status).toBe(403);
  deny();
  const bad = await refresh({ [options.unknownField]: true });
  expect(bad.status).toBe(400);
  expect(bad.body.error.message).toBe(
    `Unknown body field '${options.unknownField}'`,
  );

  expect((await refresh()).status).toBe(202);
  const second = await options.refreshAsAnotherCaller();
  expect(second.status).toBe(429);
  expect(second.headers['retry-after']).toBe('1');
  const escaped = options.run.replace(/[.*+?^${}()|[\]\\]/g, '\\$&');
  expect(second.body).toMatchObject({
    error: {
      name: 'TooManyRequestsError',
      message: expect.stringMatching(
        new RegExp(
          `^${escaped} was started a moment ago and starts at most once every ${options.intervalMs} milliseconds; it may start again in 1 second \\(at \\d\\d:\\d\\d:\\d\\d UTC\\)\\.$`,
        ),
      ),
      retryAfterSeconds: 1,
    },
    response: { statusCode: 429 },
  });
  expect(second.body.error.stack).toBeUndefined();

  // Still 403 for a refused caller while limited, not 429.
  deny([permission]);
  expect((await refresh()).status).toBe(403);
  deny();
  await options.whileLimited?.();

  await sleep(options.intervalMs + 50);
  expect((await refresh()).status).toBe(202);
}
