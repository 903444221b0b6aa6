import { createFrontendModule } from '@backstage/frontend-plugin-api';
import catalogPlugin from '@backstage/plugin-catalog/alpha';

/**
 * Backstage's `search-result-list-item:catalog` showing entities with their
 * owner's title instead of the indexed owner ref.
 */
const catalogSearchResultListItem = catalogPlugin
  .getExtension('search-result-list-item:catalog')
  .override({
    factory(originalFactory) {
      return originalFactory({
        params: {
          predicate: result => result.type === 'software-catalog',
          component: () =>
            import('./CatalogSearchResultItem').then(
              m => m.CatalogSearchResultItem,
            ),
        },
      });
    },
  });

/** Catalog search results naming owners by title. */
export const catalogSearchModule = createFrontendModule({
  pluginId: 'catalog',
  extensions: [catalogSearchResultListItem],
});
