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

/** Wraps text at spaces only: Backstage's theme lets table cells break inside a word. */
export const BETWEEN_WORDS = {
  wordBreak: 'normal',
  overflowWrap: 'normal',
} as const;

/** Keeps a short value (a type, a lifecycle, a tier badge) on one line. */
export const ONE_LINE = { whiteSpace: 'nowrap' } as const;

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
    headerStyle: { ...BETWEEN_WORDS, ...ONE_LINE },
    cellStyle: { ...ONE_LINE },
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

const NAME_FIELD = 'resolved.entityRef';
const SYSTEM_FIELD = 'resolved.partOfSystemRelationTitle';
const TAGS_FIELD = 'entity.metadata.tags';
const DESCRIPTION_FIELD = 'entity.metadata.description';
const ONE_LINE_FIELDS = ['entity.spec.type', 'entity.spec.lifecycle'];

type CellStyle = TableColumn<CatalogTableRow>['cellStyle'];

function withStyle(cellStyle: CellStyle, extra: object): CellStyle {
  if (typeof cellStyle === 'function') {
    return (data, row, column) => ({
      ...cellStyle(data, row, column),
      ...extra,
    });
  }
  return { ...cellStyle, ...extra };
}

/**
 * One of Backstage's columns made readable in a narrow table: headers never
 * wrap, names, systems and owners (titles, shown by Backstage's entity
 * presentation) wrap between words only, short values stay on one line, the
 * description takes what is left and is cut with an ellipsis (full text on
 * hover), and the tags are hidden but still searched (the Tags filter
 * remains).
 */
export function readableColumn(
  column: TableColumn<CatalogTableRow>,
): TableColumn<CatalogTableRow> {
  const headerStyle = { ...column.headerStyle, ...BETWEEN_WORDS, ...ONE_LINE };
  const field = column.field ?? '';
  if (field === TAGS_FIELD) {
    return { ...column, headerStyle, hidden: true, searchable: true };
  }
  if (field === DESCRIPTION_FIELD) {
    return {
      ...column,
      headerStyle,
      cellStyle: withStyle(column.cellStyle, BETWEEN_WORDS),
      width: undefined,
    };
  }
  if (ONE_LINE_FIELDS.includes(field)) {
    return {
      ...column,
      headerStyle,
      cellStyle: withStyle(column.cellStyle, ONE_LINE),
      width: 'auto',
    };
  }
  if ([NAME_FIELD, SYSTEM_FIELD, OWNER_FIELD].includes(field)) {
    return {
      ...column,
      headerStyle,
      cellStyle: withStyle(column.cellStyle, BETWEEN_WORDS),
      width: 'auto',
    };
  }
  return { ...column, headerStyle };
}

/**
 * Backstage's default catalog columns, readable at 1280 px (see
 * `readableColumn`), plus "Tier" after "Owner" when the selected kind is
 * Component, API or System.
 *
 * Legacy frontend system: `<CatalogIndexPage columns={goldenPathCatalogColumns} />`.
 */
export const goldenPathCatalogColumns: CatalogTableColumnsFunc = context => {
  const columns = CatalogTable.defaultColumnsFunc(context).map(readableColumn);
  const kind = context.filters.kind?.value?.toLocaleLowerCase('en-US');
  if (!kind || !TIERED_KINDS.includes(kind)) {
    return columns;
  }
  const owner = columns.findIndex(column => column.field === OWNER_FIELD);
  const at = owner === -1 ? columns.length : owner + 1;
  return [...columns.slice(0, at), createTierColumn(), ...columns.slice(at)];
};
