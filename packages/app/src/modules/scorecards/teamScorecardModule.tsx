import { ReactRouterV6PageRouter } from '@backstage/frontend-adapter-react-router-v6';
import { createFrontendModule } from '@backstage/frontend-plugin-api';
import {
  EntityCardBlueprint,
  EntityContentBlueprint,
} from '@backstage/plugin-catalog-react/alpha';

/**
 * The "Scorecard" tab on Group pages: the team's readiness, SLOs and ADRs
 * (read from the readiness, SLO and ADR backends) and its services.
 */
export const teamScorecardContent = EntityContentBlueprint.make({
  name: 'team-scorecard',
  params: {
    path: 'scorecard',
    title: 'Scorecard',
    filter: { kind: 'group' },
    loader: () =>
      import('./TeamScorecard').then(m => (
        <ReactRouterV6PageRouter>
          <m.TeamScorecard />
        </ReactRouterV6PageRouter>
      )),
  },
});

/** The team scorecard in three lines on the Group's overview. */
export const teamScorecardCard = EntityCardBlueprint.make({
  name: 'team-scorecard',
  params: {
    type: 'info',
    filter: { kind: 'group' },
    loader: () =>
      import('./TeamScorecardCard').then(m => <m.TeamScorecardCard />),
  },
});

/** Adds the team scorecard to the catalog's entity pages. */
export const teamScorecardModule = createFrontendModule({
  pluginId: 'catalog',
  extensions: [teamScorecardContent, teamScorecardCard],
});
