import {
  ApiBlueprint,
  createFrontendPlugin,
  createRouteRef,
  discoveryApiRef,
  fetchApiRef,
  PageBlueprint,
} from '@backstage/frontend-plugin-api';
import { EntityCardBlueprint } from '@backstage/plugin-catalog-react/alpha';
import { RiDashboard3Line } from '@remixicon/react';
import { sloApiRef } from './api/SloApi';
import { SloClient } from './api/SloClient';
import { isSloAvailable } from './isSloAvailable';

/**
 * The SLO client over the app's discovery and fetch APIs.
 * @public
 */
export const sloApi = ApiBlueprint.make({
  params: defineParams =>
    defineParams({
      api: sloApiRef,
      deps: { discoveryApi: discoveryApiRef, fetchApi: fetchApiRef },
      factory: ({ discoveryApi, fetchApi }) =>
        new SloClient({ discoveryApi, fetchApi }),
    }),
});

const sloRootRouteRef = createRouteRef();

/**
 * The SLO tier dashboard at /slo, also the "SLOs" item of the sidebar (a
 * page's title and icon make its nav item). The app's page header names it,
 * as on every page; the page draws no header of its own.
 * @public
 */
export const sloPage = PageBlueprint.make({
  params: {
    path: '/slo',
    routeRef: sloRootRouteRef,
    title: 'SLOs',
    icon: <RiDashboard3Line />,
    loader: () =>
      import('./components/SloPage/SloPage').then(m => <m.SloPage noHeader />),
  },
});

/**
 * The "SLOs" card on entities with golden-path.io/tier or golden-path.io/slo.
 * A content card: the burn-down chart needs the width.
 * @public
 */
export const entitySloCard = EntityCardBlueprint.make({
  params: {
    type: 'content',
    filter: entity => isSloAvailable(entity),
    loader: () =>
      import('./components/EntitySloCard/EntitySloCard').then(m => (
        <m.EntitySloCard />
      )),
  },
});

/** The SLO tier dashboard plugin (new frontend system). */
export default createFrontendPlugin({
  pluginId: 'slo',
  title: 'SLOs',
  icon: <RiDashboard3Line />,
  routes: { root: sloRootRouteRef },
  extensions: [sloApi, sloPage, entitySloCard],
});
