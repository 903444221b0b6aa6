import {
  DatabaseService,
  resolvePackagePath,
} from '@backstage/backend-plugin-api';
import { AdrFacets, AdrSummary } from '@golden-path/plugin-adr-common';
import { migrateToLatest } from '@golden-path/plugin-golden-path-node';
import { Knex } from 'knex';
import {
  AdrCounts,
  AdrGraphNode,
  AdrIndexRecord,
  AdrIndexSource,
  AdrListFilter,
  AdrListPage,
  AdrListResult,
  AdrPermissionFilter,
  AdrRecordKey,
  AdrSourceWrite,
  AdrStore,
  AdrWrite,
  StoredAdr,
  StoredSource,
} from './AdrStore';
import {
  getRecord,
  getRecordGraph,
  listEntityRecords,
} from './operations/records';
import {
  readIndexRows,
  readRecordBodies,
  searchRecordKeys,
} from './operations/indexRows';
import { searchRecords } from './operations/search';
import {
  deleteSourcesExcept,
  getSource,
  listSourceRefs,
  markSourceNotModified,
  writeSourceError,
} from './operations/sources';
import { getCounts, getFacets } from './operations/stats';
import { writeFolder } from './operations/writeFolder';

const migrationsDir = resolvePackagePath(
  '@golden-path/plugin-adr-backend',
  'migrations',
);

/**
 * The AdrStore on the plugin's database (SQLite or PostgreSQL): migrations
 * here, each query in `operations/`.
 */
export class DatabaseAdrStore implements AdrStore {
  /** Connects and, unless `database.migrations.skip`, migrates. */
  static async create(options: {
    database: DatabaseService;
  }): Promise<DatabaseAdrStore> {
    const { database } = options;
    const knex = await database.getClient();
    if (!database.migrations?.skip) {
      await migrateToLatest(knex, { directory: migrationsDir });
    }
    return new DatabaseAdrStore(knex);
  }

  /** Undoes every migration of the plugin (tests of the `down` path). */
  static async rollbackAll(knex: Knex): Promise<void> {
    await knex.migrate.rollback({ directory: migrationsDir }, true);
  }

  private constructor(private readonly knex: Knex) {}

  getSource(entityRef: string): Promise<StoredSource | undefined> {
    return getSource({ knex: this.knex, entityRef });
  }

  listSourceRefs(): Promise<string[]> {
    return listSourceRefs({ knex: this.knex });
  }

  writeFolder(options: {
    source: AdrSourceWrite;
    adrs: AdrWrite[];
    now: Date;
  }): Promise<{ added: number; updated: number; removed: number }> {
    return writeFolder({ knex: this.knex, ...options });
  }

  writeSourceError(options: {
    source: Omit<AdrSourceWrite, 'etag' | 'warnings'>;
    error: string;
  }): Promise<void> {
    return writeSourceError({ knex: this.knex, ...options });
  }

  markSourceNotModified(entityRef: string, now: Date): Promise<void> {
    return markSourceNotModified({ knex: this.knex, entityRef, now });
  }

  deleteSourcesExcept(keep: Iterable<string>): Promise<string[]> {
    return deleteSourcesExcept({ knex: this.knex, keep });
  }

  list(options: {
    filter: AdrListFilter;
    page: AdrListPage;
    permission?: AdrPermissionFilter;
    staleCutoff: string;
    withBody?: boolean;
  }): Promise<AdrListResult> {
    return searchRecords({ knex: this.knex, ...options });
  }

  listEntity(options: {
    entityRef: string;
    permission?: AdrPermissionFilter;
    staleCutoff: string;
  }): Promise<AdrSummary[]> {
    return listEntityRecords({ knex: this.knex, ...options });
  }

  get(options: {
    entityRef: string;
    path: string;
    permission?: AdrPermissionFilter;
    staleCutoff: string;
  }): Promise<StoredAdr | undefined> {
    return getRecord({ knex: this.knex, ...options });
  }

  getGraph(entityRef: string): Promise<AdrGraphNode[]> {
    return getRecordGraph({ knex: this.knex, entityRef });
  }

  readIndex(): Promise<{
    records: AdrIndexRecord[];
    sources: AdrIndexSource[];
  }> {
    return readIndexRows({ knex: this.knex });
  }

  searchKeys(q: string): Promise<AdrRecordKey[]> {
    return searchRecordKeys({ knex: this.knex, q });
  }

  readBodies(keys: readonly AdrRecordKey[]): Promise<Map<string, string>> {
    return readRecordBodies({ knex: this.knex, keys });
  }

  facets(permission?: AdrPermissionFilter): Promise<AdrFacets> {
    return getFacets({ knex: this.knex, permission });
  }

  counts(options: {
    permission?: AdrPermissionFilter;
    staleCutoff: string;
  }): Promise<AdrCounts> {
    return getCounts({ knex: this.knex, ...options });
  }
}
