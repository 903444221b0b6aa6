import {
  coreServices,
  createBackendModule,
} from '@backstage/backend-plugin-api';
import { catalogProcessingExtensionPoint } from '@backstage/plugin-catalog-node';
import { GoldenPathEntityProcessor } from './GoldenPathEntityProcessor';
import { CatalogTableRefLookup } from './EntityRefLookup';

/**
 * Adds the Golden Path metadata validation to the catalog.
 * @public
 */
export const catalogModuleGoldenPath = createBackendModule({
  pluginId: 'catalog',
  moduleId: 'golden-path',
  register(reg) {
    reg.registerInit({
      deps: {
        catalog: catalogProcessingExtensionPoint,
        config: coreServices.rootConfig,
        logger: coreServices.logger,
        // The catalog plugin's own database: modules share their plugin's.
        database: coreServices.database,
      },
      async init({ catalog, config, logger, database }) {
        const refs = new CatalogTableRefLookup(await database.getClient());
        catalog.addProcessor(
          GoldenPathEntityProcessor.fromConfig(config, { logger, refs }),
        );
      },
    });
  },
});
