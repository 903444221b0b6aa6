import { AdrFacets, AdrFacetValue } from '@golden-path/plugin-adr-common';
import { parseJson } from '@golden-path/plugin-golden-path-node';
import { Knex } from 'knex';
import {
  AdrCounts,
  AdrPermissionFilter,
  RECORDS_TABLE,
  SOURCES_TABLE,
} from '../AdrStore';
import { applyPermission } from './permissionFilter';
import { countRecordsByStatus } from './search';

function sortFacets(facets: AdrFacetValue[]): AdrFacetValue[] {
  return facets.sort(
    (a, b) => b.count - a.count || a.value.localeCompare(b.value, 'en'),
  );
}

/** The values the org page offers as filters, each with its ADR count. */
export async function getFacets(options: {
  knex: Knex;
  permission?: AdrPermissionFilter;
}): Promise<AdrFacets> {
  const { knex, permission } = options;
  const byColumn = async (column: string) => {
    const rows = (await knex(RECORDS_TABLE)
      .whereNotNull(column)
      .modify(qb => applyPermission(qb, permission))
      .select({ value: column })
      .count({ count: '*' })
      .groupBy(column)) as Array<{ value: string; count: number | string }>;
    return sortFacets(
      rows.map(row => ({ value: row.value, count: Number(row.count) })),
    );
  };
  const people = (await knex(RECORDS_TABLE)
    .modify(qb => applyPermission(qb, permission))
    .select('decision_makers')) as Array<{ decision_makers: string }>;
  // Names differ in case between ADRs; the first spelling seen is shown.
  const names = new Map<string, AdrFacetValue>();
  for (const row of people) {
    const seen = new Set<string>();
    for (const name of parseJson<string[]>(row.decision_makers, [])) {
      const key = name.toLowerCase();
      if (seen.has(key)) continue;
      seen.add(key);
      const facet = names.get(key);
      if (facet) facet.count++;
      else names.set(key, { value: name, count: 1 });
    }
  }
  return {
    owners: await byColumn('owner'),
    systems: await byColumn('system'),
    entities: await byColumn('entity_ref'),
    decisionMakers: sortFacets([...names.values()]),
  };
}

/** ADRs by status and entities with and without a failed reading. */
export async function getCounts(options: {
  knex: Knex;
  permission?: AdrPermissionFilter;
  staleCutoff: string;
}): Promise<AdrCounts> {
  const { knex, permission, staleCutoff } = options;
  const list = await countRecordsByStatus({
    knex,
    filter: {},
    permission,
    staleCutoff,
  });
  const sources = (await knex(SOURCES_TABLE)
    .modify(qb => applyPermission(qb, permission))
    .select(
      knex.raw('count(*) as entities'),
      knex.raw(
        'sum(case when ?? is not null then 1 else 0 end) as with_errors',
        ['error'],
      ),
    )
    .first()) as
    | { entities: number | string; with_errors: number | string | null }
    | undefined;
  return {
    total: list.totalCount,
    byStatus: list.counts,
    staleProposed: list.staleProposedCount,
    entities: Number(sources?.entities ?? 0),
    entitiesWithErrors: Number(sources?.with_errors ?? 0),
  };
}
