import { createFrontendPlugin } from '@backstage/frontend-plugin-api';
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

/** The Golden Path service catalog plugin (new frontend system). */
export default createFrontendPlugin({
  pluginId: 'service-catalog',
  extensions: [entityOwnershipCard, catalogTierFilter],
});
