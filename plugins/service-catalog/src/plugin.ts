import {
  createComponentExtension,
  createPlugin,
} from '@backstage/core-plugin-api';

/** The Golden Path service catalog plugin (legacy frontend system). */
export const serviceCatalogPlugin = createPlugin({
  id: 'service-catalog',
});

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
