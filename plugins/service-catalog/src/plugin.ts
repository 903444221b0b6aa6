import {
  createComponentExtension,
  createPlugin,
  createRoutableExtension,
} from '@backstage/core-plugin-api';
import { servicesRouteRef } from './routes';

/** The Golden Path service catalog plugin (legacy frontend system). */
export const serviceCatalogPlugin = createPlugin({
  id: 'service-catalog',
  routes: { services: servicesRouteRef },
});

/** The Services page: mount it at /services. */
export const ServicesPage = serviceCatalogPlugin.provide(
  createRoutableExtension({
    name: 'ServicesPage',
    mountPoint: servicesRouteRef,
    component: () =>
      import('./components/ServicesPage/ServicesPage').then(
        m => m.ServicesPage,
      ),
  }),
);

/** The "Ownership & operations" card for an entity page. */
export const EntityOwnershipCard = serviceCatalogPlugin.provide(
  createComponentExtension({
    name: 'EntityOwnershipCard',
    component: {
      lazy: () =>
        import('./components/OwnershipCard/OwnershipCard').then(
          m => m.OwnershipCard,
        ),
    },
  }),
);
