import {
  ApiBlueprint,
  createFrontendPlugin,
  createRouteRef,
  discoveryApiRef,
  fetchApiRef,
  PageBlueprint,
} from '@backstage/frontend-plugin-api';
import {
  EntityCardBlueprint,
  EntityContentBlueprint,
} from '@backstage/plugin-catalog-react/alpha';
import { RiMedalLine } from '@remixicon/react';
import { readinessApiRef } from './api/ReadinessApi';
import { ReadinessClient } from './api/ReadinessClient';
import { isReadinessAvailable } from './isReadinessAvailable';

/**
 * The readiness client over the app's discovery and fetch APIs.
 * @public
 */
export const readinessApi = ApiBlueprint.make({
  params: defineParams =>
    defineParams({
      api: readinessApiRef,
      deps: { discoveryApi: discoveryApiRef, fetchApi: fetchApiRef },
      factory: ({ discoveryApi, fetchApi }) =>
        new ReadinessClient({ discoveryApi, fetchApi }),
    }),
});

const readinessRootRouteRef = createRouteRef();

/**
 * The readiness scorecards at /readiness, also the "Readiness" item of the
 * sidebar (a page's title and icon make its nav item). The app's page
 * header names it, as on every page; the page draws no header of its own.
 * @public
 */
export const readinessPage = PageBlueprint.make({
  params: {
    path: '/readiness',
    routeRef: readinessRootRouteRef,
    title: 'Readiness',
    icon: <RiMedalLine />,
    loader: () =>
      import('./components/ReadinessPage/ReadinessPage').then(m => (
        <m.ReadinessPage noHeader />
      )),
  },
});

/**
 * The "Readiness" tab on components.
 * @public
 */
export const entityReadinessContent = EntityContentBlueprint.make({
  params: {
    path: 'readiness',
    title: 'Readiness',
    filter: entity => isReadinessAvailable(entity),
    loader: () =>
      import('./components/EntityReadinessContent/EntityReadinessContent').then(
        m => <m.EntityReadinessContent />,
      ),
  },
});

/**
 * The small "Readiness" card (level badge) on components' overview.
 * @public
 */
export const entityReadinessCard = EntityCardBlueprint.make({
  params: {
    type: 'info',
    filter: entity => isReadinessAvailable(entity),
    loader: () =>
      import('./components/EntityReadinessCard/EntityReadinessCard').then(m => (
        <m.EntityReadinessCard />
      )),
  },
});

/** The readiness scorecards plugin (new frontend system). */
export default createFrontendPlugin({
  pluginId: 'readiness',
  title: 'Readiness',
  icon: <RiMedalLine />,
  routes: { root: readinessRootRouteRef },
  extensions: [
    readinessApi,
    readinessPage,
    entityReadinessContent,
    entityReadinessCard,
  ],
});
