import {
  createApiFactory,
  createComponentExtension,
  createPlugin,
  createRoutableExtension,
  discoveryApiRef,
  fetchApiRef,
} from '@backstage/core-plugin-api';
import { goldenPathApiRef } from './api/GoldenPathApi';
import { GoldenPathClient } from './api/GoldenPathClient';
import { rootRouteRef } from './routes';

/**
 * The golden-path plugin (legacy frontend system).
 * @public
 */
export const goldenPathPlugin = createPlugin({
  id: 'golden-path',
  apis: [
    createApiFactory({
      api: goldenPathApiRef,
      deps: { discoveryApi: discoveryApiRef, fetchApi: fetchApiRef },
      factory: ({ discoveryApi, fetchApi }) =>
        new GoldenPathClient({ discoveryApi, fetchApi }),
    }),
  ],
  routes: { root: rootRouteRef },
});

/**
 * The golden-path drift view and fleet upgrades; mount it at `/golden-path`.
 * @public
 */
export const GoldenPathPage = goldenPathPlugin.provide(
  createRoutableExtension({
    name: 'GoldenPathPage',
    mountPoint: rootRouteRef,
    component: () =>
      import('./components/GoldenPathPage/GoldenPathPage').then(
        m => m.GoldenPathPage,
      ),
  }),
);

/**
 * The "Golden path" card, for entities where
 * {@link isGoldenPathAvailable} is true.
 * @public
 */
export const EntityGoldenPathCard = goldenPathPlugin.provide(
  createComponentExtension({
    name: 'EntityGoldenPathCard',
    component: {
      lazy: () =>
        import('./components/EntityGoldenPathCard/EntityGoldenPathCard').then(
          m => m.EntityGoldenPathCard,
        ),
    },
  }),
);
