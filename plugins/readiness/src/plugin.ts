import {
  createApiFactory,
  createComponentExtension,
  createPlugin,
  createRoutableExtension,
  discoveryApiRef,
  fetchApiRef,
} from '@backstage/core-plugin-api';
import { readinessApiRef } from './api/ReadinessApi';
import { ReadinessClient } from './api/ReadinessClient';
import { rootRouteRef } from './routes';

/**
 * The readiness scorecards plugin (legacy frontend system).
 * @public
 */
export const readinessPlugin = createPlugin({
  id: 'readiness',
  apis: [
    createApiFactory({
      api: readinessApiRef,
      deps: { discoveryApi: discoveryApiRef, fetchApi: fetchApiRef },
      factory: ({ discoveryApi, fetchApi }) =>
        new ReadinessClient({ discoveryApi, fetchApi }),
    }),
  ],
  routes: { root: rootRouteRef },
});

/**
 * The readiness scorecards; mount it at `/readiness`.
 * @public
 */
export const ReadinessPage = readinessPlugin.provide(
  createRoutableExtension({
    name: 'ReadinessPage',
    mountPoint: rootRouteRef,
    component: () =>
      import('./components/ReadinessPage/ReadinessPage').then(
        m => m.ReadinessPage,
      ),
  }),
);

/**
 * The "Readiness" entity tab; mount it at `/readiness` of the entity page
 * for entities where {@link isReadinessAvailable} is true.
 * @public
 */
export const EntityReadinessContent = readinessPlugin.provide(
  createComponentExtension({
    name: 'EntityReadinessContent',
    component: {
      lazy: () =>
        import(
          './components/EntityReadinessContent/EntityReadinessContent'
        ).then(m => m.EntityReadinessContent),
    },
  }),
);

/**
 * The small "Readiness" card with the level badge, for entities where
 * {@link isReadinessAvailable} is true.
 * @public
 */
export const EntityReadinessCard = readinessPlugin.provide(
  createComponentExtension({
    name: 'EntityReadinessCard',
    component: {
      lazy: () =>
        import('./components/EntityReadinessCard/EntityReadinessCard').then(
          m => m.EntityReadinessCard,
        ),
    },
  }),
);
