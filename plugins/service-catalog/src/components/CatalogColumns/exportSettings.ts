import { createExtensionDataRef } from '@backstage/frontend-plugin-api';
import { CatalogExportSettings } from '@backstage/plugin-catalog/alpha';

/** What one `catalog-export-config` extension adds to the export settings. */
export type CatalogExportCustomization = Pick<
  CatalogExportSettings,
  'exporters' | 'columns' | 'onSuccess' | 'onError'
>;

/**
 * What `catalog-export-config` extensions contribute to the catalog page. The
 * catalog plugin does not export its data ref; extension data is looked up by
 * id, so a ref with the same id reads the same values.
 */
export const catalogExportCustomizationRef =
  createExtensionDataRef<CatalogExportCustomization>().with({
    id: 'catalog.export-customization',
  });

/**
 * The page's `exportSettings` config with the contributed exporters (all of
 * them) and the first contributed columns and callbacks; undefined (no export
 * button) unless enabled in config.
 */
export function resolveExportSettings(
  fromConfig: CatalogExportSettings | undefined,
  contributions: Array<CatalogExportCustomization | undefined>,
): CatalogExportSettings | undefined {
  if (!fromConfig?.enabled) {
    return undefined;
  }
  const settings: CatalogExportSettings = { ...fromConfig };
  for (const contribution of contributions) {
    if (!contribution) continue;
    if (contribution.exporters) {
      settings.exporters = {
        ...settings.exporters,
        ...contribution.exporters,
      };
    }
    settings.columns ??= contribution.columns;
    settings.onSuccess ??= contribution.onSuccess;
    settings.onError ??= contribution.onError;
  }
  return settings;
}
