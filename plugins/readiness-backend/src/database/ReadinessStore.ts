import { TierName } from '@golden-path/plugin-golden-path-common';
import {
  CheckOutcome,
  FactSnapshot,
  FactValue,
  LevelOrNone,
} from '@golden-path/plugin-readiness-common';

/** What a collector found for one entity, ready to store. */
export type CollectedEntity = {
  entityRef: string;
  facts: Record<string, FactValue>;
  /** Why collecting failed or was partial; null clears an earlier error. */
  error: string | null;
};

/** A collector's last run for an entity. */
export type CollectorRun = {
  collector: string;
  entityRef: string;
  ranAt: string;
  error: string | null;
};

/** One check's stored result. */
export type StoredResult = {
  checkId: string;
  outcome: CheckOutcome;
  message: string;
  facts: FactSnapshot[];
  /** The evaluation that last changed the outcome, message or a fact value. */
  evaluatedAt: string;
};

/** A component's evaluation, as the evaluator writes it. */
export type EntityEvaluation = {
  entityRef: string;
  title: string | null;
  owner: string | null;
  system: string | null;
  domain: string | null;
  tier: TierName | null;
  level: LevelOrNone;
  requiredLevel: LevelOrNone;
  meetsRequired: boolean;
  passed: number;
  applicable: number;
  /** What the evaluation read, hashed (see ReadinessEvaluator). */
  inputsSignature: string;
  results: Array<{
    checkId: string;
    outcome: CheckOutcome;
    message: string;
    facts: FactSnapshot[];
  }>;
};

/** A component's stored summary. */
export type StoredSummary = Omit<
  EntityEvaluation,
  'results' | 'inputsSignature'
> & {
  /** Outcome per check id. */
  outcomes: Record<string, CheckOutcome>;
  evaluatedAt: string;
};

/** What an evaluation needs to know of a component's last one. */
export type SummaryState = {
  inputsSignature: string;
  level: LevelOrNone;
  requiredLevel: LevelOrNone;
  meetsRequired: boolean;
  passed: number;
  applicable: number;
  evaluatedAt: string;
};

/** A stored attestation. */
export type StoredAttestation = {
  id: string;
  entityRef: string;
  checkId: string;
  author: string;
  comment: string;
  createdAt: string;
  expiresAt: string;
};

/** An attestation to append; times may be given as dates. */
export type NewAttestation = Omit<
  StoredAttestation,
  'createdAt' | 'expiresAt'
> & {
  createdAt: string | Date;
  expiresAt: string | Date;
};

/** One point of a component's history. */
export type StoredHistoryPoint = {
  evaluatedAt: string;
  level: LevelOrNone;
  requiredLevel: LevelOrNone;
  meetsRequired: boolean;
  passed: number;
  applicable: number;
};

/** Filters on the stored summaries (all lower-case full refs / tier names). */
export type SummaryFilter = {
  owner?: string[];
  system?: string[];
  tier?: TierName[];
  /** Only these components (lower-case refs): those the caller may read. */
  entityRefs?: ReadonlySet<string>;
};

/** Services per day, level and whether they met their required level. */
export type TrendRow = {
  day: string;
  level: LevelOrNone;
  meetsRequired: boolean;
  count: number;
};

/** A service's level on one day (its last evaluation of that day). */
export type DailyLevelRow = {
  entityRef: string;
  day: string;
  level: LevelOrNone;
  meetsRequired: boolean;
};

/**
 * What the readiness backend stores: collected facts and collector runs,
 * the append-only attestations, check results and component summaries,
 * and their history. `DatabaseReadinessStore` implements it over knex.
 */
export interface ReadinessStore {
  // ---- collection ---------------------------------------------------------

  /**
   * Stores what one collector found: each fact replaces the stored value of
   * the entity, and the run (with its error or none) is recorded. Facts a
   * result leaves out are kept as they were. An entity whose fact values or
   * collector error changed gets its fact version raised, in the same
   * transaction.
   */
  writeCollection(options: {
    collector: string;
    entities: CollectedEntity[];
    collectedAt: Date;
  }): Promise<void>;

  /** Removes a collector's facts and runs of entities no longer in the catalog; answers how many. */
  pruneCollector(collector: string, keep: ReadonlySet<string>): Promise<number>;

  /** The fact version of each entity (all entities when not given). */
  loadFactVersions(
    entityRefs?: readonly string[],
  ): Promise<Map<string, number>>;

  /**
   * The stored facts per entity (all entities when `entityRefs` is not
   * given: one scan instead of thousands of lookups).
   */
  loadFacts(
    entityRefs?: readonly string[],
  ): Promise<Map<string, Map<string, FactSnapshot>>>;

  /** The collectors' last runs per entity (all entities when not given). */
  loadCollectorRuns(
    entityRefs?: readonly string[],
  ): Promise<Map<string, CollectorRun[]>>;

  // ---- attestations -------------------------------------------------------

  /** Appends an attestation; there is no way to change or remove one. */
  addAttestation(attestation: NewAttestation): Promise<void>;

  /** An entity's attestations, newest first, expired ones included. */
  listAttestations(entityRef: string): Promise<StoredAttestation[]>;

  /**
   * Per entity and check, the newest attestation not expired at `now`
   * (all entities when not given).
   */
  currentAttestations(
    now: Date,
    entityRefs?: readonly string[],
  ): Promise<Map<string, Map<string, StoredAttestation>>>;

  // ---- evaluations --------------------------------------------------------

  /**
   * Stores evaluations: changed results, the summaries, and a history point
   * when a summary changed or on the first evaluation of the (UTC) day.
   */
  writeEvaluations(
    evaluations: readonly EntityEvaluation[],
    now: Date,
  ): Promise<{ historyPoints: number; resultsWritten: number }>;

  /**
   * Records that unchanged components were evaluated again: their summary's
   * time moves on, and a history point repeats their state on a new day.
   */
  touchEvaluations(
    unchanged: ReadonlyArray<{ entityRef: string; state: SummaryState }>,
    now: Date,
  ): Promise<{ historyPoints: number }>;

  /** The state of the last evaluation of components (all when not given). */
  loadSummaryStates(
    entityRefs?: readonly string[],
  ): Promise<Map<string, SummaryState>>;

  /**
   * Removes the summaries and results of components not in `keep`; answers
   * the removed refs. Their history stays until it is pruned.
   */
  removeEvaluationsExcept(keep: ReadonlySet<string>): Promise<string[]>;

  // ---- summaries and results ----------------------------------------------

  /** A component's summary, if it was ever evaluated. */
  getSummary(entityRef: string): Promise<StoredSummary | undefined>;

  /** The summaries matching the filter, by entity ref. */
  listSummaries(filter?: SummaryFilter): Promise<StoredSummary[]>;

  /** A component's stored check results, by check id. */
  getResults(entityRef: string): Promise<StoredResult[]>;

  // ---- history ------------------------------------------------------------

  /** An entity's history since `sinceDay` (YYYY-MM-DD), oldest first. */
  history(entityRef: string, sinceDay: string): Promise<StoredHistoryPoint[]>;

  /**
   * Per day since `sinceDay`: the services (still evaluated now, matching
   * the filter) by level and by whether they met their required level.
   */
  trend(options: {
    sinceDay: string;
    filter?: SummaryFilter;
  }): Promise<TrendRow[]>;

  /**
   * Per service (still evaluated now) and day since `sinceDay`: its level
   * and whether it met its required level, as its last evaluation of that
   * day left it.
   */
  dailyLevels(sinceDay: string): Promise<DailyLevelRow[]>;

  /** Deletes history older than `beforeDay` (YYYY-MM-DD); answers how many points. */
  pruneHistory(beforeDay: string): Promise<number>;
}
