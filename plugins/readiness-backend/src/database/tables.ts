import { chunks } from '@golden-path/plugin-golden-path-node';
import { Knex } from 'knex';

// The tables of the readiness backend (see migrations/ for what each holds)
// and the row shapes the operations read back.

export const FACTS = 'readiness_facts';
export const RUNS = 'readiness_collector_runs';
export const VERSIONS = 'readiness_fact_versions';
export const RESULTS = 'readiness_results';
export const ENTITIES = 'readiness_entities';
export const HISTORY = 'readiness_history';
export const ATTESTATIONS = 'readiness_attestations';

// Rows per INSERT: knex writes a multi-row insert on SQLite as one compound
// SELECT, and SQLite allows at most 500 terms in one; the bindings (at most
// 13 columns x 500) stay far below both databases' limits. Fewer, larger
// statements are what makes writing 100,000 results fast.
export const ROW_CHUNK = 500;
/** Entity refs per `whereIn`. */
export const IN_CHUNK = 500;

/** A row of readiness_entities. */
export type SummaryRow = {
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

/** A row of readiness_attestations. */
export type AttestationRow = {
  id: string;
  entity_ref: string;
  check_id: string;
  author: string;
  comment: string;
  created_at: string;
  expires_at: string;
};

/**
 * The rows of `query` for these entities (in chunks of IN_CHUNK refs), or
 * for every entity in one scan when no refs are given.
 */
export async function rowsForEntities<T>(
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
