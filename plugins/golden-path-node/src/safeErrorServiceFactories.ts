import {
  coreServices,
  createServiceFactory,
} from '@backstage/backend-plugin-api';
import {
  createAuthIntegrationRouter,
  createCookieAuthRefreshMiddleware,
  createCredentialsBarrier,
  createLifecycleMiddleware,
  createRateLimitMiddleware,
} from '@backstage/backend-defaults/httpRouter';
import {
  MiddlewareFactory,
  rootHttpRouterServiceFactory,
} from '@backstage/backend-defaults/rootHttpRouter';
import { NotImplementedError } from '@backstage/errors';
import Router from 'express-promise-router';
import { createSafeErrorHandler } from './createSafeErrorHandler';
import { readErrorResponseOptions } from './readErrorResponseOptions';

/**
 * Backstage's root HTTP router (helmet, CORS, compression, request logs,
 * timeouts, health, 404) with {@link createSafeErrorHandler} as its final
 * error handler. It answers errors that reach the root: routes registered
 * on the root router and errors after a plugin router has started a
 * response.
 * @public
 */
export const safeErrorsRootHttpRouterServiceFactory =
  rootHttpRouterServiceFactory({
    configure(context) {
      const { middleware, config, applyDefaults } = context;
      const safeError = createSafeErrorHandler(
        middleware,
        readErrorResponseOptions(config),
      );
      // applyDefaults() builds Backstage's chain from this very factory
      // instance, with `middleware.error()` last. Handing it ours keeps every
      // other default (and those of later Backstage versions) as shipped,
      // where writing the chain out here would silently drop them.
      middleware.error = () => safeError;
      applyDefaults();
    },
  });

/**
 * Backstage's plugin HTTP router (`/api/<pluginId>`: rate limit, auth
 * integration routes, start-up pause, credentials barrier, cookie refresh)
 * with {@link createSafeErrorHandler} as its error handler. Each plugin
 * router answers its own errors, so this is the factory that covers the
 * catalog, the scaffolder and every other plugin; the root one alone does
 * not. The wiring is Backstage's `httpRouterServiceFactory`
 * (backend-defaults 0.18) made of the same public parts: compare it with
 * that factory when upgrading `@backstage/backend-defaults`.
 * @public
 */
export const safeErrorsHttpRouterServiceFactory = createServiceFactory({
  service: coreServices.httpRouter,
  initialization: 'always',
  deps: {
    plugin: coreServices.pluginMetadata,
    config: coreServices.rootConfig,
    lifecycle: coreServices.lifecycle,
    rootHttpRouter: coreServices.rootHttpRouter,
    auth: coreServices.auth,
    httpAuth: coreServices.httpAuth,
    logger: coreServices.logger,
  },
  async factory({
    auth,
    httpAuth,
    config,
    plugin,
    rootHttpRouter,
    lifecycle,
    logger,
  }) {
    const errorResponses = readErrorResponseOptions(config);
    const router = Router();
    router.use(createRateLimitMiddleware({ pluginId: plugin.getId(), config }));
    rootHttpRouter.use(`/api/${plugin.getId()}`, router);

    const credentialsBarrier = createCredentialsBarrier({ httpAuth, config });
    router.use(createAuthIntegrationRouter({ auth }));
    router.use(createLifecycleMiddleware({ config, lifecycle }));
    router.use(credentialsBarrier.middleware);
    router.use(createCookieAuthRefreshMiddleware({ auth, httpAuth }));

    const pluginRoutes = Router();
    router.use(pluginRoutes);
    router.use(
      createSafeErrorHandler(
        MiddlewareFactory.create({ config, logger }),
        errorResponses,
      ),
    );

    return {
      use(handler) {
        pluginRoutes.use(handler);
      },
      addAuthPolicy(policy) {
        credentialsBarrier.addAuthPolicy(policy);
      },
      addWebSocketHandler() {
        // Newer in @backstage/backend-plugin-api than in backend-defaults
        // 0.18, whose own httpRouter has no such method (nor does its root
        // router have one to delegate to): say so instead of a TypeError.
        throw new NotImplementedError(
          `WebSocket handlers are not supported by this backend's HTTP router (plugin '${plugin.getId()}')`,
        );
      },
    };
  },
});
