import { CacheService, LoggerService } from '@backstage/backend-plugin-api';
import { randomUUID } from 'node:crypto';

/** How long a generation stays in the cache store (renewed on every change). */
const GENERATION_TTL_MS = 30 * 24 * 60 * 60 * 1000;

/**
 * One view computed once and served to every request until its inputs
 * change: the read models of the org pages (the readiness overview, the SLO
 * overview, the Services page) keep their rows here instead of building
 * them on each GET.
 *
 * The commands that change the inputs (an evaluation, an SLO compute, an SLI
 * batch) call {@link SharedSnapshot.invalidate}: it writes a new generation
 * to Backstage's cache service. Every `get` compares the generation its
 * snapshot was built for with the cache's (one cache read), and rebuilds on a
 * difference. Replicas that share a cache store (Redis, Valkey, Memcached)
 * therefore see a change made on any of them at once; each keeps the rows in
 * its own memory, so a request costs one small cache read, not a transfer of
 * the whole view.
 *
 * - Concurrent `get`s while a build runs share that build.
 * - A build started before an `invalidate` is served to the requests that
 *   were waiting for it, and the next `get` rebuilds.
 * - `maxAgeMs` rebuilds a snapshot that old even without an `invalidate`,
 *   for inputs no command of the plugin sees change (titles and owners in
 *   the catalog). That rebuild runs in the background: requests meanwhile
 *   get the old snapshot at once instead of waiting (after an `invalidate`
 *   they wait: the old one is known to be wrong).
 * - A failed build is not kept: the next `get` tries again (a failed
 *   background rebuild leaves the old snapshot in place).
 * @public
 */
export class SharedSnapshot<T> {
  readonly #cache: CacheService;
  readonly #key: string;
  readonly #name: string;
  readonly #load: () => Promise<T>;
  readonly #maxAgeMs: number;
  readonly #now: () => number;
  readonly #logger?: LoggerService;
  #current?: { generation: string; builtAt: number; value: T };
  #building?: { generation: string; promise: Promise<T> };

  constructor(options: {
    /** The plugin's cache (`coreServices.cache`). */
    cache: CacheService;
    /** Names the view in the plugin's cache, e.g. `overview`. */
    key: string;
    /** Builds the view from the plugin's store. */
    load: () => Promise<T>;
    /** Rebuild a snapshot older than this even when nothing invalidated it. */
    maxAgeMs?: number;
    /** Where a failed background rebuild is reported. */
    logger?: LoggerService;
    now?: () => number;
  }) {
    this.#logger = options.logger;
    this.#cache = options.cache;
    this.#key = `snapshot:${options.key}:generation`;
    this.#name = options.key;
    this.#load = options.load;
    this.#maxAgeMs = options.maxAgeMs ?? Number.POSITIVE_INFINITY;
    this.#now = options.now ?? Date.now;
  }

  /** The view as of the latest generation (built now when out of date). */
  async get(): Promise<T> {
    const generation = await this.#generation();
    const current = this.#current;
    if (current?.generation === generation) {
      // Only old, not invalidated: answer at once, rebuild in the background.
      if (
        this.#now() - current.builtAt >= this.#maxAgeMs &&
        this.#building?.generation !== generation
      ) {
        this.#build(generation).catch(error =>
          this.#logger?.warn(
            `Could not rebuild the ${
              this.#name
            } view; serving the one built ${Math.round(
              (this.#now() - current.builtAt) / 1000,
            )} s ago until a rebuild succeeds: ${error}`,
          ),
        );
      }
      return current.value;
    }
    if (this.#building?.generation === generation) {
      return this.#building.promise;
    }
    return this.#build(generation);
  }

  #build(generation: string): Promise<T> {
    const builtAt = this.#now();
    const promise = this.#load().then(
      value => {
        // A newer build may have finished first: keep the newest.
        if (!this.#current || this.#current.builtAt <= builtAt) {
          this.#current = { generation, builtAt, value };
        }
        return value;
      },
      error => {
        throw error;
      },
    );
    const building = { generation, promise };
    this.#building = building;
    promise
      .catch(() => undefined)
      .finally(() => {
        if (this.#building === building) this.#building = undefined;
      });
    return promise;
  }

  /** Marks the view out of date on every replica that shares the cache. */
  async invalidate(): Promise<void> {
    await this.#cache.set(this.#key, randomUUID(), {
      ttl: GENERATION_TTL_MS,
    });
  }

  /**
   * The generation in the cache; when the cache has none (a fresh or
   * evicted store), writes one, so replicas agree on it from then on.
   */
  async #generation(): Promise<string> {
    const stored = await this.#cache.get(this.#key);
    if (typeof stored === 'string') return stored;
    await this.invalidate();
    const written = await this.#cache.get(this.#key);
    // A store that keeps nothing: never serve a snapshot twice.
    return typeof written === 'string' ? written : randomUUID();
  }
}
