import {
  coreServices,
  createBackendModule,
} from '@backstage/backend-plugin-api';
import { readinessFactCollectorsExtensionPoint } from '@golden-path/plugin-readiness-node';
import { SloFactCollector } from './SloFactCollector';

/**
 * Adds the `slo` fact collector to the readiness plugin: facts from
 * the SLO backend's overview (`slo.defined`, `slo.meetsObjectives`, `slo.pageAlertsFiring`, `slo.status`), asked through discovery with the readiness plugin's service token.
 * @public
 */
export const readinessModuleSlo = createBackendModule({
  pluginId: 'readiness',
  moduleId: 'slo',
  register(env) {
    env.registerInit({
      deps: {
        collectors: readinessFactCollectorsExtensionPoint,
        discovery: coreServices.discovery,
        auth: coreServices.auth,
      },
      async init({ collectors, discovery, auth }) {
        collectors.addFactCollector(new SloFactCollector({ discovery, auth }));
      },
    });
  },
});
