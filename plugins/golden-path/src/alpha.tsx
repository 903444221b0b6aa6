import {
  ApiBlueprint,
  createFrontendPlugin,
  createRouteRef,
  discoveryApiRef,
  fetchApiRef,
  PageBlueprint,
} from '@backstage/frontend-plugin-api';
import { EntityCardBlueprint } from '@backstage/plugin-catalog-react/alpha';
import { RiRouteLine } from '@remixicon/react';
import { goldenPathApiRef } from './api/GoldenPathApi';
import { GoldenPathClient } from './api/GoldenPathClient';
import { isGoldenPathAvailable } from './isGoldenPathAvailable';

/**
 * The golden-path client over the app's discovery and fetch APIs.
 * @public
 */
export const goldenPathApi = ApiBlueprint.make({
  params: defineParams =>
    defineParams({
      api: goldenPathApiRef,
      deps: { discoveryApi: discoveryApiRef, fetchApi: fetchApiRef },
      factory: ({ discoveryApi, fetchApi }) =>
        new GoldenPathClient({ discoveryApi, fetchApi }),
    }),
});

const goldenPathRootRouteRef = createRouteRef();

/**
 * The drift view and fleet upgrades at /golden-path, also the "Golden
 * path" item of the sidebar (a page's title and icon make its nav item).
 * The app's page header names it; the page draws no header of its own.
 * @public
 */
export const goldenPathPage = PageBlueprint.make({
  params: {
    path: '/golden-path',
    routeRef: goldenPathRootRouteRef,
    title: 'Golden path',
    icon: <RiRouteLine />,
    loader: () =>
      import('./components/GoldenPathPage/GoldenPathPage').then(m => (
        <m.GoldenPathPage noHeader />
      )),
  },
});

/**
 * The "Golden path" card on components: template, version against the
 * latest, chassis, changes since, "Upgrade to vX"; components without a
 * template say so.
 * @public
 */
export const entityGoldenPathCard = EntityCardBlueprint.make({
  params: {
    filter: entity => isGoldenPathAvailable(entity),
    loader: () =>
      import('./components/EntityGoldenPathCard/EntityGoldenPathCard').then(
        m => <m.EntityGoldenPathCard />,
      ),
  },
});

/** The golden-path plugin (new frontend system). */
export default createFrontendPlugin({
  pluginId: 'golden-path',
  title: 'Golden path',
  icon: <RiRouteLine />,
  routes: { root: goldenPathRootRouteRef },
  extensions: [goldenPathApi, goldenPathPage, entityGoldenPathCard],
});
