import { TierName } from '@golden-path/plugin-golden-path-common';
import { parseJson } from '@golden-path/plugin-golden-path-node';
import {
  CheckOutcome,
  FactSnapshot,
  LevelOrNone,
} from '@golden-path/plugin-readiness-common';
import { Knex } from 'knex';
import { StoredResult, StoredSummary, SummaryFilter } from '../ReadinessStore';
import { ENTITIES, RESULTS, SummaryRow } from '../tables';

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

/**
 * Narrows a query over readiness_entities (as `table`) to the summaries
 * matching the filter.
 */
export function applySummaryFilter(
  query: Knex.QueryBuilder,
  filter: SummaryFilter,
  table: string,
) {
  if (filter.owner) query.whereIn(`${table}.owner`, filter.owner);
  if (filter.system) query.whereIn(`${table}.system`, filter.system);
  if (filter.tier) query.whereIn(`${table}.tier`, filter.tier);
  if (filter.entityRefs) {
    if (filter.entityRefs.size === 0) query.whereRaw('1 = 0');
    else query.whereIn(`${table}.entity_ref`, [...filter.entityRefs]);
  }
}

/** A component's summary, if it was ever evaluated. */
export async function getSummary(
  knex: Knex,
  entityRef: string,
): Promise<StoredSummary | undefined> {
  const row = await knex(ENTITIES).where({ entity_ref: entityRef }).first();
  return row ? toSummary(row) : undefined;
}

/** The summaries matching the filter, by entity ref. */
export async function listSummaries(
  knex: Knex,
  filter: SummaryFilter = {},
): Promise<StoredSummary[]> {
  const rows = await knex(ENTITIES)
    .modify(query => applySummaryFilter(query, filter, ENTITIES))
    .select(SUMMARY_COLUMNS)
    .orderBy('entity_ref');
  return rows.map(toSummary);
}

/** A component's stored check results, by check id. */
export async function getResults(
  knex: Knex,
  entityRef: string,
): Promise<StoredResult[]> {
  const rows = await knex(RESULTS)
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
