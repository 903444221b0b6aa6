import { createHash } from 'node:crypto';
import { Knex } from 'knex';
import {
  AdrRecordRow,
  AdrSourceRow,
  AdrSourceWrite,
  AdrWrite,
  RECORDS_TABLE,
  SOURCES_TABLE,
} from '../AdrStore';

const INSERT_CHUNK = 50;
const DELETE_CHUNK = 500;

/**
 * The columns of one ADR, without first_seen_at/age_date/hash; the search
 * columns (search_text, people_text) are derived here, so they always match
 * what they index.
 */
function recordColumns(
  source: AdrSourceWrite,
  adr: AdrWrite,
): Omit<AdrRecordRow, 'first_seen_at' | 'age_date' | 'content_hash'> {
  const people = [...adr.decisionMakers, ...adr.consulted, ...adr.informed];
  return {
    entity_ref: source.entityRef,
    path: adr.path,
    number: adr.number,
    slug: adr.slug,
    title: adr.title,
    title_sort: adr.title?.toLowerCase() ?? null,
    status: adr.status,
    status_raw: adr.statusRaw,
    date: adr.date,
    decision_makers: JSON.stringify(adr.decisionMakers),
    consulted: JSON.stringify(adr.consulted),
    informed: JSON.stringify(adr.informed),
    format: adr.format,
    owner: source.owner,
    system: source.system,
    supersedes: JSON.stringify(adr.supersedes),
    superseded_by: JSON.stringify(adr.supersededBy),
    warnings: JSON.stringify(adr.warnings),
    body: adr.body,
    source_location: adr.sourceLocation,
    search_text: [adr.title ?? '', adr.body, ...people]
      .join('\n')
      .toLowerCase(),
    people_text: adr.decisionMakers.join('\n').toLowerCase(),
  };
}

/**
 * Replaces what is stored of one entity's folder, in one transaction: new
 * files are added, changed files updated (first_seen_at kept), files gone
 * deleted; unchanged rows are not written at all. The source row gets the
 * reading's time, ETag and warnings.
 */
export async function writeFolder(options: {
  knex: Knex;
  source: AdrSourceWrite;
  adrs: AdrWrite[];
  now: Date;
}): Promise<{ added: number; updated: number; removed: number }> {
  const { knex, source, adrs, now } = options;
  const nowIso = now.toISOString();
  return knex.transaction(async tx => {
    const existing = new Map(
      (
        await tx<AdrRecordRow>(RECORDS_TABLE)
          .where({ entity_ref: source.entityRef })
          .select('path', 'content_hash', 'first_seen_at')
      ).map(row => [row.path, row]),
    );
    const inserts: AdrRecordRow[] = [];
    let updated = 0;
    for (const adr of adrs) {
      const columns = recordColumns(source, adr);
      const hash = createHash('sha256')
        .update(JSON.stringify(columns))
        .digest('hex');
      const old = existing.get(adr.path);
      existing.delete(adr.path);
      if (old && old.content_hash === hash) continue;
      const firstSeenAt = old?.first_seen_at ?? nowIso;
      const row: AdrRecordRow = {
        ...columns,
        first_seen_at: firstSeenAt,
        age_date: adr.date ?? firstSeenAt.slice(0, 10),
        content_hash: hash,
      };
      if (old) {
        await tx(RECORDS_TABLE)
          .where({ entity_ref: source.entityRef, path: adr.path })
          .update(row);
        updated++;
      } else {
        inserts.push(row);
      }
    }
    for (let i = 0; i < inserts.length; i += INSERT_CHUNK) {
      await tx(RECORDS_TABLE).insert(inserts.slice(i, i + INSERT_CHUNK));
    }
    const gone = [...existing.keys()];
    for (let i = 0; i < gone.length; i += DELETE_CHUNK) {
      await tx(RECORDS_TABLE)
        .where({ entity_ref: source.entityRef })
        .whereIn('path', gone.slice(i, i + DELETE_CHUNK))
        .delete();
    }
    const sourceRow: AdrSourceRow = {
      entity_ref: source.entityRef,
      annotation: source.annotation,
      location: source.location,
      owner: source.owner,
      system: source.system,
      etag: source.etag,
      last_read_at: nowIso,
      error: null,
      warnings: JSON.stringify(source.warnings),
      adr_count: adrs.length,
    };
    await tx(SOURCES_TABLE)
      .insert(sourceRow)
      .onConflict('entity_ref')
      .merge(Object.keys(sourceRow).filter(key => key !== 'entity_ref'));
    return { added: inserts.length, updated, removed: gone.length };
  });
}
