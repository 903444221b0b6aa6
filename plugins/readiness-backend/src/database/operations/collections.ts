import { chunks } from '@golden-path/plugin-golden-path-node';
import { Knex } from 'knex';
import { CollectedEntity } from '../ReadinessStore';
import { FACTS, IN_CHUNK, ROW_CHUNK, RUNS, VERSIONS } from '../tables';

/** Entities per write transaction of a collector run. */
const COLLECTION_TX_CHUNK = 500;

/**
 * Stores what one collector found: each fact replaces the stored value of
 * the entity, and the run (with its error or none) is recorded. Facts a
 * result leaves out are kept as they were. An entity whose fact values or
 * collector error changed gets its fact version raised, in the same
 * transaction.
 */
export async function writeCollection(
  knex: Knex,
  options: {
    collector: string;
    entities: CollectedEntity[];
    collectedAt: Date;
  },
): Promise<void> {
  const at = options.collectedAt.toISOString();
  const { collector } = options;
  for (const batch of chunks(options.entities, COLLECTION_TX_CHUNK)) {
    await knex.transaction(async tx => {
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
        for (const row of runRows) errorsBefore.set(row.entity_ref, row.error);
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

/**
 * Removes a collector's facts and runs of entities not in `keep` (they
 * left the catalog); answers how many entities it removed.
 */
export async function pruneCollector(
  knex: Knex,
  collector: string,
  keep: ReadonlySet<string>,
): Promise<number> {
  const stored = (
    await knex(RUNS).where({ collector }).select('entity_ref')
  ).map((row: { entity_ref: string }) => row.entity_ref);
  const storedFacts = (
    await knex(FACTS).where({ collector }).distinct('entity_ref')
  ).map((row: { entity_ref: string }) => row.entity_ref);
  const gone = [...new Set([...stored, ...storedFacts])].filter(
    ref => !keep.has(ref),
  );
  for (const refs of chunks(gone, IN_CHUNK)) {
    await knex.transaction(async tx => {
      await tx(FACTS).where({ collector }).whereIn('entity_ref', refs).delete();
      await tx(RUNS).where({ collector }).whereIn('entity_ref', refs).delete();
    });
  }
  return gone.length;
}
