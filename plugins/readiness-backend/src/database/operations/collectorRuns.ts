import { Knex } from 'knex';
import { CollectorRun } from '../ReadinessStore';
import { rowsForEntities, RUNS } from '../tables';

/** The collectors' last runs per entity (all entities when not given). */
export async function loadCollectorRuns(
  knex: Knex,
  entityRefs?: readonly string[],
): Promise<Map<string, CollectorRun[]>> {
  const rows = await rowsForEntities<Record<string, string | null>>(
    entityRefs,
    () => knex(RUNS).select().orderBy('collector'),
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
