import { CacheService } from '@backstage/backend-plugin-api';
import { Config, readDurationFromConfig } from '@backstage/config';
import { durationToMilliseconds } from '@backstage/types';
import { configError } from './readConfigValues';
import { TooManyRequestsError } from './TooManyRequestsError';

/**
 * The config key of the shortest time between two org-wide refreshes.
 * @public
 */
export const REFRESH_MIN_INTERVAL_KEY = 'goldenPath.refresh.minInterval';

/**
 * One minute, when the key is unset.
 * @public
 */
export const DEFAULT_REFRESH_MIN_INTERVAL_MS = 60_000;

const MAX_REFRESH_MIN_INTERVAL_MS = 24 * 60 * 60 * 1000;

/**
 * Where a refused call's `Retry-After` goes: an express response.
 * @public
 */
export type RetryAfterTarget = {
  setHeader(name: string, value: string): unknown;
};

/**
 * One kind of org-wide run that {@link RefreshRateLimiter} limits.
 * @public
 */
export type LimitedRun = {
  /** Names the run in the cache, e.g. `readiness.refresh.all`. */
  key: string;
  /** The run in words, for the 429 message: "The readiness refresh of every component". */
  what: string;
  /** Gets the `Retry-After` header when the call is refused. */
  response?: RetryAfterTarget;
};

/**
 * `goldenPath.refresh.minInterval` in milliseconds: a Backstage duration
 * (`{ minutes: 1 }`, `'1m'`, `'PT1M'`), one minute when unset, at most one
 * day; 0 turns the limit off. A bad value stops start-up naming the key.
 * @public
 */
export function readRefreshMinInterval(config: Config): number {
  if (!config.has(REFRESH_MIN_INTERVAL_KEY)) {
    return DEFAULT_REFRESH_MIN_INTERVAL_MS;
  }
  let ms: number;
  try {
    ms = durationToMilliseconds(
      readDurationFromConfig(config, { key: REFRESH_MIN_INTERVAL_KEY }),
    );
  } catch (error) {
    // Backstage's message repeats the key; the prefix names it already.
    const why = (error as Error).message
      .replace(/^Failed to read duration from config at '[^']*', /, '')
      .replace(/^Error: /, '');
    return configError(
      REFRESH_MIN_INTERVAL_KEY,
      `${why}; use a duration such as { minutes: 1 } or '1m'`,
    );
  }
  if (!Number.isFinite(ms) || ms < 0 || ms > MAX_REFRESH_MIN_INTERVAL_MS) {
    configError(
      REFRESH_MIN_INTERVAL_KEY,
      `must be a duration from 0 (no limit) to one day, got ${ms} ms`,
    );
  }
  return ms;
}

/** "minute", "5 minutes", "30 seconds", "500 milliseconds". */
function describeInterval(ms: number): string {
  const unit = (count: number, name: string) =>
    count === 1 ? name : `${count} ${name}s`;
  if (ms % 3_600_000 === 0) return unit(ms / 3_600_000, 'hour');
  if (ms % 60_000 === 0) return unit(ms / 60_000, 'minute');
  if (ms % 1_000 === 0) return unit(ms / 1_000, 'second');
  return unit(ms, 'millisecond');
}

const seconds = (count: number) =>
  count === 1 ? '1 second' : `${count} seconds`;

/**
 * At most one run of an org-wide refresh per `goldenPath.refresh.minInterval`
 * (default one minute): a call inside the interval gets a 429
 * {@link TooManyRequestsError} and a `Retry-After` header (whole seconds
 * until the next run may start) instead of a run.
 *
 * The time of the last run is kept in Backstage's cache
 * (`coreServices.cache`, one namespace per plugin), so replicas that share
 * a cache store (Redis, Valkey, Memcached) share the limit; with the default
 * memory store each replica limits its own calls. Calls on one replica are
 * serialized, so two concurrent calls never both run. Across replicas the
 * check (get) and the claim (set) are not atomic: two calls on two replicas
 * within the same few milliseconds may both pass. Both then trigger the same
 * scheduler task, and the scheduler still runs it once: `triggerTask`
 * refuses a second run of a task that is running (ConflictError, ignored by
 * {@link triggerScheduledTasks}) and merges a trigger of one that has not
 * started yet. So the race costs at most one extra run start, never two
 * concurrent runs.
 *
 * Callers check permissions (and input) first: a refused caller must not
 * use up the run of the interval and lock out those allowed.
 * @public
 */
export class RefreshRateLimiter {
  readonly #cache: CacheService;
  readonly #now: () => number;
  readonly #locks = new Map<string, Promise<unknown>>();
  /** The shortest time between two runs of the same key; 0: no limit. */
  readonly minIntervalMs: number;

  static fromConfig(
    config: Config,
    options: { cache: CacheService; now?: () => number },
  ): RefreshRateLimiter {
    return new RefreshRateLimiter({
      ...options,
      minIntervalMs: readRefreshMinInterval(config),
    });
  }

  constructor(options: {
    cache: CacheService;
    minIntervalMs: number;
    /** The clock, for tests. */
    now?: () => number;
  }) {
    this.#cache = options.cache;
    this.minIntervalMs = options.minIntervalMs;
    this.#now = options.now ?? Date.now;
  }

  /**
   * Runs `start` unless a run of `run.key` started less than the interval
   * ago; then sets `Retry-After` on `run.response` and throws a
   * TooManyRequestsError. When `start` fails, the slot is given back, so a
   * failed start does not block the next call.
   */
  async run<T>(run: LimitedRun, start: () => Promise<T>): Promise<T> {
    if (this.minIntervalMs <= 0) return start();
    const startedAt = await this.#claim(run);
    try {
      return await start();
    } catch (error) {
      await this.#release(run.key, startedAt).catch(() => undefined);
      throw error;
    }
  }

  #cacheKey(key: string) {
    return `refresh-limit:${key}`;
  }

  async #claim(run: LimitedRun): Promise<number> {
    return this.#exclusive(run.key, async () => {
      const now = this.#now();
      const last = readStartedAt(
        await this.#cache.get(this.#cacheKey(run.key)),
      );
      if (last !== undefined) {
        const nextAt = last + this.minIntervalMs;
        if (now < nextAt) {
          // A clock ahead on another replica cannot make the wait longer
          // than the interval.
          const waitMs = Math.min(nextAt - now, this.minIntervalMs);
          const retryAfter = Math.max(1, Math.ceil(waitMs / 1000));
          run.response?.setHeader('Retry-After', String(retryAfter));
          const ago = Math.max(0, Math.floor((now - last) / 1000));
          const at = new Date(now + retryAfter * 1000)
            .toISOString()
            .slice(11, 19);
          throw new TooManyRequestsError(
            `${run.what} was started ${
              ago === 0 ? 'a moment' : seconds(ago)
            } ago and starts at most once every ${describeInterval(
              this.minIntervalMs,
            )}; it may start again in ${seconds(retryAfter)} (at ${at} UTC).`,
            retryAfter,
          );
        }
      }
      await this.#cache.set(
        this.#cacheKey(run.key),
        { startedAt: now },
        { ttl: this.minIntervalMs },
      );
      return now;
    });
  }

  async #release(key: string, startedAt: number): Promise<void> {
    await this.#exclusive(key, async () => {
      const current = readStartedAt(await this.#cache.get(this.#cacheKey(key)));
      if (current === startedAt) await this.#cache.delete(this.#cacheKey(key));
    });
  }

  /** Runs `fn` after any other #exclusive call for the same key. */
  async #exclusive<T>(key: string, fn: () => Promise<T>): Promise<T> {
    const previous = this.#locks.get(key) ?? Promise.resolve();
    const current = previous.catch(() => undefined).then(fn);
    this.#locks.set(key, current);
    try {
      return await current;
    } finally {
      if (this.#locks.get(key) === current) this.#locks.delete(key);
    }
  }
}

function readStartedAt(value: unknown): number | undefined {
  const startedAt = (value as { startedAt?: unknown } | undefined)?.startedAt;
  return typeof startedAt === 'number' && Number.isFinite(startedAt)
    ? startedAt
    : undefined;
}
