import { chunks } from '@golden-path/plugin-golden-path-node';
import { Knex } from 'knex';
import {
  AdrIndexRecord,
  AdrIndexSource,
  AdrRecordKey,
  AdrRecordRow,
  AdrSourceRow,
  RECORDS_TABLE,
  SOURCES_TABLE,
} from '../AdrStore';
import { toRecordFields } from './records';
import { SUMMARY_COLUMNS } from './records';
import { applyTextSearch } from './search';

/** Keys per `IN (...)` list, under every dialect's parameter limit. */
const KEY_CHUNK = 200;

/**
 * Every ADR without its body and search text, and every source's owner and
 * error state: what the org view (AdrIndex) is built from, in two queries.
 * Ordered by entity and path, so what is derived from it is deterministic.
 */
export async function readIndexRows(options: { knex: Knex }): Promise<{
  records: AdrIndexRecord[];
  sources: AdrIndexSource[];
}> {
  const { knex } = options;
  const rows = (await knex(RECORDS_TABLE)
    .select([...SUMMARY_COLUMNS, 'title_sort', 'people_text'])
    .orderBy([
      { column: 'entity_ref', order: 'asc' },
      { column: 'path', order: 'asc' },
    ])) as AdrRecordRow[];
  const sourceRows = (await knex(SOURCES_TABLE)
    .select('entity_ref', 'owner', 'error')
    .orderBy('entity_ref', 'asc')) as Array<
    Pick<AdrSourceRow, 'entity_ref' | 'owner' | 'error'>
  >;
  return {
    records: rows.map(row => ({
      ...toRecordFields(row),
      titleSort: row.title_sort,
      ageDate: row.age_date,
      peopleText: row.people_text,
    })),
    sources: sourceRows.map(row => ({
      entityRef: row.entity_ref,
      owner: row.owner,
      hasError: row.error !== null,
    })),
  };
}

/** The keys of the ADRs whose search text holds every word of `q`. */
export async function searchRecordKeys(options: {
  knex: Knex;
  q: string;
}): Promise<AdrRecordKey[]> {
  const rows = (await options
    .knex(RECORDS_TABLE)
    .modify(qb => applyTextSearch(qb, options.q))
    .select('entity_ref', 'path')) as Array<
    Pick<AdrRecordRow, 'entity_ref' | 'path'>
  >;
  return rows.map(row => ({ entityRef: row.entity_ref, path: row.path }));
}

/** The bodies of the given ADRs, by `entityRef` + `\n` + `path`. */
export async function readRecordBodies(options: {
  knex: Knex;
  keys: readonly AdrRecordKey[];
}): Promise<Map<string, string>> {
  const bodies = new Map<string, string>();
  for (const chunk of chunks(options.keys, KEY_CHUNK)) {
    const rows = (await options
      .knex(RECORDS_TABLE)
      .where(qb => {
        for (const key of chunk) {
          qb.orWhere({ entity_ref: key.entityRef, path: key.path });
        }
      })
      .select('entity_ref', 'path', 'body')) as Array<
      Pick<AdrRecordRow, 'entity_ref' | 'path' | 'body'>
    >;
    for (const row of rows) {
      bodies.set(`${row.entity_ref}\n${row.path}`, row.body);
    }
  }
  return bodies;
}
