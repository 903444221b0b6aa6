import {
  DatabaseService,
  resolvePackagePath,
} from '@backstage/backend-plugin-api';
import { FactSnapshot } from '@golden-path/plugin-readiness-common';
import { migrateToLatest } from '@golden-path/plugin-golden-path-node';
import { Knex } from 'knex';
import {
  addAttestation,
  currentAttestations,
  listAttestations,
} from './operations/attestations';
import { pruneCollector, writeCollection } from './operations/collections';
import { loadCollectorRuns } from './operations/collectorRuns';
import {
  loadSummaryStates,
  removeEvaluationsExcept,
  touchEvaluations,
  writeEvaluations,
} from './operations/evaluations';
import { loadFacts, loadFactVersions } from './operations/facts';
import {
  dailyLevels,
  history,
  pruneHistory,
  trend,
} from './operations/history';
import { getResults, getSummary, listSummaries } from './operations/summaries';
import {
  CollectedEntity,
  CollectorRun,
  DailyLevelRow,
  EntityEvaluation,
  NewAttestation,
  ReadinessStore,
  StoredAttestation,
  StoredHistoryPoint,
  StoredResult,
  StoredSummary,
  SummaryFilter,
  SummaryState,
  TrendRow,
} from './ReadinessStore';

const migrationsDir = resolvePackagePath(
  '@golden-path/plugin-readiness-backend',
  'migrations',
);

/**
 * The {@link ReadinessStore} over the plugin's database (SQLite or
 * PostgreSQL): runs the migrations and hands each query to its operation
 * in `operations/`.
 */
export class DatabaseReadinessStore implements ReadinessStore {
  /** Connects and runs the migrations (unless the database service skips them). */
  static async create(options: {
    database: DatabaseService;
  }): Promise<DatabaseReadinessStore> {
    const { database } = options;
    const knex = await database.getClient();
    if (!database.migrations?.skip) {
      await migrateToLatest(knex, { directory: migrationsDir });
    }
    return new DatabaseReadinessStore(knex);
  }

  /** Undoes every migration of the plugin (tests of the `down` path). */
  static async rollbackAll(knex: Knex): Promise<void> {
    await knex.migrate.rollback({ directory: migrationsDir }, true);
  }

  private constructor(private readonly db: Knex) {}

  writeCollection(options: {
    collector: string;
    entities: CollectedEntity[];
    collectedAt: Date;
  }): Promise<void> {
    return writeCollection(this.db, options);
  }

  pruneCollector(
    collector: string,
    keep: ReadonlySet<string>,
  ): Promise<number> {
    return pruneCollector(this.db, collector, keep);
  }

  loadFactVersions(
    entityRefs?: readonly string[],
  ): Promise<Map<string, number>> {
    return loadFactVersions(this.db, entityRefs);
  }

  loadFacts(
    entityRefs?: readonly string[],
  ): Promise<Map<string, Map<string, FactSnapshot>>> {
    return loadFacts(this.db, entityRefs);
  }

  loadCollectorRuns(
    entityRefs?: readonly string[],
  ): Promise<Map<string, CollectorRun[]>> {
    return loadCollectorRuns(this.db, entityRefs);
  }

  addAttestation(attestation: NewAttestation): Promise<void> {
    return addAttestation(this.db, attestation);
  }

  listAttestations(entityRef: string): Promise<StoredAttestation[]> {
    return listAttestations(this.db, entityRef);
  }

  currentAttestations(
    now: Date,
    entityRefs?: readonly string[],
  ): Promise<Map<string, Map<string, StoredAttestation>>> {
    return currentAttestations(this.db, now, entityRefs);
  }

  writeEvaluations(
    evaluations: readonly EntityEvaluation[],
    now: Date,
  ): Promise<{ historyPoints: number; resultsWritten: number }> {
    return writeEvaluations(this.db, evaluations, now);
  }

  touchEvaluations(
    unchanged: ReadonlyArray<{ entityRef: string; state: SummaryState }>,
    now: Date,
  ): Promise<{ historyPoints: number }> {
    return touchEvaluations(this.db, unchanged, now);
  }

  loadSummaryStates(
    entityRefs?: readonly string[],
  ): Promise<Map<string, SummaryState>> {
    return loadSummaryStates(this.db, entityRefs);
  }

  removeEvaluationsExcept(keep: ReadonlySet<string>): Promise<string[]> {
    return removeEvaluationsExcept(this.db, keep);
  }

  getSummary(entityRef: string): Promise<StoredSummary | undefined> {
    return getSummary(this.db, entityRef);
  }

  listSummaries(filter?: SummaryFilter): Promise<StoredSummary[]> {
    return listSummaries(this.db, filter);
  }

  getResults(entityRef: string): Promise<StoredResult[]> {
    return getResults(this.db, entityRef);
  }

  history(entityRef: string, sinceDay: string): Promise<StoredHistoryPoint[]> {
    return history(this.db, entityRef, sinceDay);
  }

  trend(options: {
    sinceDay: string;
    filter?: SummaryFilter;
  }): Promise<TrendRow[]> {
    return trend(this.db, options);
  }

  dailyLevels(sinceDay: string): Promise<DailyLevelRow[]> {
    return dailyLevels(this.db, sinceDay);
  }

  pruneHistory(beforeDay: string): Promise<number> {
    return pruneHistory(this.db, beforeDay);
  }
}
