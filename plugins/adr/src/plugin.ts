import {
  createApiFactory,
  createComponentExtension,
  createPlugin,
  createRoutableExtension,
  discoveryApiRef,
  fetchApiRef,
} from '@backstage/core-plugin-api';
import { adrApiRef } from './api/AdrApi';
import { AdrClient } from './api/AdrClient';
import { rootRouteRef } from './routes';

/**
 * The ADR browser plugin (legacy frontend system).
 * @public
 */
export const adrPlugin = createPlugin({
  id: 'adr',
  apis: [
    createApiFactory({
      api: adrApiRef,
      deps: { discoveryApi: discoveryApiRef, fetchApi: fetchApiRef },
      factory: ({ discoveryApi, fetchApi }) =>
        new AdrClient({ discoveryApi, fetchApi }),
    }),
  ],
  routes: { root: rootRouteRef },
});

/**
 * The org-wide ADR page with its reader; mount it at `/adrs`.
 * @public
 */
export const AdrIndexPage = adrPlugin.provide(
  createRoutableExtension({
    name: 'AdrIndexPage',
    mountPoint: rootRouteRef,
    component: () =>
      import('./components/AdrIndexPage/AdrIndexPage').then(
        m => m.AdrIndexPage,
      ),
  }),
);

/**
 * The "Decisions" entity tab; show it for entities where
 * {@link isAdrAvailable} is true.
 * @public
 */
export const EntityAdrContent = adrPlugin.provide(
  createComponentExtension({
    name: 'EntityAdrContent',
    component: {
      lazy: () =>
        import('./components/EntityAdrContent/EntityAdrContent').then(
          m => m.EntityAdrContent,
        ),
    },
  }),
);
