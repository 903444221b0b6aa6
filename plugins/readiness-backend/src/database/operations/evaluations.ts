import { chunks } from '@golden-path/plugin-golden-path-node';
import { LevelOrNone } from '@golden-path/plugin-readiness-common';
import { Knex } from 'knex';
import { createHash } from 'node:crypto';
import { EntityEvaluation, SummaryState } from '../ReadinessStore';
import {
  ENTITIES,
  HISTORY,
  IN_CHUNK,
  RESULTS,
  ROW_CHUNK,
  rowsForEntities,
  SummaryRow,
} from '../tables';

/** Components per write transaction of an evaluation. */
const EVALUATION_TX_CHUNK = 500;

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

/**
 * Stores evaluations in transactions of a few hundred components: a
 * result is written only when it differs from the stored one (outcome,
 * message or a fact value) and results of checks no longer evaluated are
 * removed; each summary is upserted; a history point is appended when the
 * summary changed or it is the first evaluation of the (UTC) day.
 */
export async function writeEvaluations(
  knex: Knex,
  evaluations: readonly EntityEvaluation[],
  now: Date,
): Promise<{ historyPoints: number; resultsWritten: number }> {
  const evaluatedAt = now.toISOString();
  const day = evaluatedAt.slice(0, 10);
  let historyPoints = 0;
  let resultsWritten = 0;
  for (const batch of chunks(evaluations, EVALUATION_TX_CHUNK)) {
    const written = await knex.transaction(async tx => {
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
          .merge(['outcome', 'message', 'facts', 'signature', 'evaluated_at']);
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
            evaluation.results.map(result => [result.checkId, result.outcome]),
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

/**
 * Records that unchanged components were evaluated again: their summary's
 * time moves on, and a history point repeats their state on a new day.
 */
export async function touchEvaluations(
  knex: Knex,
  unchanged: ReadonlyArray<{ entityRef: string; state: SummaryState }>,
  now: Date,
): Promise<{ historyPoints: number }> {
  const evaluatedAt = now.toISOString();
  const day = evaluatedAt.slice(0, 10);
  let historyPoints = 0;
  for (const batch of chunks(unchanged, EVALUATION_TX_CHUNK)) {
    const points = await knex.transaction(async tx => {
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

/** The state of the last evaluation of components (all when not given). */
export async function loadSummaryStates(
  knex: Knex,
  entityRefs?: readonly string[],
): Promise<Map<string, SummaryState>> {
  const rows = await rowsForEntities<SummaryRow>(entityRefs, () =>
    knex(ENTITIES).select(
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
 * Removes the summaries and results of components not in `keep` (they
 * left the catalog or stopped being components); their history stays
 * until it is pruned.
 */
export async function removeEvaluationsExcept(
  knex: Knex,
  keep: ReadonlySet<string>,
): Promise<string[]> {
  const stored = (await knex(ENTITIES).select('entity_ref')).map(
    (row: { entity_ref: string }) => row.entity_ref,
  );
  const gone = stored.filter(ref => !keep.has(ref));
  for (const refs of chunks(gone, IN_CHUNK)) {
    await knex.transaction(async tx => {
      await tx(RESULTS).whereIn('entity_ref', refs).delete();
      await tx(ENTITIES).whereIn('entity_ref', refs).delete();
    });
  }
  return gone;
}
