import { chunks, parseJson } from '@golden-path/plugin-golden-path-node';
import { Knex } from 'knex';
import { SloDefinition, SloEntity } from '../SloDefinition';
import { insertKeys } from './sloKeys';
import {
  DEFINITIONS_TABLE,
  ENTITIES_TABLE,
  IN_CHUNK,
  INSERT_CHUNK,
  SUMMARIES_TABLE,
} from './tables';

type EntityRow = {
  entity_ref: string;
  title: string | null;
  owner: string | null;
  system: string | null;
  tier: string | null;
  errors: string;
};

function toEntity(row: EntityRow): SloEntity {
  return {
    entityRef: row.entity_ref,
    title: row.title,
    owner: row.owner,
    system: row.system,
    tier: row.tier as SloEntity['tier'],
    errors: parseJson<string[]>(row.errors, []),
  };
}

/**
 * Replaces every entity and SLO definition with what the catalog says now,
 * in one transaction; summaries of SLOs that are gone are removed. SLI
 * data is kept (retention removes it), so an SLO that comes back has its
 * history.
 */
export async function replaceDefinitions(options: {
  knex: Knex;
  entities: SloEntity[];
  definitions: SloDefinition[];
  now: Date;
}): Promise<void> {
  const updatedAt = options.now.toISOString();
  await options.knex.transaction(async tx => {
    const entityRefs = new Set(options.entities.map(e => e.entityRef));
    const sloRefs = new Set(options.definitions.map(d => d.sloRef));
    const oldEntities: string[] = (
      await tx(ENTITIES_TABLE).select('entity_ref')
    ).map((row: { entity_ref: string }) => row.entity_ref);
    for (const gone of chunks(
      oldEntities.filter(ref => !entityRefs.has(ref)),
      IN_CHUNK,
    )) {
      await tx(ENTITIES_TABLE).whereIn('entity_ref', gone).delete();
    }
    const oldSlos: string[] = (
      await tx(DEFINITIONS_TABLE).select('slo_ref')
    ).map((row: { slo_ref: string }) => row.slo_ref);
    for (const gone of chunks(
      oldSlos.filter(ref => !sloRefs.has(ref)),
      IN_CHUNK,
    )) {
      await tx(DEFINITIONS_TABLE).whereIn('slo_ref', gone).delete();
    }
    const oldSummaries: string[] = (
      await tx(SUMMARIES_TABLE).select('slo_ref')
    ).map((row: { slo_ref: string }) => row.slo_ref);
    for (const gone of chunks(
      oldSummaries.filter(ref => !sloRefs.has(ref)),
      IN_CHUNK,
    )) {
      await tx(SUMMARIES_TABLE).whereIn('slo_ref', gone).delete();
    }
    for (const chunk of chunks(options.entities, INSERT_CHUNK)) {
      await tx(ENTITIES_TABLE)
        .insert(
          chunk.map(entity => ({
            entity_ref: entity.entityRef,
            title: entity.title,
            owner: entity.owner,
            system: entity.system,
            tier: entity.tier,
            errors: JSON.stringify(entity.errors),
            updated_at: updatedAt,
          })),
        )
        .onConflict('entity_ref')
        .merge(['title', 'owner', 'system', 'tier', 'errors', 'updated_at']);
    }
    // A new SLO gets its SLI id with its definition (ingestion gives one to
    // an SLO it sees first); ids outlive definitions, as SLI data does.
    await insertKeys(tx, sloRefs);
    for (const chunk of chunks(options.definitions, INSERT_CHUNK)) {
      await tx(DEFINITIONS_TABLE)
        .insert(
          chunk.map(definition => ({
            slo_ref: definition.sloRef,
            entity_ref: definition.entityRef,
            definition: JSON.stringify(definition),
          })),
        )
        .onConflict('slo_ref')
        .merge(['entity_ref', 'definition']);
    }
  });
}

/** Every entity with SLOs, in ref order. */
export async function listEntities(options: {
  knex: Knex;
}): Promise<SloEntity[]> {
  const rows: EntityRow[] = await options
    .knex(ENTITIES_TABLE)
    .select()
    .orderBy('entity_ref');
  return rows.map(toEntity);
}

/** One entity, if it has SLOs. */
export async function getEntity(options: {
  knex: Knex;
  entityRef: string;
}): Promise<SloEntity | undefined> {
  const row: EntityRow | undefined = await options
    .knex(ENTITIES_TABLE)
    .where({ entity_ref: options.entityRef })
    .first();
  return row ? toEntity(row) : undefined;
}

/** Every definition, or those of one entity, in ref order. */
export async function listDefinitions(options: {
  knex: Knex;
  entityRef?: string;
}): Promise<SloDefinition[]> {
  const query = options
    .knex(DEFINITIONS_TABLE)
    .select('definition')
    .orderBy('slo_ref');
  if (options.entityRef) query.where({ entity_ref: options.entityRef });
  const rows: Array<{ definition: string }> = await query;
  return rows.map(row => JSON.parse(row.definition) as SloDefinition);
}

/** The definitions of the given refs that exist. */
export async function getDefinitions(options: {
  knex: Knex;
  sloRefs: string[];
}): Promise<Map<string, SloDefinition>> {
  const found = new Map<string, SloDefinition>();
  for (const chunk of chunks([...new Set(options.sloRefs)], IN_CHUNK)) {
    const rows: Array<{ slo_ref: string; definition: string }> = await options
      .knex(DEFINITIONS_TABLE)
      .select('slo_ref', 'definition')
      .whereIn('slo_ref', chunk);
    for (const row of rows) {
      found.set(row.slo_ref, JSON.parse(row.definition));
    }
  }
  return found;
}
