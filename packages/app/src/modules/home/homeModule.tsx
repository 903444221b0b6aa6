import { createFrontendModule } from '@backstage/frontend-plugin-api';
import {
  HomePageLayoutBlueprint,
  HomePageWidgetBlueprint,
} from '@backstage/plugin-home-react/alpha';
import homePlugin from '@backstage/plugin-home/alpha';
import { MarkdownContent } from '@backstage/core-components';

const content = `
## Welcome to Golden Path

The internal developer portal for every service in the organisation.

- **Browse the catalog**: every service, API, system and team, with its
  owner and lifecycle, in the [Software Catalog](/catalog); services by
  team, domain and tier under [Services](/services).
- **Create a service**: start from a [golden-path template](/create) and
  get a registered, documented, runnable service.
- **Explore the APIs** your services provide and consume in [APIs](/api-docs).
- **Review the scorecards**: [readiness](/readiness) against the level each
  tier requires, [SLOs](/slo) and their error budgets, and the
  [architecture decisions](/adrs) of every service.
- **See how it fits together** in the [catalog graph](/catalog-graph), and
  fix entities that failed validation under
  [Unprocessed](/catalog-unprocessed-entities).
`;

const gettingStartedWidget = HomePageWidgetBlueprint.make({
  name: 'getting-started',
  params: {
    name: 'GettingStarted',
    title: 'Getting started',
    description: 'What the Golden Path portal offers and where to start',
    components: async () => ({
      Content: () => <MarkdownContent content={content} />,
    }),
  },
});

const orgPictureWidget = HomePageWidgetBlueprint.make({
  name: 'org-picture',
  params: {
    name: 'OrgPicture',
    title: 'The organisation at a glance',
    description:
      'Services per tier, readiness, SLO budgets burning and proposed ADRs',
    components: () =>
      import('../scorecards/OrgPicture').then(m => ({ Content: m.OrgPicture })),
  },
});

/**
 * The home page with the frontend system's page header, like every other
 * page (the home plugin turns its header off).
 */
const homePageWithHeader = homePlugin
  .getExtension('page:home')
  .override({ params: { noHeader: false } });

/**
 * The home page's grid with twelve columns at 1280 px too (see
 * `HomePageLayout`), so the cards app-config places side by side stay so.
 */
const homePageLayout = HomePageLayoutBlueprint.make({
  params: {
    loader: () => import('./HomePageLayout').then(m => m.HomePageLayout),
  },
});

export const homeModule = createFrontendModule({
  pluginId: 'home',
  extensions: [
    homePageWithHeader,
    homePageLayout,
    gettingStartedWidget,
    orgPictureWidget,
  ],
});
