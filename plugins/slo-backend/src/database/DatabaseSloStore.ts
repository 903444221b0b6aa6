import {
  DatabaseService,
  resolvePackagePath,
} from '@backstage/backend-plugin-api';
import { BurnDownPoint, SloSummary } from '@golden-path/plugin-slo-common';
import { migrateToLatest } from '@golden-path/plugin-golden-path-node';
import { Knex } from 'knex';
import { SloDefinition, SloEntity } from './SloDefinition';
import { SliBucket, SloStore, StoredSummary, TimedSliCounts } from './SloStore';
import {
  countsBetween,
  countsOverTime,
  minuteCounts,
} from './operations/counts';
import {
  getDefinitions,
  getEntity,
  listDefinitions,
  listEntities,
  replaceDefinitions,
} from './operations/definitions';
import { prune } from './operations/prune';
import { SloKeys } from './operations/sloKeys';
import { listSummaries, writeSummaries } from './operations/summaries';
import { writeBuckets } from './operations/writeBuckets';

const migrationsDir = resolvePackagePath(
  '@golden-path/plugin-slo-backend',
  'migrations',
);

/**
 * The SloStore on the plugin's database (SQLite or PostgreSQL): migrations
 * here, each query in `operations/`.
 */
export class DatabaseSloStore implements SloStore {
  /** Connects and, unless `database.migrations.skip`, migrates. */
  static async create(options: {
    database: DatabaseService;
  }): Promise<DatabaseSloStore> {
    const { database } = options;
    const knex = await database.getClient();
    if (!database.migrations?.skip) {
      await migrateToLatest(knex, { directory: migrationsDir });
    }
    return new DatabaseSloStore(knex);
  }

  /** Undoes every migration of the plugin (tests of the `down` path). */
  static async rollbackAll(knex: Knex): Promise<void> {
    await knex.migrate.rollback({ directory: migrationsDir }, true);
  }

  /** The SLI tables' integer ids per slo_ref, looked up once per SLO. */
  private readonly keys = new SloKeys();

  private constructor(private readonly knex: Knex) {}

  replaceDefinitions(options: {
    entities: SloEntity[];
    definitions: SloDefinition[];
    now: Date;
  }): Promise<void> {
    return replaceDefinitions({ knex: this.knex, ...options });
  }

  listEntities(): Promise<SloEntity[]> {
    return listEntities({ knex: this.knex });
  }

  getEntity(entityRef: string): Promise<SloEntity | undefined> {
    return getEntity({ knex: this.knex, entityRef });
  }

  listDefinitions(entityRef?: string): Promise<SloDefinition[]> {
    return listDefinitions({ knex: this.knex, entityRef });
  }

  getDefinitions(sloRefs: string[]): Promise<Map<string, SloDefinition>> {
    return getDefinitions({ knex: this.knex, sloRefs });
  }

  writeBuckets(
    buckets: SliBucket[],
  ): Promise<Array<{ sloRef: string; hour: number }>> {
    return writeBuckets({ knex: this.knex, buckets, keys: this.keys });
  }

  countsBetween(
    sloRef: string,
    startMs: number,
    endMs: number,
  ): Promise<{ good: number; total: number } | null> {
    return countsBetween({
      knex: this.knex,
      sloRef,
      startMs,
      endMs,
      keys: this.keys,
    });
  }

  countsOverTime(
    sloRef: string,
    startMs: number,
    endMs: number,
  ): Promise<TimedSliCounts[]> {
    return countsOverTime({
      knex: this.knex,
      sloRef,
      startMs,
      endMs,
      keys: this.keys,
    });
  }

  minuteCounts(
    sloRef: string,
    startMs: number,
    endMs: number,
  ): Promise<TimedSliCounts[]> {
    return minuteCounts({
      knex: this.knex,
      sloRef,
      startMs,
      endMs,
      keys: this.keys,
    });
  }

  prune(options: {
    minutesBefore: Date;
    hoursBefore: Date;
  }): Promise<{ minutes: number; hours: number }> {
    return prune({ knex: this.knex, ...options });
  }

  writeSummaries(
    summaries: Array<{ summary: SloSummary; burnDown: BurnDownPoint[] }>,
    computedAt: Date,
  ): Promise<void> {
    return writeSummaries({ knex: this.knex, summaries, computedAt });
  }

  listSummaries(options: {
    entityRef?: string;
    withBurnDown?: boolean;
  }): Promise<StoredSummary[]> {
    return listSummaries({ knex: this.knex, ...options });
  }
}
