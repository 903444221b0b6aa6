import { createFrontendModule } from '@backstage/frontend-plugin-api';
import apiDocsPlugin from '@backstage/plugin-api-docs/alpha';

/**
 * Backstage's `page:api-docs` with readable table columns: only the page's
 * loader changes (path, title, icon, route and the `initiallySelectedFilter`
 * config work as before).
 */
export const apiExplorerPageWithReadableColumns = apiDocsPlugin
  .getExtension('page:api-docs')
  .override({
    factory(originalFactory, { config }) {
      return originalFactory({
        params: {
          loader: () =>
            import('./ApiExplorerPage').then(m => (
              <m.ApiExplorerPage
                initiallySelectedFilter={config.initiallySelectedFilter}
              />
            )),
        },
      });
    },
  });

/** The API explorer with a table that fits its card at 1280 px. */
export const apiDocsModule = createFrontendModule({
  pluginId: 'api-docs',
  extensions: [apiExplorerPageWithReadableColumns],
});
