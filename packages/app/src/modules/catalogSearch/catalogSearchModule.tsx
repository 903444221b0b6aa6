import { createFrontendModule } from '@backstage/frontend-plugin-api';
import catalogPlugin from '@backstage/plugin-catalog/alpha';
import { userListFilterThatFits } from '../catalogFilters';

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

/**
 * Catalog search results naming owners by title; and, since this is the
 * app's module of the catalog plugin, the catalog page's Owned / Starred /
 * All filter with labels that fit its column at 1280 px.
 */
export const catalogSearchModule = createFrontendModule({
  pluginId: 'catalog',
  extensions: [catalogSearchResultListItem, userListFilterThatFits],
});
