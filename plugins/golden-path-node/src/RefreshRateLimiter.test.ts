import {
  mockServices,
  ServiceFactoryTester,
} from '@backstage/backend-test-utils';
import { CacheService } from '@backstage/backend-plugin-api';
import { ConfigReader } from '@backstage/config';
import {
  DEFAULT_REFRESH_MIN_INTERVAL_MS,
  readRefreshMinInterval,
  RefreshRateLimiter,
} from './RefreshRateLimiter';
import { TooManyRequestsError } from './TooManyRequestsError';

/** Backstage's own cache service (memory store), as a plugin gets it. */
async function pluginCache(): Promise<CacheService> {
  return ServiceFactoryTester.from(mockServices.cache.factory()).getSubject(
    'readiness',
  );
}

const T0 = Date.parse('2026-03-02T10:00:00.000Z');

describe('readRefreshMinInterval', () => {
  const read = (value?: unknown) =>
    readRefreshMinInterval(
      new ConfigReader(
        value === undefined
          ? {}
          : { goldenPath: { refresh: { minInterval: value } } },
      ),
    );

  it('is one minute when unset', () => {
    expect(read()).toBe(DEFAULT_REFRESH_MIN_INTERVAL_MS);
    expect(DEFAULT_REFRESH_MIN_INTERVAL_MS).toBe(60_000);
  });

  it.each([
    [{ minutes: 5 }, 300_000],
    [{ seconds: 30 }, 30_000],
    ['2m', 120_000],
    ['PT90S', 90_000],
    [{ seconds: 0 }, 0],
  ])('reads %j as %i ms', (value, ms) => {
    expect(read(value)).toBe(ms);
  });

  it.each([
    [
      { minute: 1 },
      /^Invalid config goldenPath\.refresh\.minInterval: Needs one or more of 'years', .*; use a duration such as \{ minutes: 1 \} or '1m'$/,
    ],
    [
      { minute: 1, seconds: 5 },
      /^Invalid config goldenPath\.refresh\.minInterval: Unknown property 'minute'/,
    ],
    ['soon', /Invalid config goldenPath\.refresh\.minInterval: .*'soon'/],
    [{ days: 2 }, /from 0 \(no limit\) to one day/],
    [{ seconds: -1 }, /from 0 \(no limit\) to one day/],
  ])('stops start-up on %j, naming the key', (value, message) => {
    expect(() => read(value)).toThrow(message);
  });
});

describe('RefreshRateLimiter', () => {
  let now: number;
  let cache: CacheService;
  const clock = () => now;
  const limiter = (minIntervalMs = 60_000) =>
    new RefreshRateLimiter({ cache, minIntervalMs, now: clock });
  const response = () => {
    const headers: Record<string, string> = {};
    return {
      headers,
      setHeader: (name: string, value: string) => {
        headers[name] = value;
      },
    };
  };
  const run = { key: 'readiness.refresh.all', what: 'The readiness refresh' };

  beforeEach(async () => {
    now = T0;
    cache = await pluginCache();
  });

  it('runs once per interval; a second call gets a 429 with Retry-After and the time in words', async () => {
    const rl = limiter();
    const start = jest.fn(async () => 'started');
    await expect(rl.run(run, start)).resolves.toBe('started');

    now = T0 + 12_300;
    const res = response();
    const refused = await rl
      .run({ ...run, response: res }, start)
      .catch(error => error);
    expect(refused).toBeInstanceOf(TooManyRequestsError);
    expect(refused.statusCode).toBe(429);
    expect(refused.retryAfterSeconds).toBe(48);
    expect(res.headers).toEqual({ 'Retry-After': '48' });
    expect(refused.message).toBe(
      'The readiness refresh was started 12 seconds ago and starts at most once every minute; it may start again in 48 seconds (at 10:01:00 UTC).',
    );
    expect(start).toHaveBeenCalledTimes(1);

    // The last second before the interval ends: still refused, 1 second.
    now = T0 + 59_999;
    const last = await rl.run(run, start).catch(error => error);
    expect(last.retryAfterSeconds).toBe(1);
    expect(last.message).toContain('it may start again in 1 second (');

    // Once the interval has passed, the next call runs.
    now = T0 + 60_000;
    await expect(rl.run(run, start)).resolves.toBe('started');
    expect(start).toHaveBeenCalledTimes(2);
  });

  it('keeps keys apart', async () => {
    const rl = limiter();
    const start = jest.fn(async () => undefined);
    await rl.run({ key: 'a', what: 'A' }, start);
    await rl.run({ key: 'b', what: 'B' }, start);
    await expect(rl.run({ key: 'a', what: 'A' }, start)).rejects.toThrow(
      'A was started a moment ago and starts at most once every minute; it may start again in 60 seconds',
    );
    expect(start).toHaveBeenCalledTimes(2);
  });

  it('lets one of many concurrent calls run', async () => {
    const rl = limiter();
    const start = jest.fn(async () => undefined);
    const outcomes = await Promise.allSettled(
      Array.from({ length: 10 }, () => rl.run(run, start)),
    );
    expect(start).toHaveBeenCalledTimes(1);
    expect(outcomes.filter(o => o.status === 'fulfilled')).toHaveLength(1);
    expect(
      outcomes.filter(
        o =>
          o.status === 'rejected' && o.reason instanceof TooManyRequestsError,
      ),
    ).toHaveLength(9);
  });

  it('shares the limit between replicas that share the cache', async () => {
    const replicaA = limiter();
    const replicaB = limiter();
    const start = jest.fn(async () => undefined);
    await replicaA.run(run, start);
    now = T0 + 30_000;
    await expect(replicaB.run(run, start)).rejects.toThrow(
      TooManyRequestsError,
    );
    expect(start).toHaveBeenCalledTimes(1);
  });

  it('gives the slot back when the start fails', async () => {
    const rl = limiter();
    await expect(
      rl.run(run, async () => {
        throw new Error('no such task');
      }),
    ).rejects.toThrow('no such task');
    const start = jest.fn(async () => undefined);
    await rl.run(run, start);
    expect(start).toHaveBeenCalledTimes(1);
  });

  it('never asks to wait longer than the interval, even when another replica clock is ahead', async () => {
    const rl = limiter(30_000);
    await rl.run(run, async () => undefined);
    now = T0 - 10 * 60_000;
    const refused = await rl.run(run, async () => undefined).catch(e => e);
    expect(refused.retryAfterSeconds).toBe(30);
  });

  it('words other intervals', async () => {
    const rl = limiter(5 * 60_000);
    await rl.run(run, async () => undefined);
    now = T0 + 1_000;
    await expect(rl.run(run, async () => undefined)).rejects.toThrow(
      'was started 1 second ago and starts at most once every 5 minutes; it may start again in 299 seconds (at 10:05:00 UTC).',
    );
  });

  it('does not limit with an interval of 0', async () => {
    const rl = limiter(0);
    const start = jest.fn(async () => undefined);
    await rl.run(run, start);
    await rl.run(run, start);
    expect(start).toHaveBeenCalledTimes(2);
  });

  it('reads its interval from config', async () => {
    const rl = RefreshRateLimiter.fromConfig(
      new ConfigReader({ goldenPath: { refresh: { minInterval: '10s' } } }),
      { cache },
    );
    expect(rl.minIntervalMs).toBe(10_000);
  });
});
