import { TableColumn } from '@backstage/core-components';
import {
  CatalogTable,
  CatalogTableColumnsFunc,
  CatalogTableRow,
} from '@backstage/plugin-catalog';
import { Entity } from '@backstage/catalog-model';
import { isTierName, TIER_NAMES } from '@golden-path/plugin-golden-path-common';
import { readTierAnnotation, TierCell } from './TierCell';

/** The kinds whose catalog table gets the Tier column. */
export const TIERED_KINDS: readonly string[] = ['component', 'api', 'system'];

/** The field of Backstage's owner column, where the Tier column goes after. */
const OWNER_FIELD = 'resolved.ownedByRelationsTitle';

/** Sort rank: the tiers strictest first, then unknown values, then missing. */
export function tierRank(entity: Entity): number {
  const tier = readTierAnnotation(entity);
  if (tier === undefined) {
    return TIER_NAMES.length + 1;
  }
  return isTierName(tier) ? TIER_NAMES.indexOf(tier) : TIER_NAMES.length;
}

/** The "Tier" column: the tier badge, sorted by criticality, searchable by tier name. */
export function createTierColumn(): TableColumn<CatalogTableRow> {
  return {
    title: 'Tier',
    // Sized by its badge, like Backstage's Type column, so the name, system
    // and owner columns keep their share of the width.
    width: 'auto',
    customSort: (a, b) => tierRank(a.entity) - tierRank(b.entity),
    customFilterAndSearch: (query, row) => {
      const terms = (Array.isArray(query) ? query : [query])
        .map(term => String(term ?? '').toLocaleLowerCase('en-US'))
        .filter(term => term !== '');
      if (terms.length === 0) {
        return true;
      }
      const tier = readTierAnnotation(row.entity)?.toLocaleLowerCase('en-US');
      if (tier === undefined) {
        return false;
      }
      // "best effort" finds best-effort too.
      const names = [tier, tier.replace(/-/g, ' ')];
      return terms.some(term => names.some(name => name.includes(term)));
    },
    render: ({ entity }) => <TierCell entity={entity} />,
  };
}

/**
 * Backstage's default catalog columns, plus "Tier" after "Owner" when the
 * selected kind is Component, API or System.
 *
 * Legacy frontend system: `<CatalogIndexPage columns={goldenPathCatalogColumns} />`.
 */
export const goldenPathCatalogColumns: CatalogTableColumnsFunc = context => {
  const columns = CatalogTable.defaultColumnsFunc(context);
  const kind = context.filters.kind?.value?.toLocaleLowerCase('en-US');
  if (!kind || !TIERED_KINDS.includes(kind)) {
    return columns;
  }
  const owner = columns.findIndex(column => column.field === OWNER_FIELD);
  const at = owner === -1 ? columns.length : owner + 1;
  return [...columns.slice(0, at), createTierColumn(), ...columns.slice(at)];
};
