import {
  AdrFormat,
  AdrStatus,
  AdrSummary,
} from '@golden-path/plugin-adr-common';
import { parseJson } from '@golden-path/plugin-golden-path-node';
import { Knex } from 'knex';
import {
  AdrGraphNode,
  AdrListPage,
  AdrPermissionFilter,
  AdrRecordRow,
  RECORDS_TABLE,
  StoredAdr,
} from '../AdrStore';
import { applyPermission } from './permissionFilter';

/** The columns a summary needs: everything but the body and search text. */
export const SUMMARY_COLUMNS = [
  'entity_ref',
  'path',
  'number',
  'slug',
  'title',
  'status',
  'status_raw',
  'date',
  'age_date',
  'decision_makers',
  'format',
  'owner',
  'system',
  'supersedes',
  'superseded_by',
  'warnings',
  'first_seen_at',
];

/** The fields of a row of adr_records that every summary has. */
export function toRecordFields(
  row: AdrRecordRow,
): Omit<AdrSummary, 'staleProposed'> {
  return {
    entityRef: row.entity_ref,
    path: row.path,
    number: row.number === null ? null : Number(row.number),
    slug: row.slug,
    title: row.title,
    status: (row.status as AdrStatus | null) ?? null,
    statusRaw: row.status_raw,
    date: row.date,
    decisionMakers: parseJson(row.decision_makers, []),
    format: row.format as AdrFormat,
    owner: row.owner,
    system: row.system,
    supersedes: parseJson(row.supersedes, []),
    supersededBy: parseJson(row.superseded_by, []),
    firstSeenAt: row.first_seen_at,
    warnings: parseJson(row.warnings, []),
  };
}

/** A row of adr_records as a summary; stale is measured from age_date. */
export function toSummary(row: AdrRecordRow, staleCutoff: string): AdrSummary {
  return {
    ...toRecordFields(row),
    staleProposed: row.status === 'proposed' && row.age_date < staleCutoff,
  };
}

/**
 * Orders ADRs with those lacking the value (undated, unnumbered, untitled)
 * last on every dialect, then by entity and path so pages are stable.
 */
export function applyOrder(
  qb: Knex.QueryBuilder,
  order: AdrListPage['order'],
): void {
  const nullsLast = (column: string) =>
    qb.orderByRaw('case when ?? is null then 1 else 0 end', [column]);
  switch (order) {
    case 'number':
      nullsLast('number').orderBy('number', 'asc');
      break;
    case 'title':
      nullsLast('title_sort').orderBy('title_sort', 'asc');
      break;
    case 'status':
      nullsLast('status').orderBy('status', 'asc');
      break;
    default:
      nullsLast('date').orderBy('date', 'desc');
  }
  qb.orderBy('entity_ref', 'asc').orderBy('path', 'asc');
}

/** Every ADR of one entity, ordered by number then path. */
export async function listEntityRecords(options: {
  knex: Knex;
  entityRef: string;
  permission?: AdrPermissionFilter;
  staleCutoff: string;
}): Promise<AdrSummary[]> {
  const rows = (await options
    .knex(RECORDS_TABLE)
    .where({ entity_ref: options.entityRef })
    .modify(qb => {
      applyPermission(qb, options.permission);
      applyOrder(qb, 'number');
    })
    .select(SUMMARY_COLUMNS)) as AdrRecordRow[];
  return rows.map(row => toSummary(row, options.staleCutoff));
}

/** One ADR with its body, or undefined (missing or filtered out). */
export async function getRecord(options: {
  knex: Knex;
  entityRef: string;
  path: string;
  permission?: AdrPermissionFilter;
  staleCutoff: string;
}): Promise<StoredAdr | undefined> {
  const row = (await options
    .knex(RECORDS_TABLE)
    .where({ entity_ref: options.entityRef, path: options.path })
    .modify(qb => applyPermission(qb, options.permission))
    .first()) as AdrRecordRow | undefined;
  if (!row) return undefined;
  return {
    ...toSummary(row, options.staleCutoff),
    body: row.body,
    consulted: parseJson(row.consulted, []),
    informed: parseJson(row.informed, []),
    sourceLocation: row.source_location,
  };
}

/** The supersede links of every ADR of one entity. */
export async function getRecordGraph(options: {
  knex: Knex;
  entityRef: string;
}): Promise<AdrGraphNode[]> {
  const rows = (await options
    .knex(RECORDS_TABLE)
    .where({ entity_ref: options.entityRef })
    .select(
      'path',
      'number',
      'title',
      'status',
      'status_raw',
      'date',
      'supersedes',
      'superseded_by',
    )) as AdrRecordRow[];
  return rows.map(row => ({
    path: row.path,
    number: row.number === null ? null : Number(row.number),
    title: row.title,
    status: (row.status as AdrStatus | null) ?? null,
    statusRaw: row.status_raw,
    date: row.date,
    supersedes: parseJson(row.supersedes, []),
    supersededBy: parseJson(row.superseded_by, []),
  }));
}
