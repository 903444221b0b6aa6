import {
  coreServices,
  createBackendModule,
} from '@backstage/backend-plugin-api';
import { sloSliSourcesExtensionPoint } from '@golden-path/plugin-slo-node';
import { createPrometheusSliSource } from './createPrometheusSliSource';

/**
 * Adds Prometheus as an SLI source of the SLO plugin: SLOs whose OpenSLO
 * DataSource is of type Prometheus are queried from the servers configured
 * at `goldenPath.slo.prometheus`. A bad data source fails start-up.
 * @public
 */
export const sloModulePrometheus = createBackendModule({
  pluginId: 'slo',
  moduleId: 'prometheus',
  register(reg) {
    reg.registerInit({
      deps: {
        sliSources: sloSliSourcesExtensionPoint,
        config: coreServices.rootConfig,
        logger: coreServices.logger,
      },
      async init({ sliSources, config, logger }) {
        sliSources.addSliSource(
          'prometheus',
          createPrometheusSliSource({ config, logger }),
        );
      },
    });
  },
});
