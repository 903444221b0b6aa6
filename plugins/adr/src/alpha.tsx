import {
  ApiBlueprint,
  createFrontendPlugin,
  createRouteRef,
  discoveryApiRef,
  fetchApiRef,
  PageBlueprint,
} from '@backstage/frontend-plugin-api';
import { EntityContentBlueprint } from '@backstage/plugin-catalog-react/alpha';
import {
  SearchFilterResultTypeBlueprint,
  SearchResultListItemBlueprint,
} from '@backstage/plugin-search-react/alpha';
import { RiFileList3Line } from '@remixicon/react';
import { adrApiRef } from './api/AdrApi';
import { AdrClient } from './api/AdrClient';
import { isAdrAvailable } from './isAdrAvailable';

/**
 * The ADR client over the app's discovery and fetch APIs.
 * @public
 */
export const adrApi = ApiBlueprint.make({
  params: defineParams =>
    defineParams({
      api: adrApiRef,
      deps: { discoveryApi: discoveryApiRef, fetchApi: fetchApiRef },
      factory: ({ discoveryApi, fetchApi }) =>
        new AdrClient({ discoveryApi, fetchApi }),
    }),
});

const adrRootRouteRef = createRouteRef();

/**
 * The org-wide page at /adrs (its reader below it), also the "Decisions"
 * item of the sidebar: in this version of the new frontend system a page's
 * title and icon make its nav item, and the app draws the page header from
 * them (the page does not draw one of its own).
 * @public
 */
export const adrIndexPage = PageBlueprint.make({
  params: {
    path: '/adrs',
    routeRef: adrRootRouteRef,
    title: 'Decisions',
    icon: <RiFileList3Line />,
    loader: () =>
      import('./components/AdrIndexPage/AdrIndexPage').then(m => (
        <m.AdrIndexPage header={false} />
      )),
  },
});

/**
 * The "Decisions" tab on entities that carry golden-path.io/adr-location.
 * @public
 */
export const entityAdrContent = EntityContentBlueprint.make({
  params: {
    path: 'decisions',
    title: 'Decisions',
    filter: entity => isAdrAvailable(entity),
    loader: () =>
      import('./components/EntityAdrContent/EntityAdrContent').then(m => (
        <m.EntityAdrContent />
      )),
  },
});

/**
 * ADRs in the search results: title, matching words, status, entity and owner by title.
 * @public
 */
export const adrSearchResultListItem = SearchResultListItemBlueprint.make({
  params: {
    icon: <RiFileList3Line />,
    predicate: result => result.type === 'adr',
    component: () =>
      import(
        './components/AdrSearchResultListItem/AdrSearchResultListItem'
      ).then(m => m.AdrSearchResultListItem),
  },
});

/**
 * "Decisions" among the result types of the search page.
 * @public
 */
export const adrSearchResultType = SearchFilterResultTypeBlueprint.make({
  params: {
    value: 'adr',
    name: 'Decisions',
    icon: <RiFileList3Line />,
  },
});

/** The ADR browser plugin (new frontend system). */
export default createFrontendPlugin({
  pluginId: 'adr',
  title: 'Decisions',
  icon: <RiFileList3Line />,
  routes: { root: adrRootRouteRef },
  extensions: [
    adrApi,
    adrIndexPage,
    entityAdrContent,
    adrSearchResultListItem,
    adrSearchResultType,
  ],
});
