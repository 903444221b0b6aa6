import { createFrontendModule } from '@backstage/frontend-plugin-api';
import unprocessedEntitiesPlugin from '@backstage/plugin-catalog-unprocessed-entities/alpha';

/**
 * Backstage's `page:catalog-unprocessed-entities` with one page header and
 * a table that fits at 1280 px: only the loader changes (path, title, icon
 * and route as before; still enabled in app-config.yaml).
 */
export const unprocessedEntitiesPage = unprocessedEntitiesPlugin
  .getExtension('page:catalog-unprocessed-entities')
  .override({
    factory(originalFactory) {
      return originalFactory({
        params: {
          loader: () =>
            import('./UnprocessedEntitiesPage').then(m => (
              <m.UnprocessedEntitiesPage />
            )),
        },
      });
    },
  });

/** The unprocessed entities page without a second header or sideways scroll. */
export const unprocessedEntitiesModule = createFrontendModule({
  pluginId: 'catalog-unprocessed-entities',
  extensions: [unprocessedEntitiesPage],
});
