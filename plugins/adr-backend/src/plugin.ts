import {
  coreServices,
  createBackendPlugin,
} from '@backstage/backend-plugin-api';
import { ScmIntegrations } from '@backstage/integration';
import { catalogServiceRef } from '@backstage/plugin-catalog-node';
import {
  adrPermissions,
  adrReadPermission,
} from '@golden-path/plugin-adr-common';
import { RefreshRateLimiter } from '@golden-path/plugin-golden-path-node';
import { DatabaseAdrStore } from './database/DatabaseAdrStore';
import { adrPermissionRules, adrResourceRef } from './permissions/rules';
import { readAdrConfig } from './readAdrConfig';
import { AdrFolderReader } from './service/AdrFolderReader';
import { AdrCommands } from './service/AdrCommands';
import { createAdrIndexSnapshot } from './service/AdrIndex';
import { AdrReadModel } from './service/AdrReadModel';
import { createRouter } from './service/router';
import { ADR_INGEST_TASK_ID } from './service/taskIds';

/**
 * The ADR backend plugin: reads the ADR folders of catalog entities on a
 * schedule and serves them under /api/adr.
 * @public
 */
export const adrPlugin = createBackendPlugin({
  pluginId: 'adr',
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
        const adrConfig = readAdrConfig(config);
        const refreshLimiter = RefreshRateLimiter.fromConfig(config, { cache });
        const store = await DatabaseAdrStore.create({ database });
        const folderReader = new AdrFolderReader({
          reader: urlReader,
          integrations: ScmIntegrations.fromConfig(config),
          config: adrConfig,
        });
        // The org view (list, facets, stats), invalidated by the commands.
        const index = createAdrIndexSnapshot({ cache, store, logger });
        const commands = new AdrCommands({
          store,
          index,
          catalog,
          auth,
          logger,
          folderReader,
        });
        const readModel = new AdrReadModel({
          store,
          index,
          folderReader,
          staleProposedDays: adrConfig.staleProposedDays,
        });

        permissionsRegistry.addPermissions(adrPermissions);
        permissionsRegistry.addResourceType({
          resourceRef: adrResourceRef,
          permissions: [adrReadPermission],
          rules: Object.values(adrPermissionRules),
          getResources: async refs =>
            Promise.all(
              refs.map(async ref => {
                // Resource refs are `<entity ref>#<path>`; entity refs hold no '#'.
                const hash = ref.indexOf('#');
                if (hash < 1) return undefined;
                const entityRef = ref.slice(0, hash).toLowerCase();
                const path = ref.slice(hash + 1);
                const source = await store.getSource(entityRef);
                const adr = await store.get({
                  entityRef,
                  path,
                  staleCutoff: readModel.staleCutoff(),
                });
                return adr
                  ? { entityRef, path, owner: source?.owner ?? adr.owner }
                  : undefined;
              }),
            ),
        });

        await scheduler.scheduleTask({
          id: ADR_INGEST_TASK_ID,
          ...adrConfig.schedule,
          fn: async () => {
            await commands.ingestAll();
          },
        });

        httpRouter.use(
          await createRouter({
            httpAuth,
            auth,
            permissions,
            permissionsRegistry,
            catalog,
            scheduler,
            readModel,
            commands,
            refreshLimiter,
          }),
        );
        logger.info('ADR plugin started', {
          localRoots: adrConfig.localRoots.map(root => root.path),
          staleProposedDays: adrConfig.staleProposedDays,
        });
      },
    });
  },
});
