import {
  coreServices,
  createBackendPlugin,
} from '@backstage/backend-plugin-api';
import { ScmIntegrations } from '@backstage/integration';
import { catalogServiceRef } from '@backstage/plugin-catalog-node';
import { RefreshRateLimiter } from '@golden-path/plugin-golden-path-node';
import { readinessPermissions } from '@golden-path/plugin-readiness-common';
import {
  FactCollector,
  readinessFactCollectorsExtensionPoint,
} from '@golden-path/plugin-readiness-node';
import { loadReadinessChecks } from './checks/loadReadinessChecks';
import { CatalogFactCollector } from './collectors/CatalogFactCollector';
import { RepositoryFactCollector } from './collectors/RepositoryFactCollector';
import { GoldenPathFactCollector } from './collectors/GoldenPathFactCollector';
import { validateFactCollectors } from './collectors/validateFactCollectors';
import { DatabaseReadinessStore } from './database/DatabaseReadinessStore';
import {
  collectorSchedule,
  CONFIG_PREFIX,
  readReadinessConfig,
} from './readReadinessConfig';
import { ReadinessEvaluator } from './service/ReadinessEvaluator';
import { ComponentCatalog } from './service/ComponentCatalog';
import { ReadinessCommands } from './service/ReadinessCommands';
import { OverviewSnapshot } from './service/OverviewSnapshot';
import { ReadinessReadModel } from './service/ReadinessReadModel';
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
        const { checks, facts, unavailable } = loadReadinessChecks({
          facts: collectors.flatMap(collector => collector.facts),
          configChecks: readinessConfig.checks,
          disabledChecks: readinessConfig.disabledChecks,
        });
        // Shipped checks of the collectors the modules add (slo, adr): one
        // line each, so a backend without the module still starts.
        for (const { checkId, missingFacts } of unavailable) {
          const modules = [
            ...new Set(missingFacts.map(fact => fact.split('.')[0])),
          ].map(id => `@golden-path/plugin-readiness-backend-module-${id}`);
          logger.info(
            `Readiness check ${checkId} is off: it reads ${missingFacts.join(
              ', ',
            )}, which no installed fact collector provides (install ${modules.join(
              ' and ',
            )}, or list the check in ${CONFIG_PREFIX}.disabledChecks)`,
          );
        }

        const store = await DatabaseReadinessStore.create({ database });
        const evaluator = new ReadinessEvaluator({
          store,
          checks,
          requiredLevels: readinessConfig.requiredLevels,
          historyDays: readinessConfig.historyDays,
          logger,
        });
        const components = new ComponentCatalog({
          catalog,
          auth,
          permissions,
        });
        // The org views are answered from one snapshot of the summaries
        // and the trend, rebuilt after the commands write (on any replica
        // sharing the cache) or after five minutes.
        const snapshot = new OverviewSnapshot({ cache, store, logger });
        const commands = new ReadinessCommands({
          store,
          evaluator,
          collectors,
          components,
          logger,
          checks,
          snapshot,
        });
        const readModel = new ReadinessReadModel({
          store,
          components,
          checks,
          facts,
          requiredLevels: readinessConfig.requiredLevels,
          snapshot,
        });

        permissionsRegistry.addPermissions(readinessPermissions);

        for (const collector of collectors) {
          await scheduler.scheduleTask({
            id: collectTaskId(collector.id),
            ...collectorSchedule(readinessConfig, collector),
            fn: async signal => {
              await commands.collectAll(collector.id, signal as AbortSignal);
            },
          });
        }
        await scheduler.scheduleTask({
          id: EVALUATE_TASK_ID,
          ...readinessConfig.schedule,
          fn: async () => {
            await commands.evaluateAll();
          },
        });

        httpRouter.use(
          await createRouter({
            httpAuth,
            permissions,
            scheduler,
            readModel,
            commands,
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
