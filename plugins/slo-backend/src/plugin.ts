import {
  coreServices,
  createBackendPlugin,
} from '@backstage/backend-plugin-api';
import { ScmIntegrations } from '@backstage/integration';
import { catalogServiceRef } from '@backstage/plugin-catalog-node';
import { RefreshRateLimiter } from '@golden-path/plugin-golden-path-node';
import { sloPermissions } from '@golden-path/plugin-slo-common';
import { SloStore } from './database/SloStore';
import { createPrometheusSliSource } from './prometheus';
import { readSloConfig } from './readSloConfig';
import { BuiltinSliSource } from './sources/BuiltinSliSource';
import { createRouter } from './service/router';
import { SLO_COMPUTE_TASK_ID } from './service/taskIds';
import { SloDefinitionReader } from './service/SloDefinitionReader';
import { SloService } from './service/SloService';

/**
 * The SLO backend plugin: derives SLOs from component tiers and OpenSLO
 * files, takes SLI data from its ingestion API or Prometheus, computes
 * budgets and burn-rate alerts on a schedule and serves them under /api/slo.
 * @public
 */
export const sloPlugin = createBackendPlugin({
  pluginId: 'slo',
  register(env) {
    env.registerInit({
      deps: {
        config: coreServices.rootConfig,
        logger: coreServices.logger,
        database: coreServices.database,
        httpRouter: coreServices.httpRouter,
        httpAuth: coreServices.httpAuth,
        auth: coreServices.auth,
        cache: coreServices.cache,
        permissions: coreServices.permissions,
        permissionsRegistry: coreServices.permissionsRegistry,
        scheduler: coreServices.scheduler,
        urlReader: coreServices.urlReader,
        catalog: catalogServiceRef,
      },
      async init({
        config,
        logger,
        database,
        httpRouter,
        httpAuth,
        auth,
        cache,
        permissions,
        permissionsRegistry,
        scheduler,
        urlReader,
        catalog,
      }) {
        const sloConfig = readSloConfig(config);
        const refreshLimiter = RefreshRateLimiter.fromConfig(config, { cache });
        const store = await SloStore.create({ database });
        const service = new SloService({
          store,
          catalog,
          auth,
          logger,
          definitionReader: new SloDefinitionReader({
            reader: urlReader,
            integrations: ScmIntegrations.fromConfig(config),
            config: sloConfig,
          }),
          builtinSource: new BuiltinSliSource(store),
          prometheusSource: createPrometheusSliSource({ config, logger }),
          config: sloConfig,
        });

        permissionsRegistry.addPermissions(sloPermissions);

        await scheduler.scheduleTask({
          id: SLO_COMPUTE_TASK_ID,
          ...sloConfig.schedule,
          fn: async () => {
            await service.runOnce();
          },
        });

        httpRouter.use(
          await createRouter({
            httpAuth,
            permissions,
            scheduler,
            service,
            refreshLimiter,
          }),
        );
        logger.info('SLO plugin started', {
          localRoots: sloConfig.localRoots.map(root => root.path),
          retentionMinuteDays: sloConfig.retention.minuteDays,
          retentionHourDays: sloConfig.retention.hourDays,
        });
      },
    });
  },
});
