/** The plugin's tables (see migrations/). */
export const ENTITIES_TABLE = 'slo_entities';
export const DEFINITIONS_TABLE = 'slo_definitions';
export const KEYS_TABLE = 'slo_keys';
export const MINUTES_TABLE = 'slo_sli_minutes';
export const HOURS_TABLE = 'slo_sli_hours';
export const SUMMARIES_TABLE = 'slo_summaries';

export const MINUTE_MS = 60_000;
export const HOUR_MS = 3_600_000;
/** Rows per INSERT: 4 or 5 bindings each, under SQLite's 999-variable limit. */
export const INSERT_CHUNK = 150;
/** Values per `whereIn`. */
export const IN_CHUNK = 500;

/** A row of sums; either may be null over no rows. */
export type SumRow = {
  good: number | string | null;
  total: number | string | null;
};

/** PostgreSQL answers SUM() of doubles as numbers, of integers as strings. */
export function num(value: number | string | null | undefined): number {
  return value === null || value === undefined ? 0 : Number(value);
}
