import {
  createApiFactory,
  createComponentExtension,
  createPlugin,
  createRoutableExtension,
  discoveryApiRef,
  fetchApiRef,
} from '@backstage/core-plugin-api';
import { sloApiRef } from './api/SloApi';
import { SloClient } from './api/SloClient';
import { rootRouteRef } from './routes';

/**
 * The SLO tier dashboard plugin (legacy frontend system).
 * @public
 */
export const sloPlugin = createPlugin({
  id: 'slo',
  apis: [
    createApiFactory({
      api: sloApiRef,
      deps: { discoveryApi: discoveryApiRef, fetchApi: fetchApiRef },
      factory: ({ discoveryApi, fetchApi }) =>
        new SloClient({ discoveryApi, fetchApi }),
    }),
  ],
  routes: { root: rootRouteRef },
});

/**
 * The SLO tier dashboard; mount it at `/slo`.
 * @public
 */
export const SloPage = sloPlugin.provide(
  createRoutableExtension({
    name: 'SloPage',
    mountPoint: rootRouteRef,
    component: () =>
      import('./components/SloPage/SloPage').then(m => m.SloPage),
  }),
);

/**
 * The "SLOs" entity card; show it for entities where {@link isSloAvailable}
 * is true.
 * @public
 */
export const EntitySloCard = sloPlugin.provide(
  createComponentExtension({
    name: 'EntitySloCard',
    component: {
      lazy: () =>
        import('./components/EntitySloCard/EntitySloCard').then(
          m => m.EntitySloCard,
        ),
    },
  }),
);
