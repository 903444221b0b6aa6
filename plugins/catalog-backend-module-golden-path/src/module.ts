import {
  coreServices,
  createBackendModule,
} from '@backstage/backend-plugin-api';
import { catalogProcessingExtensionPoint } from '@backstage/plugin-catalog-node';
import { GoldenPathEntityProcessor } from './GoldenPathEntityProcessor';

/** Adds the Golden Path metadata validation to the catalog. */
export const catalogModuleGoldenPath = createBackendModule({
  pluginId: 'catalog',
  moduleId: 'golden-path',
  register(reg) {
    reg.registerInit({
      deps: {
        catalog: catalogProcessingExtensionPoint,
        config: coreServices.rootConfig,
        logger: coreServices.logger,
      },
      async init({ catalog, config, logger }) {
        catalog.addProcessor(
          GoldenPathEntityProcessor.fromConfig(config, { logger }),
        );
      },
    });
  },
});
