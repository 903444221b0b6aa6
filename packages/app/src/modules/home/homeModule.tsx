import { createFrontendModule } from '@backstage/frontend-plugin-api';
import { HomePageWidgetBlueprint } from '@backstage/plugin-home-react/alpha';
import { MarkdownContent } from '@backstage/core-components';

const content = `
## Welcome to Golden Path

The internal developer portal for every service in the organisation.

- **Browse the catalog**: every service, API, system and team, with its
  owner and lifecycle, in the [Software Catalog](/catalog).
- **Create a service**: start from a [golden-path template](/create) and
  get a registered, documented, runnable service.
- **Explore the APIs** your services provide and consume in [APIs](/api-docs).
- **Find catalog errors**: entities that failed validation are listed under
  [Unprocessed entities](/catalog-unprocessed-entities).

Architecture decisions, SLO tiers and readiness scorecards appear in the
sidebar as their plugins land.
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

export const homeModule = createFrontendModule({
  pluginId: 'home',
  extensions: [gettingStartedWidget],
});
