import { stringifyEntityRef } from '@backstage/catalog-model';
import { InfoCard, Progress } from '@backstage/core-components';
import {
  discoveryApiRef,
  fetchApiRef,
  useApi,
} from '@backstage/frontend-plugin-api';
import { useEntity, useEntityRefLink } from '@backstage/plugin-catalog-react';
import Box from '@mui/material/Box';
import Typography from '@mui/material/Typography';
import useAsync from 'react-use/esm/useAsync';
import { plural } from './ScorecardTile';
import { Loaded, loadTeamScorecard } from './scorecardsData';

function line<T>(loaded: Loaded<T>, source: string, say: (value: T) => string) {
  return 'error' in loaded
    ? `Could not read ${source}: ${loaded.error.message}`
    : say(loaded.value);
}

/**
 * The team scorecard in three lines on the Group's overview, linking to the
 * Scorecard tab.
 */
export const TeamScorecardCard = () => {
  const { entity } = useEntity();
  const groupRef = stringifyEntityRef(entity);
  const entityLink = useEntityRefLink();
  const discoveryApi = useApi(discoveryApiRef);
  const fetchApi = useApi(fetchApiRef);
  const { value, loading, error } = useAsync(
    () => loadTeamScorecard({ discoveryApi, fetchApi }, groupRef),
    [discoveryApi, fetchApi, groupRef],
  );
  const tab = `${entityLink(groupRef)}/scorecard`;
  let body;
  if (loading) body = <Progress />;
  else if (error || !value) {
    body = (
      <Typography color="error">
        Could not read the team's scorecard: {error?.message}
      </Typography>
    );
  } else {
    body = (
      <Box component="ul" sx={{ m: 0, pl: 2 }} data-testid="team-summary">
        <li>
          {line(value.readiness, 'the readiness scorecards', r =>
            r.services === 0
              ? 'Readiness: no service evaluated yet'
              : `Readiness: ${r.meeting} of ${plural(
                  r.services,
                  'service',
                )} meet the level their tier requires`,
          )}
        </li>
        <li>
          {line(value.slo, 'the SLOs', s =>
            s.services === 0
              ? 'SLOs: no service with SLOs'
              : `SLOs: ${s.burning} burning budget fast, ${s.breaching} out of budget`,
          )}
        </li>
        <li>
          {line(value.adr, 'the architecture decisions', a =>
            a.total === 0
              ? 'Decisions: none recorded'
              : `Decisions: ${plural(a.total, 'ADR')}, ${
                  a.proposedCount
                } proposed`,
          )}
        </li>
      </Box>
    );
  }
  return (
    <InfoCard
      title="Team scorecard"
      deepLink={{ title: 'Open the scorecard', link: tab }}
    >
      {body}
    </InfoCard>
  );
};
