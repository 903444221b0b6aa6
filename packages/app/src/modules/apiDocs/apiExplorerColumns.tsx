import { TableColumn } from '@backstage/core-components';
import { CatalogTable, CatalogTableRow } from '@backstage/plugin-catalog';
import {
  readableColumn,
  withDescriptionUnderName,
} from '@golden-path/plugin-service-catalog';

/**
 * The API explorer's default columns (Backstage's: name, system, owner,
 * type, lifecycle, description, tags) made readable like the catalog's:
 * words wrap between words only, headers stay on one line, every column is
 * sized by its content, the description sits under the name and the tags are
 * hidden but still searched, so the table fits its card at 1280 px.
 */
export function apiExplorerColumns(): TableColumn<CatalogTableRow>[] {
  const columns = [
    CatalogTable.columns.createTitleColumn({ hidden: true }),
    CatalogTable.columns.createNameColumn({ defaultKind: 'API' }),
    CatalogTable.columns.createSystemColumn(),
    CatalogTable.columns.createOwnerColumn(),
    CatalogTable.columns.createSpecTypeColumn(),
    CatalogTable.columns.createSpecLifecycleColumn(),
    CatalogTable.columns.createMetadataDescriptionColumn(),
    CatalogTable.columns.createTagsColumn(),
  ].map(readableColumn);
  return withDescriptionUnderName(columns);
}
