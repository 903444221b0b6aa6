import {
  coreServices,
  createBackendPlugin,
} from '@backstage/backend-plugin-api';
import { readDurationFromConfig } from '@backstage/config';
import { durationToMilliseconds } from '@backstage/types';
import { catalogServiceRef } from '@backstage/plugin-catalog-node';
import {
  DEFAULT_TIER_TABLE,
  goldenPathPermissions,
  readTierTable,
  TierTable,
} from '@golden-path/plugin-golden-path-common';
import {
  LocalPublishRoot,
  readConfigSchedule,
  RefreshRateLimiter,
} from '@golden-path/plugin-golden-path-node';
import { createServicesRouter } from './services/router';
import { ServicesReadModel } from './services/ServicesReadModel';
import { CloneUrlSigner } from './service/CloneUrlSigner';
import { LocalRepositoryReader } from './service/LocalRepositoryReader';
import { createRouter } from './service/router';
import { DRIFT_TASK_ID } from './service/taskIds';
import { DriftService } from './drift/DriftService';
import { DriftStore } from './drift/DriftStore';

/** The config key of the drift task's schedule. */
export const DRIFT_SCHEDULE_KEY = 'goldenPath.drift.schedule';

const DEFAULT_DRIFT_SCHEDULE = {
  frequency: { minutes: 10 },
  timeout: { minutes: 5 },
  initialDelay: { seconds: 10 },
};

/**
 * The config key of how long a clone URL works.
 * @public
 */
export const CLONE_URL_VALIDITY_KEY =
  'goldenPath.repositories.cloneUrlValidity';

const DEFAULT_CLONE_URL_VALIDITY_MS = 30 * 24 * 60 * 60 * 1000;

/**
 * The Golden Path backend plugin: serves the repositories the portal's
 * templates created (a read-only file view and a clone URL) under
 * /api/golden-path.
 * @public
 */
export const goldenPathPlugin = createBackendPlugin({
  pluginId: 'golden-path',
  register(env) {
    env.registerInit({
      deps: {
        config: coreServices.rootConfig,
        logger: coreServices.logger,
        discovery: coreServices.discovery,
        httpRouter: coreServices.httpRouter,
        httpAuth: coreServices.httpAuth,
        catalog: catalogServiceRef,
        auth: coreServices.auth,
        cache: coreServices.cache,
        database: coreServices.database,
        permissions: coreServices.permissions,
        permissionsRegistry: coreServices.permissionsRegistry,
        scheduler: coreServices.scheduler,
      },
      async init({
        config,
        logger,
        discovery,
        httpRouter,
        httpAuth,
        catalog,
        auth,
        cache,
        database,
        permissions,
        permissionsRegistry,
        scheduler,
      }) {
        const publishRoot = LocalPublishRoot.fromConfig(config);
        const refreshLimiter = RefreshRateLimiter.fromConfig(config, { cache });
        // Registered here for the whole family: the upgrade permission is
        // checked by the scaffolder module, on the service's entity.
        permissionsRegistry.addPermissions(goldenPathPermissions);
        let validityMs = DEFAULT_CLONE_URL_VALIDITY_MS;
        if (config.has(CLONE_URL_VALIDITY_KEY)) {
          try {
            validityMs = durationToMilliseconds(
              readDurationFromConfig(config.getConfig(CLONE_URL_VALIDITY_KEY)),
            );
          } catch (error) {
            throw new Error(
              `Invalid config ${CLONE_URL_VALIDITY_KEY}: ${
                (error as Error).message
              }; use a duration such as { days: 30 }`,
            );
          }
          if (!(validityMs >= 60_000)) {
            throw new Error(
              `Invalid config ${CLONE_URL_VALIDITY_KEY}: must be at least one minute`,
            );
          }
        }
        const reader = new LocalRepositoryReader(publishRoot);
        const drift = new DriftService({ catalog, auth, reader, logger });
        const driftStore = await DriftStore.create({ database });
        await scheduler.scheduleTask({
          id: DRIFT_TASK_ID,
          ...readConfigSchedule(
            config,
            DRIFT_SCHEDULE_KEY,
            DEFAULT_DRIFT_SCHEDULE,
          ),
          fn: async () => {
            const snapshot = await drift.compute();
            await driftStore.write(snapshot);
            logger.info(
              `Golden-path drift: ${snapshot.services.length} components, ${snapshot.templates.length} templates`,
            );
          },
        });
        httpRouter.use(
          await createRouter({
            httpAuth,
            permissions,
            refreshLimiter,
            catalog,
            discovery,
            logger,
            scheduler,
            drift,
            driftStore,
            reader,
            signer: new CloneUrlSigner({
              publishRoot: publishRoot.path,
              validityMs,
            }),
          }),
        );
        // GET /services: the Services page's rows, from a view of the
        // catalog built once a minute (the catalog tells us of no change).
        let tiers: TierTable = DEFAULT_TIER_TABLE;
        try {
          tiers = readTierTable(config);
        } catch (error) {
          logger.warn(
            `The Services page names tiers by their default titles: ${error}`,
          );
        }
        httpRouter.use(
          createServicesRouter({
            httpAuth,
            permissions,
            catalog,
            readModel: new ServicesReadModel({
              catalog,
              auth,
              cache,
              logger,
              tiers,
            }),
          }),
        );
        // Git clients cannot send Backstage tokens: the clone URLs carry a
        // signed token of their own, checked by the router.
        httpRouter.addAuthPolicy({ path: '/git', allow: 'unauthenticated' });
      },
    });
  },
});
