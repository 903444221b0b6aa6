import { LevelOrNone } from '@golden-path/plugin-readiness-common';
import { Knex } from 'knex';
import {
  DailyLevelRow,
  StoredHistoryPoint,
  SummaryFilter,
  TrendRow,
} from '../ReadinessStore';
import { ENTITIES, HISTORY } from '../tables';
import { applySummaryFilter } from './summaries';

/** An entity's history since `sinceDay` (YYYY-MM-DD), oldest first. */
export async function history(
  knex: Knex,
  entityRef: string,
  sinceDay: string,
): Promise<StoredHistoryPoint[]> {
  const rows = await knex(HISTORY)
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
export async function trend(
  knex: Knex,
  options: { sinceDay: string; filter?: SummaryFilter },
): Promise<TrendRow[]> {
  const last = knex(HISTORY)
    .select('entity_ref', 'day')
    .max({ last_id: 'id' })
    .where('day', '>=', options.sinceDay)
    .groupBy('entity_ref', 'day')
    .as('last');
  const rows = await knex({ h: HISTORY })
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

/**
 * Per service (still evaluated now) and day since `sinceDay`: its level
 * and whether it met its required level, as its last evaluation of that
 * day left it. The org views' snapshot sums these per filter in memory.
 */
export async function dailyLevels(
  knex: Knex,
  sinceDay: string,
): Promise<DailyLevelRow[]> {
  const last = knex(HISTORY)
    .select('entity_ref', 'day')
    .max({ last_id: 'id' })
    .where('day', '>=', sinceDay)
    .groupBy('entity_ref', 'day')
    .as('last');
  const rows = await knex({ h: HISTORY })
    .join(last, 'h.id', 'last.last_id')
    .join({ e: ENTITIES }, 'e.entity_ref', 'h.entity_ref')
    .select('h.entity_ref', 'h.day', 'h.level', 'h.meets_required');
  return rows.map((row: Record<string, unknown>) => ({
    entityRef: String(row.entity_ref),
    day: String(row.day),
    level: row.level as LevelOrNone,
    meetsRequired: Boolean(row.meets_required),
  }));
}

/** Deletes history older than `beforeDay` (YYYY-MM-DD); answers how many points. */
export async function pruneHistory(
  knex: Knex,
  beforeDay: string,
): Promise<number> {
  return knex(HISTORY).where('day', '<', beforeDay).delete();
}
