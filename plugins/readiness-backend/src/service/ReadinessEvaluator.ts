import { DatabaseService, LoggerService } from '@backstage/backend-plugin-api';
import { Entity } from '@backstage/catalog-model';
import { TierName } from '@golden-path/plugin-golden-path-common';
import {
  ATTESTATION_COLLECTOR,
  attestationFactId,
  CheckEvaluation,
  CheckOutcome,
  DEFAULT_REQUIRED_LEVELS,
  evaluateCheck,
  FactSnapshot,
  LevelOrNone,
  levelOf,
  ReadinessCheck,
  readinessStatusOf,
  requiredLevelFor,
} from '@golden-path/plugin-readiness-common';
import { Knex } from 'knex';
import { createHash } from 'node:crypto';
import { entityRefKey } from '@golden-path/plugin-golden-path-node';
import { loadReadinessChecks } from '../checks/loadReadinessChecks';
import { defaultFactDefinitions } from '../collectors/defaultFactDefinitions';
import { DatabaseReadinessStore } from '../database/DatabaseReadinessStore';
import {
  CollectorRun,
  EntityEvaluation,
  ReadinessStore,
  StoredAttestation,
  SummaryState,
} from '../database/ReadinessStore';
import { describeEntity } from './describeEntity';

const DAY_MS = 24 * 60 * 60 * 1000;
/**
 * Raised when the evaluation itself changes meaning (v2: `awaiting`
 * outcomes, no tier never meets), so stored summaries are evaluated again.
 */
const EVALUATION_VERSION = 2;

/** What one evaluation run did. */
export type EvaluationStats = {
  entities: number;
  /** Components whose inputs changed and whose checks were evaluated again. */
  evaluated: number;
  checks: number;
  outcomes: Record<CheckOutcome, number>;
  /** History points appended (a changed summary or a new day). */
  historyPoints: number;
  /** Check results written (the others were unchanged). */
  resultsWritten: number;
  /** Components no longer evaluated whose results were removed (complete runs). */
  removed: number;
  durationMs: number;
};

/** Options of {@link ReadinessEvaluator}. */
export type ReadinessEvaluatorOptions = {
  store: ReadinessStore;
  checks: ReadinessCheck[];
  requiredLevels?: Record<TierName, LevelOrNone>;
  /** History older than this is pruned by complete runs. Default 90. */
  historyDays?: number;
  logger?: LoggerService;
  now?: () => Date;
};

/**
 * Evaluates the checks in force for components from the stored facts: the
 * facts (and attestations) are loaded in bulk, every check is evaluated in
 * memory, and results, summaries and history are written in batched
 * transactions. One broken check gives `error` for that check only.
 */
export class ReadinessEvaluator {
  /**
   * An evaluator over a knex connection (migrated here), with the shipped
   * checks unless others are given: what tests and the package's benchmark
   * (bench/readiness.bench.js) drive directly.
   */
  static async fromKnex(
    knex: Knex,
    options: Omit<ReadinessEvaluatorOptions, 'store' | 'checks'> & {
      checks?: ReadinessCheck[];
    } = {},
  ): Promise<ReadinessEvaluator> {
    const database: DatabaseService = { getClient: async () => knex };
    const store = await DatabaseReadinessStore.create({ database });
    const checks =
      options.checks ??
      loadReadinessChecks({
        facts: defaultFactDefinitions(),
        disabledChecks: [],
      }).checks;
    return new ReadinessEvaluator({ ...options, store, checks });
  }

  private readonly requiredLevels: Record<TierName, LevelOrNone>;
  private readonly attestable: ReadinessCheck[];
  private readonly now: () => Date;
  /** Changes with the checks in force or the required levels. */
  private readonly checksSignature: string;

  constructor(private readonly options: ReadinessEvaluatorOptions) {
    this.requiredLevels = options.requiredLevels ?? DEFAULT_REQUIRED_LEVELS;
    this.attestable = options.checks.filter(check => check.attestation);
    this.now = options.now ?? (() => new Date());
    this.checksSignature = createHash('sha1')
      .update(
        JSON.stringify([
          EVALUATION_VERSION,
          options.checks,
          this.requiredLevels,
        ]),
      )
      .digest('hex');
  }

  /** The store it reads and writes. */
  get store(): ReadinessStore {
    return this.options.store;
  }

  get checks(): ReadinessCheck[] {
    return this.options.checks;
  }

  /**
   * Evaluates these components and stores the outcome. A component whose
   * inputs did not change since its last evaluation (checks in force, its
   * tier, owner, system, domain and title, its fact version, its current
   * attestations) keeps its results: only its evaluation time moves on.
   * @param options.complete - the entities are every component: facts are
   *   loaded in one scan, components not among them lose their results and
   *   old history is pruned
   * @param options.systemDomains - the domain ref of each system ref, for
   *   the domain roll-up
   * @param options.force - evaluate every component, changed or not (a
   *   benchmark of the whole path, or after fixing a collector's values by
   *   hand in the database)
   */
  async evaluate(
    entities: readonly Entity[],
    options: {
      complete?: boolean;
      systemDomains?: ReadonlyMap<string, string | null>;
      force?: boolean;
    } = {},
  ): Promise<EvaluationStats> {
    const started = Date.now();
    const now = this.now();
    const { store, checks, logger } = this.options;
    const unique = new Map<string, Entity>();
    for (const entity of entities) unique.set(entityRefKey(entity), entity);
    const refs = [...unique.keys()];
    const scope = options.complete ? undefined : refs;

    // Versions before facts: a change committed in between is evaluated
    // now and seen as a change again next time, never the other way round.
    const [versions, attestations, states] = await Promise.all([
      store.loadFactVersions(scope),
      this.attestable.length > 0
        ? store.currentAttestations(now, scope)
        : Promise.resolve(new Map<string, Map<string, StoredAttestation>>()),
      store.loadSummaryStates(scope),
    ]);
    const changed: Array<{
      entityRef: string;
      entity: Entity;
      inputs: string;
    }> = [];
    const unchanged: Array<{ entityRef: string; state: SummaryState }> = [];
    for (const [entityRef, entity] of unique) {
      const inputs = this.inputsSignature(entity, {
        version: versions.get(entityRef) ?? 0,
        attestations: attestations.get(entityRef),
        systemDomains: options.systemDomains,
      });
      const state = states.get(entityRef);
      if (!options.force && state && state.inputsSignature === inputs) {
        unchanged.push({ entityRef, state });
      } else {
        changed.push({ entityRef, entity, inputs });
      }
    }

    // Most components changed (a first run, new checks): one scan is
    // cheaper than thousands of lookups.
    const wanted =
      options.complete && changed.length > refs.length / 2
        ? undefined
        : changed.map(c => c.entityRef);
    const [facts, runs] =
      changed.length === 0
        ? [new Map(), new Map()]
        : await Promise.all([
            store.loadFacts(wanted),
            store.loadCollectorRuns(wanted),
          ]);

    const outcomes: Record<CheckOutcome, number> = {
      pass: 0,
      fail: 0,
      error: 0,
      'not-applicable': 0,
      awaiting: 0,
    };
    const evaluations: EntityEvaluation[] = [];
    for (const { entityRef, entity, inputs } of changed) {
      const evaluation = this.evaluateEntity(entity, {
        facts: facts.get(entityRef),
        runs: runs.get(entityRef),
        attestations: attestations.get(entityRef),
        systemDomains: options.systemDomains,
        now,
      });
      evaluation.inputsSignature = inputs;
      for (const result of evaluation.results) outcomes[result.outcome]++;
      evaluations.push(evaluation);
    }

    const written = await store.writeEvaluations(evaluations, now);
    const touched = await store.touchEvaluations(unchanged, now);
    let removed = 0;
    if (options.complete) {
      removed = (await store.removeEvaluationsExcept(new Set(refs))).length;
      const days = this.options.historyDays ?? 90;
      const cutoff = new Date(now.getTime() - days * DAY_MS)
        .toISOString()
        .slice(0, 10);
      await store.pruneHistory(cutoff);
    }
    const stats: EvaluationStats = {
      entities: unique.size,
      evaluated: evaluations.length,
      checks: checks.length,
      outcomes,
      historyPoints: written.historyPoints + touched.historyPoints,
      resultsWritten: written.resultsWritten,
      removed,
      durationMs: Date.now() - started,
    };
    logger?.info('Readiness evaluation finished', {
      ...stats,
      outcomes: JSON.stringify(outcomes),
    });
    return stats;
  }

  /** A hash of everything an entity's evaluation reads besides the facts themselves. */
  private inputsSignature(
    entity: Entity,
    input: {
      version: number;
      attestations?: ReadonlyMap<string, StoredAttestation>;
      systemDomains?: ReadonlyMap<string, string | null>;
    },
  ): string {
    const meta = describeEntity(entity, input.systemDomains);
    return createHash('sha1')
      .update(
        JSON.stringify([
          this.checksSignature,
          meta,
          input.version,
          this.attestable.map(
            check => input.attestations?.get(check.id)?.id ?? null,
          ),
        ]),
      )
      .digest('hex');
  }

  /** One component's evaluation, in memory (nothing is written). */
  evaluateEntity(
    entity: Entity,
    input: {
      facts?: ReadonlyMap<string, FactSnapshot>;
      runs?: readonly CollectorRun[];
      attestations?: ReadonlyMap<string, StoredAttestation>;
      systemDomains?: ReadonlyMap<string, string | null>;
      now: Date;
    },
  ): EntityEvaluation {
    const { checks } = this.options;
    const meta = describeEntity(entity, input.systemDomains);
    const { tier } = meta;
    const facts = new Map(input.facts ?? []);
    for (const check of this.attestable) {
      const id = attestationFactId(check.id);
      const current = input.attestations?.get(check.id);
      facts.set(id, {
        id,
        value: !!current,
        collectedAt: current ? current.createdAt : input.now.toISOString(),
        collector: ATTESTATION_COLLECTOR,
      });
    }
    const failedCollectors = new Map(
      (input.runs ?? [])
        .filter(run => run.error)
        .map(run => [run.collector, run.error!]),
    );
    // A collector that has neither run for this component nor stored a
    // fact of it has not had its first go: its checks await it.
    const ran = new Set((input.runs ?? []).map(run => run.collector));
    for (const fact of facts.values()) ran.add(fact.collector);
    const pendingCollectors = new Set(
      checks
        .flatMap(check => check.facts)
        .map(fact => fact.slice(0, fact.indexOf('.')))
        .filter(collector => collector && !ran.has(collector)),
    );

    const results = checks.map(check => {
      let evaluation: CheckEvaluation;
      try {
        evaluation = evaluateCheck(check, { tier, facts, pendingCollectors });
      } catch (error) {
        // evaluateCheck does not throw; a check that still manages to must
        // not stop the others.
        evaluation = {
          checkId: check.id,
          outcome: 'error',
          message: `could not be evaluated: ${
            (error as Error)?.message ?? String(error)
          }`,
          facts: [],
        };
      }
      return {
        checkId: check.id,
        outcome: evaluation.outcome,
        message: withCollectorErrors(evaluation, check, failedCollectors),
        facts: evaluation.facts,
      };
    });

    const level = levelOf(
      results.map((result, index) => ({
        level: checks[index].level,
        outcome: result.outcome,
      })),
    );
    const requiredLevel = requiredLevelFor(tier, this.requiredLevels);
    const status = readinessStatusOf({
      tier,
      level,
      requiredLevel,
      awaiting: results.filter(result => result.outcome === 'awaiting').length,
    });
    return {
      ...meta,
      level,
      requiredLevel,
      meetsRequired: status === 'meets',
      passed: results.filter(result => result.outcome === 'pass').length,
      applicable: results.filter(result => result.outcome !== 'not-applicable')
        .length,
      inputsSignature: '',
      results,
    };
  }
}

/**
 * A failed or errored check names the errors of the collectors of its facts
 * for this component, so the reader knows why a fact is stale, missing or
 * false (e.g. `repository collector: no repository is known for this service ...`).
 */
function withCollectorErrors(
  evaluation: CheckEvaluation,
  check: ReadinessCheck,
  failed: ReadonlyMap<string, string>,
): string {
  if (evaluation.outcome !== 'fail' && evaluation.outcome !== 'error') {
    return evaluation.message;
  }
  const collectors = [
    ...new Set(check.facts.map(fact => fact.slice(0, fact.indexOf('.')))),
  ].filter(collector => failed.has(collector));
  if (collectors.length === 0) return evaluation.message;
  return `${evaluation.message} (${collectors
    .map(collector => `${collector} collector: ${failed.get(collector)}`)
    .join('; ')})`;
}
