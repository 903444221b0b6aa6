import { createFrontendPlugin } from '@backstage/frontend-plugin-api';
import { EntityCardBlueprint } from '@backstage/plugin-catalog-react/alpha';

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

/** The Golden Path service catalog plugin (new frontend system). */
export default createFrontendPlugin({
  pluginId: 'service-catalog',
  extensions: [entityOwnershipCard],
});
