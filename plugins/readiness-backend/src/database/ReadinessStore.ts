import {
  DatabaseService,
  resolvePackagePath,
} from '@backstage/backend-plugin-api';
import { TierName } from '@golden-path/plugin-golden-path-common';
import { chunks, parseJson } from '@golden-path/plugin-golden-path-node';
import {
  CheckOutcome,
  FactSnapshot,
  FactValue,
  LevelOrNone,
} from '@golden-path/plugin-readiness-common';
import { Knex } from 'knex';
import { createHash } from 'node:crypto';

const migrationsDir = resolvePackagePath(
  '@golden-path/plugin-readiness-backend',
  'migrations',
);

const FACTS = 'readiness_facts';
const RUNS = 'readiness_collector_runs';
const VERSIONS = 'readiness_fact_versions';
const RESULTS = 'readiness_results';
const ENTITIES = 'readiness_entities';
const HISTORY = 'readiness_history';
const ATTESTATIONS = 'readiness_attestations';

// Rows per INSERT: knex writes a multi-row insert on SQLite as one compound
// SELECT, and SQLite allows at most 500 terms in one; the bindings (at most
// 13 columns x 500) stay far below both databases' limits. Fewer, larger
// statements are what makes writing 100,000 results fast.
const ROW_CHUNK = 500;
const IN_CHUNK = 500;
/** Components per write transaction of an evaluation. */
const EVALUATION_TX_CHUNK = 500;
/** Entities per write transaction of a collector run. */
const COLLECTION_TX_CHUNK = 500;

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

type ResultWrite = EntityEvaluation['results'][number];

/** The parts of a result that make it different: not collection times. */
function comparable(result: ResultWrite) {
  return [
    result.checkId,
    result.outcome,
    result.message,
    result.facts.map(fact => [fact.id, fact.value, fact.collector]),
  ];
}

function sha1(value: unknown): string {
  return createHash('sha1').update(JSON.stringify(value)).digest('hex');
}

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
};

/** Services per day, level and whether they met their required level. */
export type TrendRow = {
  day: string;
  level: LevelOrNone;
  meetsRequired: boolean;
  count: number;
};

type SummaryRow = {
  entity_ref: string;
  title: string | null;
  owner: string | null;
  system: string | null;
  domain: string | null;
  tier: string | null;
  level: string;
  required_level: string;
  meets_required: boolean | number;
  passed: number | string;
  applicable: number | string;
  outcomes: string;
  results_signature: string;
  inputs_signature: string;
  evaluated_at: string;
};

/** The summary columns the API answers with (not the signatures). */
const SUMMARY_COLUMNS = [
  'entity_ref',
  'title',
  'owner',
  'system',
  'domain',
  'tier',
  'level',
  'required_level',
  'meets_required',
  'passed',
  'applicable',
  'outcomes',
  'evaluated_at',
];

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

function toSummary(row: SummaryRow): StoredSummary {
  return {
    entityRef: row.entity_ref,
    title: row.title,
    owner: row.owner,
    system: row.system,
    domain: row.domain,
    tier: row.tier as TierName | null,
    level: row.level as LevelOrNone,
    requiredLevel: row.required_level as LevelOrNone,
    meetsRequired: Boolean(row.meets_required),
    passed: Number(row.passed),
    applicable: Number(row.applicable),
    outcomes: parseJson(row.outcomes, {}),
    evaluatedAt: row.evaluated_at,
  };
}

function toAttestation(row: Record<string, string>): StoredAttestation {
  return {
    id: row.id,
    entityRef: row.entity_ref,
    checkId: row.check_id,
    author: row.author,
    comment: row.comment,
    createdAt: row.created_at,
    expiresAt: row.expires_at,
  };
}

/**
 * Every query of the readiness backend: collected facts and collector runs,
 * check results, component summaries with their history, and the
 * append-only attestations. Works on SQLite and PostgreSQL.
 * @public
 */
export class ReadinessStore {
  /** Connects and runs the migrations (unless the database service skips them). */
  static async create(options: {
    database: DatabaseService;
  }): Promise<ReadinessStore> {
    const { database } = options;
    const knex = await database.getClient();
    if (!database.migrations?.skip) {
      await knex.migrate.latest({ directory: migrationsDir });
    }
    return new ReadinessStore(knex);
  }

  /** Undoes every migration of the plugin (tests of the `down` path). */
  static async rollbackAll(knex: Knex): Promise<void> {
    await knex.migrate.rollback({ directory: migrationsDir }, true);
  }

  private constructor(private readonly db: Knex) {}

  /**
   * The rows of `query` for these entities (in chunks of IN_CHUNK refs), or
   * for every entity in one scan when no refs are given.
   */
  private async rowsOf<T>(
    entityRefs: readonly string[] | undefined,
    query: () => Knex.QueryBuilder,
  ): Promise<T[]> {
    if (!entityRefs) return (await query()) as T[];
    const rows: T[] = [];
    for (const refs of chunks([...new Set(entityRefs)], IN_CHUNK)) {
      rows.push(...((await query().whereIn('entity_ref', refs)) as T[]));
    }
    return rows;
  }

  // ---- facts -------------------------------------------------------------

  /**
   * Stores what one collector found: each fact replaces the stored value of
   * the entity, and the run (with its error or none) is recorded. Facts a
   * result leaves out are kept as they were. An entity whose fact values or
   * collector error changed gets its fact version raised, in the same
   * transaction.
   */
  async writeCollection(options: {
    collector: string;
    entities: CollectedEntity[];
    collectedAt: Date;
  }): Promise<void> {
    const at = options.collectedAt.toISOString();
    const { collector } = options;
    for (const batch of chunks(options.entities, COLLECTION_TX_CHUNK)) {
      await this.db.transaction(async tx => {
        const refs = batch.map(entity => entity.entityRef);
        const before = new Map<string, string>();
        const errorsBefore = new Map<string, string | null>();
        for (const part of chunks(refs, IN_CHUNK)) {
          const factRows = (await tx(FACTS)
            .whereIn('entity_ref', part)
            .select('entity_ref', 'fact_id', 'value')) as Array<
            Record<string, string>
          >;
          for (const row of factRows) {
            before.set(`${row.entity_ref}\u0000${row.fact_id}`, row.value);
          }
          const runRows = (await tx(RUNS)
            .where({ collector })
            .whereIn('entity_ref', part)
            .select('entity_ref', 'error')) as Array<{
            entity_ref: string;
            error: string | null;
          }>;
          for (const row of runRows)
            errorsBefore.set(row.entity_ref, row.error);
        }

        const changed = new Set<string>();
        const facts = batch.flatMap(entity =>
          Object.entries(entity.facts).map(([factId, value]) => {
            const json = JSON.stringify(value);
            if (before.get(`${entity.entityRef}\u0000${factId}`) !== json) {
              changed.add(entity.entityRef);
            }
            return {
              entity_ref: entity.entityRef,
              fact_id: factId,
              value: json,
              collector,
              collected_at: at,
            };
          }),
        );
        for (const entity of batch) {
          // A first run changes what the evaluation reads even when it
          // found nothing: the collector is no longer awaited.
          if (
            !errorsBefore.has(entity.entityRef) ||
            (errorsBefore.get(entity.entityRef) ?? null) !== entity.error
          ) {
            changed.add(entity.entityRef);
          }
        }
        for (const rows of chunks(facts, ROW_CHUNK)) {
          await tx(FACTS)
            .insert(rows)
            .onConflict(['entity_ref', 'fact_id'])
            .merge(['value', 'collector', 'collected_at']);
        }
        const runs = batch.map(entity => ({
          collector,
          entity_ref: entity.entityRef,
          ran_at: at,
          error: entity.error,
        }));
        for (const rows of chunks(runs, ROW_CHUNK)) {
          await tx(RUNS)
            .insert(rows)
            .onConflict(['collector', 'entity_ref'])
            .merge(['ran_at', 'error']);
        }
        for (const rows of chunks([...changed], ROW_CHUNK)) {
          await tx(VERSIONS)
            .insert(
              rows.map(entityRef => ({ entity_ref: entityRef, version: 1 })),
            )
            .onConflict('entity_ref')
            .merge({ version: tx.raw('?? + 1', [`${VERSIONS}.version`]) });
        }
      });
    }
  }

  /** The fact version of each entity (all entities when not given). */
  async loadFactVersions(
    entityRefs?: readonly string[],
  ): Promise<Map<string, number>> {
    const rows = await this.rowsOf<{
      entity_ref: string;
      version: number | string;
    }>(entityRefs, () => this.db(VERSIONS).select('entity_ref', 'version'));
    return new Map(rows.map(row => [row.entity_ref, Number(row.version)]));
  }

  /** Removes a collector's facts and runs of entities no longer in the catalog. */
  async pruneCollector(collector: string, keep: ReadonlySet<string>) {
    const stored = (
      await this.db(RUNS).where({ collector }).select('entity_ref')
    ).map((row: { entity_ref: string }) => row.entity_ref);
    const storedFacts = (
      await this.db(FACTS).where({ collector }).distinct('entity_ref')
    ).map((row: { entity_ref: string }) => row.entity_ref);
    const gone = [...new Set([...stored, ...storedFacts])].filter(
      ref => !keep.has(ref),
    );
    for (const refs of chunks(gone, IN_CHUNK)) {
      await this.db.transaction(async tx => {
        await tx(FACTS)
          .where({ collector })
          .whereIn('entity_ref', refs)
          .delete();
        await tx(RUNS)
          .where({ collector })
          .whereIn('entity_ref', refs)
          .delete();
      });
    }
    return gone.length;
  }

  /**
   * The stored facts per entity (all entities when `entityRefs` is not
   * given: one scan instead of thousands of lookups).
   */
  async loadFacts(
    entityRefs?: readonly string[],
  ): Promise<Map<string, Map<string, FactSnapshot>>> {
    const rows = await this.rowsOf<{
      entity_ref: string;
      fact_id: string;
      value: string;
      collector: string;
      collected_at: string;
    }>(entityRefs, () =>
      this.db(FACTS).select(
        'entity_ref',
        'fact_id',
        'value',
        'collector',
        'collected_at',
      ),
    );
    const byEntity = new Map<string, Map<string, FactSnapshot>>();
    for (const row of rows) {
      let facts = byEntity.get(row.entity_ref);
      if (!facts) {
        facts = new Map();
        byEntity.set(row.entity_ref, facts);
      }
      facts.set(row.fact_id, {
        id: row.fact_id,
        value: parseJson<FactValue>(row.value, null),
        collectedAt: row.collected_at,
        collector: row.collector,
      });
    }
    return byEntity;
  }

  /** The collectors' last runs per entity (all entities when not given). */
  async loadCollectorRuns(
    entityRefs?: readonly string[],
  ): Promise<Map<string, CollectorRun[]>> {
    const rows = await this.rowsOf<Record<string, string | null>>(
      entityRefs,
      () => this.db(RUNS).select().orderBy('collector'),
    );
    const byEntity = new Map<string, CollectorRun[]>();
    for (const row of rows) {
      const run: CollectorRun = {
        collector: row.collector!,
        entityRef: row.entity_ref!,
        ranAt: row.ran_at!,
        error: row.error,
      };
      const list = byEntity.get(run.entityRef) ?? [];
      list.push(run);
      byEntity.set(run.entityRef, list);
    }
    return byEntity;
  }

  // ---- attestations ------------------------------------------------------

  /**
   * Appends an attestation; there is no way to change or remove one. Times
   * are stored as ISO strings (a Date is converted), so they compare as
   * text on both databases.
   */
  async addAttestation(
    attestation: Omit<StoredAttestation, 'createdAt' | 'expiresAt'> & {
      createdAt: string | Date;
      expiresAt: string | Date;
    },
  ): Promise<void> {
    await this.db(ATTESTATIONS).insert({
      id: attestation.id,
      entity_ref: attestation.entityRef,
      check_id: attestation.checkId,
      author: attestation.author,
      comment: attestation.comment,
      created_at: new Date(attestation.createdAt).toISOString(),
      expires_at: new Date(attestation.expiresAt).toISOString(),
    });
  }

  /** An entity's attestations, newest first, expired ones included. */
  async listAttestations(entityRef: string): Promise<StoredAttestation[]> {
    const rows = await this.db(ATTESTATIONS)
      .where({ entity_ref: entityRef })
      .orderBy([
        { column: 'created_at', order: 'desc' },
        { column: 'id', order: 'desc' },
      ]);
    return rows.map(toAttestation);
  }

  /**
   * Per entity and check, the newest attestation not expired at `now`
   * (all entities when not given).
   */
  async currentAttestations(
    now: Date,
    entityRefs?: readonly string[],
  ): Promise<Map<string, Map<string, StoredAttestation>>> {
    const at = now.toISOString();
    const rows = await this.rowsOf<Record<string, string>>(entityRefs, () =>
      this.db(ATTESTATIONS).where('expires_at', '>', at).select(),
    );
    const byEntity = new Map<string, Map<string, StoredAttestation>>();
    for (const row of rows) {
      const attestation = toAttestation(row);
      let checks = byEntity.get(attestation.entityRef);
      if (!checks) {
        checks = new Map();
        byEntity.set(attestation.entityRef, checks);
      }
      const known = checks.get(attestation.checkId);
      if (!known || known.createdAt < attestation.createdAt) {
        checks.set(attestation.checkId, attestation);
      }
    }
    return byEntity;
  }

  // ---- evaluations -------------------------------------------------------

  /**
   * Stores evaluations in transactions of a few hundred components: a
   * result is written only when it differs from the stored one (outcome,
   * message or a fact value) and results of checks no longer evaluated are
   * removed; each summary is upserted; a history point is appended when the
   * summary changed or it is the first evaluation of the (UTC) day.
   */
  async writeEvaluations(
    evaluations: readonly EntityEvaluation[],
    now: Date,
  ): Promise<{ historyPoints: number; resultsWritten: number }> {
    const evaluatedAt = now.toISOString();
    const day = evaluatedAt.slice(0, 10);
    let historyPoints = 0;
    let resultsWritten = 0;
    for (const batch of chunks(evaluations, EVALUATION_TX_CHUNK)) {
      const written = await this.db.transaction(async tx => {
        const refs = batch.map(e => e.entityRef);
        const previous = new Map<string, SummaryRow>();
        for (const row of (await tx(ENTITIES)
          .whereIn('entity_ref', refs)
          .select(
            'entity_ref',
            'level',
            'required_level',
            'meets_required',
            'passed',
            'applicable',
            'results_signature',
            'evaluated_at',
          )) as SummaryRow[]) {
          previous.set(row.entity_ref, row);
        }

        // Only components whose results changed have theirs read and
        // compared one by one.
        const signatures = new Map(
          batch.map(evaluation => [
            evaluation.entityRef,
            sha1(evaluation.results.map(comparable)),
          ]),
        );
        const touched = batch.filter(
          evaluation =>
            previous.get(evaluation.entityRef)?.results_signature !==
            signatures.get(evaluation.entityRef),
        );
        const stored = new Map<string, Map<string, string>>();
        for (const refsChunk of chunks(
          touched.map(evaluation => evaluation.entityRef),
          IN_CHUNK,
        )) {
          for (const row of (await tx(RESULTS)
            .whereIn('entity_ref', refsChunk)
            .select('entity_ref', 'check_id', 'signature')) as Array<
            Record<string, string>
          >) {
            const checks = stored.get(row.entity_ref) ?? new Map();
            checks.set(row.check_id, row.signature);
            stored.set(row.entity_ref, checks);
          }
        }
        const changed: Array<Record<string, string>> = [];
        for (const evaluation of touched) {
          const before = stored.get(evaluation.entityRef);
          const current = new Set<string>();
          for (const result of evaluation.results) {
            current.add(result.checkId);
            const signature = sha1(comparable(result));
            if (before?.get(result.checkId) === signature) continue;
            changed.push({
              entity_ref: evaluation.entityRef,
              check_id: result.checkId,
              outcome: result.outcome,
              message: result.message,
              facts: JSON.stringify(result.facts),
              signature,
              evaluated_at: evaluatedAt,
            });
          }
          const gone = [...(before?.keys() ?? [])].filter(
            checkId => !current.has(checkId),
          );
          if (gone.length > 0) {
            await tx(RESULTS)
              .where({ entity_ref: evaluation.entityRef })
              .whereIn('check_id', gone)
              .delete();
          }
        }
        for (const rows of chunks(changed, ROW_CHUNK)) {
          await tx(RESULTS)
            .insert(rows)
            .onConflict(['entity_ref', 'check_id'])
            .merge([
              'outcome',
              'message',
              'facts',
              'signature',
              'evaluated_at',
            ]);
        }

        const summaries = batch.map(evaluation => ({
          entity_ref: evaluation.entityRef,
          title: evaluation.title,
          owner: evaluation.owner,
          system: evaluation.system,
          domain: evaluation.domain,
          tier: evaluation.tier,
          level: evaluation.level,
          required_level: evaluation.requiredLevel,
          meets_required: evaluation.meetsRequired,
          passed: evaluation.passed,
          applicable: evaluation.applicable,
          outcomes: JSON.stringify(
            Object.fromEntries(
              evaluation.results.map(result => [
                result.checkId,
                result.outcome,
              ]),
            ),
          ),
          results_signature: signatures.get(evaluation.entityRef)!,
          inputs_signature: evaluation.inputsSignature,
          evaluated_at: evaluatedAt,
        }));
        for (const rows of chunks(summaries, ROW_CHUNK)) {
          await tx(ENTITIES)
            .insert(rows)
            .onConflict('entity_ref')
            .merge([
              'title',
              'owner',
              'system',
              'domain',
              'tier',
              'level',
              'required_level',
              'meets_required',
              'passed',
              'applicable',
              'outcomes',
              'results_signature',
              'inputs_signature',
              'evaluated_at',
            ]);
        }

        const history = batch
          .filter(evaluation => {
            const before = previous.get(evaluation.entityRef);
            return (
              !before ||
              before.evaluated_at.slice(0, 10) !== day ||
              before.level !== evaluation.level ||
              before.required_level !== evaluation.requiredLevel ||
              Boolean(before.meets_required) !== evaluation.meetsRequired ||
              Number(before.passed) !== evaluation.passed ||
              Number(before.applicable) !== evaluation.applicable
            );
          })
          .map(evaluation => ({
            entity_ref: evaluation.entityRef,
            day,
            evaluated_at: evaluatedAt,
            level: evaluation.level,
            required_level: evaluation.requiredLevel,
            meets_required: evaluation.meetsRequired,
            passed: evaluation.passed,
            applicable: evaluation.applicable,
          }));
        for (const rows of chunks(history, ROW_CHUNK)) {
          await tx(HISTORY).insert(rows);
        }
        return { history: history.length, results: changed.length };
      });
      historyPoints += written.history;
      resultsWritten += written.results;
    }
    return { historyPoints, resultsWritten };
  }

  /** The state of the last evaluation of components (all when not given). */
  async loadSummaryStates(
    entityRefs?: readonly string[],
  ): Promise<Map<string, SummaryState>> {
    const rows = await this.rowsOf<SummaryRow>(entityRefs, () =>
      this.db(ENTITIES).select(
        'entity_ref',
        'inputs_signature',
        'level',
        'required_level',
        'meets_required',
        'passed',
        'applicable',
        'evaluated_at',
      ),
    );
    return new Map(
      rows.map(row => [
        row.entity_ref,
        {
          inputsSignature: row.inputs_signature,
          level: row.level as LevelOrNone,
          requiredLevel: row.required_level as LevelOrNone,
          meetsRequired: Boolean(row.meets_required),
          passed: Number(row.passed),
          applicable: Number(row.applicable),
          evaluatedAt: row.evaluated_at,
        },
      ]),
    );
  }

  /**
   * Records that unchanged components were evaluated again: their summary's
   * time moves on, and a history point repeats their state on a new day.
   */
  async touchEvaluations(
    unchanged: ReadonlyArray<{ entityRef: string; state: SummaryState }>,
    now: Date,
  ): Promise<{ historyPoints: number }> {
    const evaluatedAt = now.toISOString();
    const day = evaluatedAt.slice(0, 10);
    let historyPoints = 0;
    for (const batch of chunks(unchanged, EVALUATION_TX_CHUNK)) {
      const points = await this.db.transaction(async tx => {
        const history = batch
          .filter(({ state }) => state.evaluatedAt.slice(0, 10) !== day)
          .map(({ entityRef, state }) => ({
            entity_ref: entityRef,
            day,
            evaluated_at: evaluatedAt,
            level: state.level,
            required_level: state.requiredLevel,
            meets_required: state.meetsRequired,
            passed: state.passed,
            applicable: state.applicable,
          }));
        for (const rows of chunks(history, ROW_CHUNK)) {
          await tx(HISTORY).insert(rows);
        }
        await tx(ENTITIES)
          .whereIn(
            'entity_ref',
            batch.map(({ entityRef }) => entityRef),
          )
          .update({ evaluated_at: evaluatedAt });
        return history.length;
      });
      historyPoints += points;
    }
    return { historyPoints };
  }

  /**
   * Removes the summaries and results of components not in `keep` (they
   * left the catalog or stopped being components); their history stays
   * until it is pruned.
   */
  async removeEvaluationsExcept(keep: ReadonlySet<string>): Promise<string[]> {
    const stored = (await this.db(ENTITIES).select('entity_ref')).map(
      (row: { entity_ref: string }) => row.entity_ref,
    );
    const gone = stored.filter(ref => !keep.has(ref));
    for (const refs of chunks(gone, IN_CHUNK)) {
      await this.db.transaction(async tx => {
        await tx(RESULTS).whereIn('entity_ref', refs).delete();
        await tx(ENTITIES).whereIn('entity_ref', refs).delete();
      });
    }
    return gone;
  }

  /** Deletes history older than `beforeDay` (YYYY-MM-DD). */
  async pruneHistory(beforeDay: string): Promise<number> {
    return this.db(HISTORY).where('day', '<', beforeDay).delete();
  }

  async getSummary(entityRef: string): Promise<StoredSummary | undefined> {
    const row = await this.db(ENTITIES)
      .where({ entity_ref: entityRef })
      .first();
    return row ? toSummary(row) : undefined;
  }

  /** The summaries matching the filter, by entity ref. */
  async listSummaries(filter: SummaryFilter = {}): Promise<StoredSummary[]> {
    const rows = await this.db(ENTITIES)
      .modify(query => applySummaryFilter(query, filter, ENTITIES))
      .select(SUMMARY_COLUMNS)
      .orderBy('entity_ref');
    return rows.map(toSummary);
  }

  async getResults(entityRef: string): Promise<StoredResult[]> {
    const rows = await this.db(RESULTS)
      .where({ entity_ref: entityRef })
      .orderBy('check_id')
      .select();
    return rows.map(row => ({
      checkId: row.check_id,
      outcome: row.outcome as CheckOutcome,
      message: row.message,
      facts: parseJson<FactSnapshot[]>(row.facts, []),
      evaluatedAt: row.evaluated_at,
    }));
  }

  /** An entity's history since `sinceDay` (YYYY-MM-DD), oldest first. */
  async history(
    entityRef: string,
    sinceDay: string,
  ): Promise<StoredHistoryPoint[]> {
    const rows = await this.db(HISTORY)
      .where({ entity_ref: entityRef })
      .where('day', '>=', sinceDay)
      .orderBy([
        { column: 'evaluated_at', order: 'asc' },
        { column: 'id', order: 'asc' },
      ])
      .select();
    return rows.map(row => ({
      evaluatedAt: row.evaluated_at,
      level: row.level as LevelOrNone,
      requiredLevel: row.required_level as LevelOrNone,
      meetsRequired: Boolean(row.meets_required),
      passed: Number(row.passed),
      applicable: Number(row.applicable),
    }));
  }

  /**
   * Per day since `sinceDay`: the services (still evaluated now, matching
   * the filter) by level and by whether they met their required level, as
   * their last evaluation of that day left them.
   */
  async trend(options: {
    sinceDay: string;
    filter?: SummaryFilter;
  }): Promise<TrendRow[]> {
    const last = this.db(HISTORY)
      .select('entity_ref', 'day')
      .max({ last_id: 'id' })
      .where('day', '>=', options.sinceDay)
      .groupBy('entity_ref', 'day')
      .as('last');
    const rows = await this.db({ h: HISTORY })
      .join(last, 'h.id', 'last.last_id')
      .join({ e: ENTITIES }, 'e.entity_ref', 'h.entity_ref')
      .modify(query => applySummaryFilter(query, options.filter ?? {}, 'e'))
      .select('h.day', 'h.level', 'h.meets_required')
      .count({ count: '*' })
      .groupBy('h.day', 'h.level', 'h.meets_required')
      .orderBy(['h.day', 'h.level', 'h.meets_required']);
    return rows.map((row: Record<string, unknown>) => ({
      day: String(row.day),
      level: row.level as LevelOrNone,
      meetsRequired: Boolean(row.meets_required),
      count: Number(row.count),
    }));
  }
}

function applySummaryFilter(
  query: Knex.QueryBuilder,
  filter: SummaryFilter,
  table: string,
) {
  if (filter.owner) query.whereIn(`${table}.owner`, filter.owner);
  if (filter.system) query.whereIn(`${table}.system`, filter.system);
  if (filter.tier) query.whereIn(`${table}.tier`, filter.tier);
}
