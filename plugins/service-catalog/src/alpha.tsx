import {
  createFrontendPlugin,
  createRouteRef,
  PageBlueprint,
} from '@backstage/frontend-plugin-api';
import { RiServerLine } from '@remixicon/react';
import {
  CatalogFilterBlueprint,
  EntityCardBlueprint,
} from '@backstage/plugin-catalog-react/alpha';

const KINDS = ['Component', 'System', 'API'];

/** The "Ownership & operations" card on Component, System and API pages. */
export const entityOwnershipCard = EntityCardBlueprint.make({
  name: 'ownership',
  params: {
    type: 'info',
    filter: entity => KINDS.includes(entity.kind),
    loader: () =>
      import('./components/OwnershipCard/OwnershipCard').then(m => (
        <m.OwnershipCard />
      )),
  },
});

/** The "Tier" filter on the catalog index page. */
export const catalogTierFilter = CatalogFilterBlueprint.make({
  name: 'tier',
  params: {
    loader: () =>
      import('./components/TierPicker/TierPicker').then(m => <m.TierPicker />),
  },
});

const servicesRouteRef = createRouteRef();

/** The Services page at /services, in the sidebar. */
export const servicesPage = PageBlueprint.make({
  name: 'services',
  params: {
    path: '/services',
    routeRef: servicesRouteRef,
    title: 'Services',
    icon: <RiServerLine />,
    loader: () =>
      import('./components/ServicesPage/ServicesPage').then(m => (
        <m.ServicesPage />
      )),
  },
});

/** The Golden Path service catalog plugin (new frontend system). */
export default createFrontendPlugin({
  pluginId: 'service-catalog',
  routes: { services: servicesRouteRef },
  extensions: [entityOwnershipCard, catalogTierFilter, servicesPage],
});
