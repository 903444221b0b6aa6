import {
  coreServices,
  createBackendPlugin,
} from '@backstage/backend-plugin-api';
import { ScmIntegrations } from '@backstage/integration';
import { catalogServiceRef } from '@backstage/plugin-catalog-node';
import { RefreshRateLimiter } from '@golden-path/plugin-golden-path-node';
import { readinessPermissions } from '@golden-path/plugin-readiness-common';
import { loadReadinessChecks } from './checks/loadReadinessChecks';
import { AdrFactCollector } from './collectors/AdrFactCollector';
import { CatalogFactCollector } from './collectors/CatalogFactCollector';
import { FactCollector } from './collectors/FactCollector';
import { RepositoryFactCollector } from './collectors/RepositoryFactCollector';
import { SloFactCollector } from './collectors/SloFactCollector';
import { GoldenPathFactCollector } from './collectors/GoldenPathFactCollector';
import { validateFactCollectors } from './collectors/validateFactCollectors';
import { ReadinessStore } from './database/ReadinessStore';
import { readinessFactCollectorsExtensionPoint } from './extensions';
import {
  collectorSchedule,
  CONFIG_PREFIX,
  readReadinessConfig,
} from './readReadinessConfig';
import { ReadinessEvaluator } from './service/ReadinessEvaluator';
import { ReadinessService } from './service/ReadinessService';
import { createRouter } from './service/router';
import { EVALUATE_TASK_ID, collectTaskId } from './service/taskIds';

/**
 * The readiness backend plugin: collects facts about components on
 * scheduler tasks, evaluates the readiness checks into bronze/silver/gold
 * levels with history, records attestations, and serves it all under
 * /api/readiness.
 * @public
 */
export const readinessPlugin = createBackendPlugin({
  pluginId: 'readiness',
  register(env) {
    const addedCollectors: FactCollector[] = [];
    env.registerExtensionPoint(readinessFactCollectorsExtensionPoint, {
      addFactCollector(...collectors) {
        addedCollectors.push(...collectors);
      },
    });

    env.registerInit({
      deps: {
        config: coreServices.rootConfig,
        logger: coreServices.logger,
        database: coreServices.database,
        httpRouter: coreServices.httpRouter,
        httpAuth: coreServices.httpAuth,
        auth: coreServices.auth,
        cache: coreServices.cache,
        discovery: coreServices.discovery,
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
        discovery,
        permissions,
        permissionsRegistry,
        scheduler,
        urlReader,
        catalog,
      }) {
        const readinessConfig = readReadinessConfig(config);
        const refreshLimiter = RefreshRateLimiter.fromConfig(config, { cache });
        const collectors: FactCollector[] = [
          new CatalogFactCollector({ catalog, auth }),
          new RepositoryFactCollector({
            reader: urlReader,
            integrations: ScmIntegrations.fromConfig(config),
            localRoots: readinessConfig.localRoots,
            rules: readinessConfig.repository.files,
            maxFiles: readinessConfig.repository.maxFiles,
            maxFileBytes: readinessConfig.repository.maxFileBytes,
          }),
          new SloFactCollector({ discovery, auth }),
          new AdrFactCollector({ discovery, auth }),
          new GoldenPathFactCollector({ discovery, auth }),
          ...addedCollectors,
        ];
        validateFactCollectors(collectors);
        for (const id of readinessConfig.collectorSchedules.keys()) {
          if (!collectors.some(collector => collector.id === id)) {
            throw new Error(
              `Invalid config ${CONFIG_PREFIX}.collectors.${id}: there is no fact collector '${id}' (the collectors are ${collectors
                .map(collector => collector.id)
                .join(', ')})`,
            );
          }
        }
        const { checks, facts } = loadReadinessChecks({
          facts: collectors.flatMap(collector => collector.facts),
          configChecks: readinessConfig.checks,
          disabledChecks: readinessConfig.disabledChecks,
        });

        const store = await ReadinessStore.create({ database });
        const evaluator = new ReadinessEvaluator({
          store,
          checks,
          requiredLevels: readinessConfig.requiredLevels,
          historyDays: readinessConfig.historyDays,
          logger,
        });
        const service = new ReadinessService({
          store,
          evaluator,
          collectors,
          catalog,
          auth,
          logger,
          checks,
          facts,
          requiredLevels: readinessConfig.requiredLevels,
        });

        permissionsRegistry.addPermissions(readinessPermissions);

        for (const collector of collectors) {
          await scheduler.scheduleTask({
            id: collectTaskId(collector.id),
            ...collectorSchedule(readinessConfig, collector),
            fn: async signal => {
              await service.collectAll(collector.id, signal as AbortSignal);
            },
          });
        }
        await scheduler.scheduleTask({
          id: EVALUATE_TASK_ID,
          ...readinessConfig.schedule,
          fn: async () => {
            await service.evaluateAll();
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
        logger.info('Readiness plugin started', {
          checks: checks.length,
          collectors: collectors.map(collector => collector.id).join(', '),
          localRoots: readinessConfig.localRoots
            .map(root => root.path)
            .join(', '),
        });
      },
    });
  },
});
