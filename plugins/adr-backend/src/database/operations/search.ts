import { AdrStatus, AdrStatusCounts } from '@golden-path/plugin-adr-common';
import { Knex } from 'knex';
import {
  AdrListFilter,
  AdrListPage,
  AdrListResult,
  AdrPermissionFilter,
  AdrRecordRow,
  AdrSummaryWithBody,
  RECORDS_TABLE,
} from '../AdrStore';
import { applyPermission } from './permissionFilter';
import { applyOrder, SUMMARY_COLUMNS, toSummary } from './records';

const STATUSES: AdrStatus[] = [
  'proposed',
  'accepted',
  'rejected',
  'deprecated',
  'superseded',
];

/** Zero ADRs of every status. */
function emptyStatusCounts(): AdrStatusCounts {
  return {
    proposed: 0,
    accepted: 0,
    rejected: 0,
    deprecated: 0,
    superseded: 0,
    unknown: 0,
  };
}

/** LIKE pattern for a substring, with the LIKE wildcards escaped. */
function likeContains(text: string): string {
  return `%${text.replace(/[\\%_]/g, c => `\\${c}`)}%`;
}

/**
 * Every word of `q` as a LIKE on the pre-lower-cased search_text column
 * (title, body and people), the same on SQLite and PostgreSQL.
 */
export function applyTextSearch(qb: Knex.QueryBuilder, q: string): void {
  for (const word of q.toLowerCase().split(/\s+/)) {
    if (!word) continue;
    qb.whereRaw("?? like ? escape '\\'", ['search_text', likeContains(word)]);
  }
}

/**
 * The list filters as where-clauses. Text search is a LIKE per word on the
 * pre-lower-cased search_text column (people_text for decisionMaker), the
 * same on SQLite and PostgreSQL.
 */
function applyFilter(
  qb: Knex.QueryBuilder,
  filter: AdrListFilter,
  staleCutoff: string,
): void {
  if (filter.entity?.length) qb.whereIn('entity_ref', filter.entity);
  if (filter.owner?.length) qb.whereIn('owner', filter.owner);
  if (filter.system?.length) qb.whereIn('system', filter.system);
  if (filter.status?.length) {
    const known = filter.status.filter(s => STATUSES.includes(s as any));
    const unknown = filter.status.includes('unknown');
    qb.where(inner => {
      if (known.length) inner.orWhereIn('status', known);
      if (unknown) inner.orWhereNull('status');
    });
  }
  if (filter.from) qb.where('date', '>=', filter.from);
  if (filter.to) qb.where('date', '<=', filter.to);
  if (filter.decisionMaker) {
    qb.whereRaw("?? like ? escape '\\'", [
      'people_text',
      likeContains(filter.decisionMaker.toLowerCase()),
    ]);
  }
  if (filter.q) applyTextSearch(qb, filter.q);
  if (filter.stale) {
    qb.where('status', 'proposed').where('age_date', '<', staleCutoff);
  }
}

/**
 * One grouped query answers the counts by status (without the status
 * filter), the total and the stale count (both with it).
 */
export async function countRecordsByStatus(options: {
  knex: Knex;
  filter: AdrListFilter;
  permission?: AdrPermissionFilter;
  staleCutoff: string;
}): Promise<{
  totalCount: number;
  counts: AdrStatusCounts;
  staleProposedCount: number;
}> {
  const { knex, filter, permission, staleCutoff } = options;
  const grouped = await knex(RECORDS_TABLE)
    .modify(qb => {
      applyFilter(qb, { ...filter, status: undefined }, staleCutoff);
      applyPermission(qb, permission);
    })
    .select('status')
    .count({ count: '*' })
    .select(
      knex.raw('sum(case when ?? = ? and ?? < ? then 1 else 0 end) as stale', [
        'status',
        'proposed',
        'age_date',
        staleCutoff,
      ]),
    )
    .groupBy('status');
  const counts = emptyStatusCounts();
  const wanted = filter.status ? new Set(filter.status) : undefined;
  let totalCount = 0;
  let staleProposedCount = 0;
  for (const row of grouped as Array<{
    status: string | null;
    count: number | string;
    stale: number | string | null;
  }>) {
    const key = (row.status ?? 'unknown') as AdrStatus | 'unknown';
    const count = Number(row.count);
    if (key in counts) counts[key] += count;
    if (!wanted || wanted.has(key)) {
      totalCount += count;
      staleProposedCount += Number(row.stale ?? 0);
    }
  }
  return { totalCount, counts, staleProposedCount };
}

/** A page of ADRs matching the filters, with counts, in two queries. */
export async function searchRecords(options: {
  knex: Knex;
  filter: AdrListFilter;
  page: AdrListPage;
  permission?: AdrPermissionFilter;
  staleCutoff: string;
  withBody?: boolean;
}): Promise<AdrListResult> {
  const { knex, filter, page, permission, staleCutoff, withBody } = options;
  const { totalCount, counts, staleProposedCount } = await countRecordsByStatus(
    { knex, filter, permission, staleCutoff },
  );
  let items: AdrSummaryWithBody[] = [];
  if (totalCount > page.offset) {
    const rows = (await knex(RECORDS_TABLE)
      .modify(qb => {
        applyFilter(qb, filter, staleCutoff);
        applyPermission(qb, permission);
        applyOrder(qb, page.order);
      })
      .select(withBody ? [...SUMMARY_COLUMNS, 'body'] : SUMMARY_COLUMNS)
      .limit(page.limit)
      .offset(page.offset)) as AdrRecordRow[];
    items = rows.map(row =>
      withBody
        ? { ...toSummary(row, staleCutoff), body: row.body }
        : toSummary(row, staleCutoff),
    );
  }
  return { items, totalCount, counts, staleProposedCount };
}
