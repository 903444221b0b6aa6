import { OverflowTooltip, TableColumn } from '@backstage/core-components';
import {
  CatalogTable,
  CatalogTableColumnsFunc,
  CatalogTableRow,
} from '@backstage/plugin-catalog';
import { Entity } from '@backstage/catalog-model';
import { isTierName, TIER_NAMES } from '@golden-path/plugin-golden-path-common';
import Typography from '@mui/material/Typography';
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

/**
 * Narrower side padding than Backstage's 20 px + 16 px, so eight columns and
 * the actions fit a 1280 px window.
 */
export const COMPACT = { paddingLeft: 12, paddingRight: 8 } as const;

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
    headerStyle: { ...BETWEEN_WORDS, ...ONE_LINE, ...COMPACT },
    cellStyle: { ...ONE_LINE, ...COMPACT },
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

const TAGS_FIELD = 'entity.metadata.tags';
const NAME_FIELD = 'resolved.entityRef';
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
 * wrap, names, systems, owners (titles, shown by Backstage's entity
 * presentation) and the description wrap between words only, short values
 * stay on one line, and the tags are hidden but still searched (the Tags
 * filter remains). Every column is sized by its content (`width: 'auto'`):
 * Backstage's share-the-width percentages add up to more than the table when
 * other columns need room, and push the actions behind a sideways scroll.
 * @public
 */
export function readableColumn(
  column: TableColumn<CatalogTableRow>,
): TableColumn<CatalogTableRow> {
  const headerStyle = {
    ...column.headerStyle,
    ...BETWEEN_WORDS,
    ...ONE_LINE,
    ...COMPACT,
  };
  const field = column.field ?? '';
  if (field === TAGS_FIELD) {
    return { ...column, headerStyle, hidden: true, searchable: true };
  }
  const extra = ONE_LINE_FIELDS.includes(field)
    ? { ...ONE_LINE, ...COMPACT }
    : { ...BETWEEN_WORDS, ...COMPACT };
  return {
    ...column,
    headerStyle,
    cellStyle: withStyle(column.cellStyle, extra),
    width: 'auto',
  };
}

/**
 * The name column with the description under the name, on one line cut with
 * an ellipsis (the whole text on hover): one column fewer, so the tiered
 * kinds' eight columns and the actions fit a 1280 px window. The hidden
 * description column keeps the description searchable.
 * @public
 */
export function withDescriptionUnderName(
  columns: TableColumn<CatalogTableRow>[],
): TableColumn<CatalogTableRow>[] {
  const name = columns.find(column => column.field === NAME_FIELD);
  if (!name?.render || !columns.some(c => c.field === DESCRIPTION_FIELD)) {
    return columns;
  }
  const renderName = name.render;
  return columns.map(column => {
    if (column.field === DESCRIPTION_FIELD) {
      return { ...column, hidden: true, searchable: true };
    }
    if (column !== name) return column;
    return {
      ...column,
      render: (row, type) => {
        const description = row.entity.metadata.description;
        return (
          <>
            {renderName(row, type)}
            {description && (
              <Typography
                variant="body2"
                component="div"
                color="text.secondary"
                fontWeight="normal"
                data-testid="catalog-description"
                sx={{ mt: 0.5 }}
              >
                <OverflowTooltip text={description} placement="bottom-start" />
              </Typography>
            )}
          </>
        );
      },
    };
  });
}

/**
 * Backstage's default catalog columns, readable at 1280 px (see
 * `readableColumn`), plus "Tier" after "Owner" and the description under the
 * name when the selected kind is Component, API or System.
 *
 * Legacy frontend system: `<CatalogIndexPage columns={goldenPathCatalogColumns} />`.
 * @public
 */
export const goldenPathCatalogColumns: CatalogTableColumnsFunc = context => {
  const columns = CatalogTable.defaultColumnsFunc(context).map(readableColumn);
  const kind = context.filters.kind?.value?.toLocaleLowerCase('en-US');
  if (!kind || !TIERED_KINDS.includes(kind)) {
    return columns;
  }
  const compact = withDescriptionUnderName(columns);
  const owner = compact.findIndex(column => column.field === OWNER_FIELD);
  const at = owner === -1 ? compact.length : owner + 1;
  return [...compact.slice(0, at), createTierColumn(), ...compact.slice(at)];
};
