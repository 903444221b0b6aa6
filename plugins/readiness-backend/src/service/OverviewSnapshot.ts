import { CacheService, LoggerService } from '@backstage/backend-plugin-api';
import { SharedSnapshot } from '@golden-path/plugin-golden-path-node';
import { LevelOrNone } from '@golden-path/plugin-readiness-common';
import { ReadinessStore, StoredSummary } from '../database/ReadinessStore';

const DAY_MS = 24 * 60 * 60 * 1000;
/** The trend covers this many days. */
export const TREND_DAYS = 90;
/** The safety net for what no command sees change (titles, owners in the catalog). */
export const OVERVIEW_SNAPSHOT_MAX_AGE_MS = 5 * 60 * 1000;

/** The levels in the order of their trend codes. */
export const TREND_LEVELS: readonly LevelOrNone[] = [
  'none',
  'bronze',
  'silver',
  'gold',
];
const LEVEL_INDEX = new Map(TREND_LEVELS.map((level, i) => [level, i]));

/**
 * A day's state of a service in one byte: 0 no evaluation that day, else
 * `1 + levelIndex * 2 + (meetsRequired ? 1 : 0)`.
 */
export function trendCode(level: LevelOrNone, meetsRequired: boolean): number {
  return 1 + (LEVEL_INDEX.get(level) ?? 0) * 2 + (meetsRequired ? 1 : 0);
}

/** The level and whether it met the required one, of a non-zero trend code. */
export function decodeTrend(code: number): {
  level: LevelOrNone;
  meetsRequired: boolean;
} {
  const value = code - 1;
  return {
    level: TREND_LEVELS[value >> 1],
    meetsRequired: (value & 1) === 1,
  };
}

/** One evaluated service in the snapshot. */
export type SnapshotService = {
  summary: StoredSummary;
  /** One code per day of {@link OverviewSnapshotValue.days} (see trendCode). */
  trend: Uint8Array;
};

/**
 * What the org views of the readiness API are answered from: every stored
 * summary and the daily trend of each service, loaded once. Per-category
 * rows are memoised in `memo` by the read model (a new snapshot starts
 * empty).
 */
export type OverviewSnapshotValue = {
  /** By entity ref. */
  services: SnapshotService[];
  /** The trend's days (YYYY-MM-DD, UTC), oldest first. */
  days: string[];
  memo: Map<string, unknown>;
};

function dayOf(date: Date): string {
  return date.toISOString().slice(0, 10);
}

/** Loads the snapshot's value from the store (two queries). */
export async function loadOverviewSnapshot(
  store: ReadinessStore,
  now: Date,
): Promise<OverviewSnapshotValue> {
  const days = Array.from({ length: TREND_DAYS }, (_, i) =>
    dayOf(new Date(now.getTime() - (TREND_DAYS - 1 - i) * DAY_MS)),
  );
  const dayIndex = new Map(days.map((day, i) => [day, i]));
  const [summaries, daily] = await Promise.all([
    store.listSummaries(),
    store.dailyLevels(days[0]),
  ]);
  const byRef = new Map<string, SnapshotService>();
  const services = summaries.map(summary => {
    const service = { summary, trend: new Uint8Array(TREND_DAYS) };
    byRef.set(summary.entityRef, service);
    return service;
  });
  for (const row of daily) {
    const index = dayIndex.get(row.day);
    const service = byRef.get(row.entityRef);
    if (index === undefined || !service) continue;
    service.trend[index] = trendCode(row.level, row.meetsRequired);
  }
  return { services, days, memo: new Map() };
}

/**
 * The readiness org views' {@link SharedSnapshot}: built from the store on
 * the first read after a command changed summaries, evaluations or
 * attestations (they call {@link OverviewSnapshot.invalidate}), or after
 * {@link OVERVIEW_SNAPSHOT_MAX_AGE_MS}.
 */
export class OverviewSnapshot {
  readonly #snapshot: SharedSnapshot<OverviewSnapshotValue>;

  constructor(options: {
    cache: CacheService;
    store: ReadinessStore;
    maxAgeMs?: number;
    logger?: LoggerService;
    now?: () => Date;
  }) {
    const now = options.now ?? (() => new Date());
    this.#snapshot = new SharedSnapshot({
      cache: options.cache,
      logger: options.logger,
      key: 'readiness-overview',
      load: () => loadOverviewSnapshot(options.store, now()),
      maxAgeMs: options.maxAgeMs ?? OVERVIEW_SNAPSHOT_MAX_AGE_MS,
      now: () => now().getTime(),
    });
  }

  get(): Promise<OverviewSnapshotValue> {
    return this.#snapshot.get();
  }

  /** Marks the snapshot out of date on every replica sharing the cache. */
  invalidate(): Promise<void> {
    return this.#snapshot.invalidate();
  }
}
