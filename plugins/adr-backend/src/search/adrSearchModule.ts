import {
  coreServices,
  createBackendModule,
} from '@backstage/backend-plugin-api';
import { searchIndexRegistryExtensionPoint } from '@backstage/plugin-search-backend-node/alpha';
import { readAdrConfig } from '../readAdrConfig';
import { AdrCollatorFactory } from './AdrCollatorFactory';

/**
 * Search module that indexes ADRs (document type `adr`) from the ADR backend.
 * @public
 */
export const adrSearchModule = createBackendModule({
  pluginId: 'search',
  moduleId: 'adr-collator',
  register(env) {
    env.registerInit({
      deps: {
        config: coreServices.rootConfig,
        discovery: coreServices.discovery,
        auth: coreServices.auth,
        logger: coreServices.logger,
        scheduler: coreServices.scheduler,
        indexRegistry: searchIndexRegistryExtensionPoint,
      },
      async init({
        config,
        discovery,
        auth,
        logger,
        scheduler,
        indexRegistry,
      }) {
        const { searchSchedule } = readAdrConfig(config);
        indexRegistry.addCollator({
          schedule: scheduler.createScheduledTaskRunner(searchSchedule),
          factory: new AdrCollatorFactory({ discovery, auth, logger }),
        });
      },
    });
  },
});
