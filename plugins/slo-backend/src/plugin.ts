import {
  coreServices,
  createBackendPlugin,
} from '@backstage/backend-plugin-api';
import { ScmIntegrations } from '@backstage/integration';
import { catalogServiceRef } from '@backstage/plugin-catalog-node';
import { RefreshRateLimiter } from '@golden-path/plugin-golden-path-node';
import { sloPermissions } from '@golden-path/plugin-slo-common';
import {
  SliSource,
  sloSliSourcesExtensionPoint,
} from '@golden-path/plugin-slo-node';
import { DatabaseSloStore } from './database/DatabaseSloStore';
import { readSloConfig } from './readSloConfig';
import { BuiltinSliSource } from './sources/BuiltinSliSource';
import { createRouter } from './service/router';
import { SLO_COMPUTE_TASK_ID } from './service/taskIds';
import { SloDefinitionReader } from './service/SloDefinitionReader';
import { SliIngestCommand } from './service/SliIngestCommand';
import { SloComputeCommand } from './service/SloComputeCommand';
import { SloReadModel } from './service/SloReadModel';

/** The data source type of SLOs fed through the ingestion API. */
const BUILTIN_TYPE = 'builtin';

/**
 * The SLO backend plugin: derives SLOs from component tiers and OpenSLO
 * files, takes SLI data from its ingestion API or from the SLI sources
 * modules add (`sloSliSourcesExtensionPoint`, e.g. Prometheus), computes
 * budgets and burn-rate alerts on a schedule and serves them under /api/slo.
 * @public
 */
export const sloPlugin = createBackendPlugin({
  pluginId: 'slo',
  register(env) {
    const sources = new Map<string, SliSource>();
    const addSliSource = (type: string, source: SliSource) => {
      if (type === BUILTIN_TYPE) {
        throw new Error(
          `SLO plugin: a module registered an SLI source for data source type '${BUILTIN_TYPE}', which is the plugin's own ingestion API; register it under another type`,
        );
      }
      if (!/^[a-z][a-z0-9-]*$/.test(type)) {
        throw new Error(
          `SLO plugin: a module registered an SLI source for data source type '${type}'; a type is lower case letters, digits and dashes, e.g. 'prometheus'`,
        );
      }
      if (sources.has(type)) {
        throw new Error(
          `SLO plugin: two SLI sources were registered for data source type '${type}'; install one backend module per type`,
        );
      }
      sources.set(type, source);
    };
    env.registerExtensionPoint(sloSliSourcesExtensionPoint, { addSliSource });

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
        const store = await DatabaseSloStore.create({ database });
        const readModel = new SloReadModel({
          store,
          catalog,
          auth,
          config: sloConfig,
          cache,
          logger,
        });

        const compute = new SloComputeCommand({
          store,
          catalog,
          auth,
          logger,
          definitionReader: new SloDefinitionReader({
            reader: urlReader,
            integrations: ScmIntegrations.fromConfig(config),
            config: sloConfig,
          }),
          sources: new Map([
            [BUILTIN_TYPE, new BuiltinSliSource(store)],
            ...sources,
          ]),
          config: sloConfig,
          // The overview reads definitions and summaries, nothing ingestion
          // writes (SLI buckets): only this command changes it.
          onStored: () => readModel.invalidate(),
        });
        const ingest = new SliIngestCommand({ store, config: sloConfig });
        permissionsRegistry.addPermissions(sloPermissions);

        await scheduler.scheduleTask({
          id: SLO_COMPUTE_TASK_ID,
          ...sloConfig.schedule,
          fn: async () => {
            await compute.runOnce();
          },
        });

        httpRouter.use(
          await createRouter({
            httpAuth,
            permissions,
            catalog,
            scheduler,
            ingest,
            readModel,
            refreshLimiter,
          }),
        );
        logger.info('SLO plugin started', {
          localRoots: sloConfig.localRoots.map(root => root.path),
          retentionMinuteDays: sloConfig.retention.minuteDays,
          retentionHourDays: sloConfig.retention.hourDays,
          sliSources: [BUILTIN_TYPE, ...sources.keys()].join(', '),
        });
      },
    });
  },
});
