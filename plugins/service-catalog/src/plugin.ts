import {
  createComponentExtension,
  createPlugin,
  createRoutableExtension,
} from '@backstage/core-plugin-api';
import { createScaffolderFieldExtension } from '@backstage/plugin-scaffolder-react';
import {
  GoldenPathTextField,
  ServiceNameField,
  validateGoldenPathTextField,
  validateServiceNameField,
} from './components/ServiceNameField/ServiceNameField';
import {
  EntityTitlePicker,
  validateEntityTitlePicker,
} from './components/ServiceNameField/EntityTitlePicker';
import { servicesRouteRef } from './routes';

/**
 * The Golden Path service catalog plugin (legacy frontend system).
 * @public
 */
export const serviceCatalogPlugin = createPlugin({
  id: 'service-catalog',
  routes: { services: servicesRouteRef },
});

/**
 * The Services page: mount it at /services.
 * @public
 */
export const ServicesPage = serviceCatalogPlugin.provide(
  createRoutableExtension({
    name: 'ServicesPage',
    mountPoint: servicesRouteRef,
    component: () =>
      import('./components/ServicesPage/ServicesPage').then(
        m => m.ServicesPageWithHeader,
      ),
  }),
);

/**
 * The "Ownership & operations" card for an entity page.
 * @public
 */
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

/**
 * The scaffolder field `ui:field: GoldenPathServiceName` (legacy frontend
 * system): place it inside `<ScaffolderFieldExtensions>` of the scaffolder
 * route.
 * @public
 */
export const GoldenPathServiceNameFieldExtension = serviceCatalogPlugin.provide(
  createScaffolderFieldExtension({
    name: 'GoldenPathServiceName',
    component: ServiceNameField,
    validation: validateServiceNameField,
  }),
);

/**
 * The scaffolder field `ui:field: GoldenPathText` (legacy frontend system):
 * a one-line text field whose errors are said in words as the user types.
 * @public
 */
export const GoldenPathTextFieldExtension = serviceCatalogPlugin.provide(
  createScaffolderFieldExtension({
    name: 'GoldenPathText',
    component: GoldenPathTextField,
    validation: validateGoldenPathTextField,
  }),
);

/**
 * The scaffolder field `ui:field: GoldenPathEntityPicker` (legacy frontend
 * system): chooses an entity of one kind, showing titles (refs in tooltips).
 * @public
 */
export const GoldenPathEntityPickerFieldExtension =
  serviceCatalogPlugin.provide(
    createScaffolderFieldExtension({
      name: 'GoldenPathEntityPicker',
      component: EntityTitlePicker,
      validation: validateEntityTitlePicker,
    }),
  );
