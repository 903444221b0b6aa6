import {
  coreServices,
  createBackendModule,
} from '@backstage/backend-plugin-api';
import { readinessFactCollectorsExtensionPoint } from '@golden-path/plugin-readiness-node';
import { AdrFactCollector } from './AdrFactCollector';

/**
 * Adds the `adr` fact collector to the readiness plugin: facts from
 * the ADR backend's facets (`adr.count`), asked through discovery with the readiness plugin's service token.
 * @public
 */
export const readinessModuleAdr = createBackendModule({
  pluginId: 'readiness',
  moduleId: 'adr',
  register(env) {
    env.registerInit({
      deps: {
        collectors: readinessFactCollectorsExtensionPoint,
        discovery: coreServices.discovery,
        auth: coreServices.auth,
      },
      async init({ collectors, discovery, auth }) {
        collectors.addFactCollector(new AdrFactCollector({ discovery, auth }));
      },
    });
  },
});
