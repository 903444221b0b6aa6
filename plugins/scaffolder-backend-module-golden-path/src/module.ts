import {
  coreServices,
  createBackendModule,
} from '@backstage/backend-plugin-api';
import {
  catalogLocationsExtensionPoint,
  catalogProcessingExtensionPoint,
  catalogServiceRef,
} from '@backstage/plugin-catalog-node';
import { scaffolderActionsExtensionPoint } from '@backstage/plugin-scaffolder-node';
import { readTierTable } from '@golden-path/plugin-golden-path-common';
import { createAdrCreateAction } from './actions/adrCreate';
import { createCatalogValidateAction } from './actions/catalogValidate';
import { createPreflightAction } from './actions/preflight';
import { createProvenanceAction } from './actions/provenance';
import { createUpgradeAction } from './actions/upgrade';
import { ServiceUpgrader } from './upgrade/ServiceUpgrader';
import { TemplateRenderer } from './upgrade/renderTemplate';
import { readDemoServices, seedDemoServices } from './upgrade/seedDemoServices';
import { createPublishLocalAction } from './actions/publishLocal';
import { createRegisterLocalAction } from './actions/registerLocal';
import { createRepoCommitLocalAction } from './actions/repoCommitLocal';
import { createRepoFetchLocalAction } from './actions/repoFetchLocal';
import { LocalFileLocationGuard } from './LocalFileLocationGuard';
import { LocalPublishRoot } from './LocalPublishRoot';
import { LocalRepositoryAnnotator } from './LocalRepositoryAnnotator';
import { createLocalAwareTextResolver } from './localTextPlaceholder';

/**
 * Adds the golden-path:* actions to the scaffolder.
 * @public
 */
export const scaffolderModuleGoldenPath = createBackendModule({
  pluginId: 'scaffolder',
  moduleId: 'golden-path',
  register(reg) {
    reg.registerInit({
      deps: {
        scaffolder: scaffolderActionsExtensionPoint,
        catalog: catalogServiceRef,
        config: coreServices.rootConfig,
        auth: coreServices.auth,
        discovery: coreServices.discovery,
        permissions: coreServices.permissions,
        logger: coreServices.logger,
        scheduler: coreServices.scheduler,
      },
      async init({
        scaffolder,
        catalog,
        config,
        auth,
        discovery,
        permissions,
        logger,
        scheduler,
      }) {
        const publishRoot = LocalPublishRoot.fromConfig(config);
        const renderer = new TemplateRenderer({ auth, discovery });
        const upgrader = new ServiceUpgrader({
          catalog,
          permissions,
          publishRoot,
          renderer,
          logger,
        });
        const demoServices = readDemoServices(config);
        if (demoServices.length) {
          await scheduler.scheduleTask({
            id: 'golden-path-demo-services',
            frequency: { minutes: 2 },
            timeout: { minutes: 5 },
            initialDelay: { seconds: 15 },
            fn: async () => {
              await seedDemoServices({
                services: demoServices,
                catalog,
                auth,
                renderer,
                publishRoot,
                logger,
              });
            },
          });
        }
        scaffolder.addActions(
          createPreflightAction({ catalog, publishRoot, config }),
          createProvenanceAction(),
          createCatalogValidateAction({ tiers: readTierTable(config) }),
          createAdrCreateAction(),
          createPublishLocalAction({ publishRoot }),
          createRegisterLocalAction({ catalog, auth, publishRoot }),
          createRepoFetchLocalAction({ catalog, publishRoot }),
          createRepoCommitLocalAction({ catalog, permissions, publishRoot }),
          createUpgradeAction({ upgrader }),
        );
      },
    });
  },
});

/**
 * Lets the catalog accept `file` locations (Backstage allows only `url` by
 * default), for golden-path:catalog:register-local, and only inside the
 * local publish root or the folders of the configured file locations; and
 * resolves `$text` placeholders relative to such a local repository; and
 * marks entities read from such a repository with
 * golden-path.io/local-repository (their Repository tab).
 * @public
 */
export const catalogModuleGoldenPathLocalRepos = createBackendModule({
  pluginId: 'catalog',
  moduleId: 'golden-path-local-repos',
  register(reg) {
    reg.registerInit({
      deps: {
        locations: catalogLocationsExtensionPoint,
        processing: catalogProcessingExtensionPoint,
        config: coreServices.rootConfig,
      },
      async init({ locations, processing, config }) {
        const publishRoot = LocalPublishRoot.fromConfig(config);
        locations.setAllowedLocationTypes(['url', 'file']);
        processing.addProcessor(
          LocalFileLocationGuard.fromConfig(config, publishRoot),
          new LocalRepositoryAnnotator(publishRoot),
        );
        // `$text: ./openapi.yaml` in a published repository's catalog-info.
        processing.addPlaceholderResolver(
          'text',
          createLocalAwareTextResolver(publishRoot),
        );
      },
    });
  },
});
