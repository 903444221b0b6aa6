import { parseJson } from '@golden-path/plugin-golden-path-node';
import { Knex } from 'knex';
import {
  AdrSourceRow,
  AdrSourceWrite,
  RECORDS_TABLE,
  SOURCES_TABLE,
  StoredSource,
} from '../AdrStore';

const DELETE_CHUNK = 500;

/** A row of adr_sources as the service sees it. */
export function toStoredSource(row: AdrSourceRow): StoredSource {
  return {
    entityRef: row.entity_ref,
    annotation: row.annotation,
    location: row.location,
    lastReadAt: row.last_read_at,
    error: row.error,
    warnings: parseJson(row.warnings, []),
    adrCount: Number(row.adr_count),
    etag: row.etag,
    owner: row.owner,
    system: row.system,
  };
}

/** The stored folder state of one entity. */
export async function getSource(options: {
  knex: Knex;
  entityRef: string;
}): Promise<StoredSource | undefined> {
  const row = await options
    .knex<AdrSourceRow>(SOURCES_TABLE)
    .where({ entity_ref: options.entityRef })
    .first();
  return row ? toStoredSource(row) : undefined;
}

/** The refs of every entity with a stored source. */
export async function listSourceRefs(options: {
  knex: Knex;
}): Promise<string[]> {
  const rows = await options
    .knex<AdrSourceRow>(SOURCES_TABLE)
    .select('entity_ref');
  return rows.map(row => row.entity_ref);
}

/**
 * Records that an entity's folder could not be read; the ADRs of the last
 * good read stay.
 */
export async function writeSourceError(options: {
  knex: Knex;
  source: Omit<AdrSourceWrite, 'etag' | 'warnings'>;
  error: string;
}): Promise<void> {
  const { knex, source, error } = options;
  await knex(SOURCES_TABLE)
    .insert({
      entity_ref: source.entityRef,
      annotation: source.annotation,
      location: source.location,
      owner: source.owner,
      system: source.system,
      error,
    })
    .onConflict('entity_ref')
    .merge(['annotation', 'location', 'owner', 'system', 'error']);
}

/** The folder did not change since the stored ETag. */
export async function markSourceNotModified(options: {
  knex: Knex;
  entityRef: string;
  now: Date;
}): Promise<void> {
  await options
    .knex(SOURCES_TABLE)
    .where({ entity_ref: options.entityRef })
    .update({ last_read_at: options.now.toISOString(), error: null });
}

/** Removes sources (and their ADRs) not in `keep`; answers the removed refs. */
export async function deleteSourcesExcept(options: {
  knex: Knex;
  keep: Iterable<string>;
}): Promise<string[]> {
  const { knex } = options;
  const keepSet = new Set(options.keep);
  const gone = (await listSourceRefs({ knex })).filter(
    ref => !keepSet.has(ref),
  );
  for (let i = 0; i < gone.length; i += DELETE_CHUNK) {
    const chunk = gone.slice(i, i + DELETE_CHUNK);
    await knex.transaction(async tx => {
      await tx(RECORDS_TABLE).whereIn('entity_ref', chunk).delete();
      await tx(SOURCES_TABLE).whereIn('entity_ref', chunk).delete();
    });
  }
  return gone;
}
