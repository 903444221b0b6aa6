import { parseJson } from '@golden-path/plugin-golden-path-node';
import { FactSnapshot, FactValue } from '@golden-path/plugin-readiness-common';
import { Knex } from 'knex';
import { FACTS, rowsForEntities, VERSIONS } from '../tables';

/**
 * The stored facts per entity (all entities when `entityRefs` is not
 * given: one scan instead of thousands of lookups).
 */
export async function loadFacts(
  knex: Knex,
  entityRefs?: readonly string[],
): Promise<Map<string, Map<string, FactSnapshot>>> {
  const rows = await rowsForEntities<{
    entity_ref: string;
    fact_id: string;
    value: string;
    collector: string;
    collected_at: string;
  }>(entityRefs, () =>
    knex(FACTS).select(
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

/** The fact version of each entity (all entities when not given). */
export async function loadFactVersions(
  knex: Knex,
  entityRefs?: readonly string[],
): Promise<Map<string, number>> {
  const rows = await rowsForEntities<{
    entity_ref: string;
    version: number | string;
  }>(entityRefs, () => knex(VERSIONS).select('entity_ref', 'version'));
  return new Map(rows.map(row => [row.entity_ref, Number(row.version)]));
}
