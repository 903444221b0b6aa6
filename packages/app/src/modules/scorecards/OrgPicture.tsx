import { Link, Progress } from '@backstage/core-components';
import {
  discoveryApiRef,
  fetchApiRef,
  useApi,
} from '@backstage/frontend-plugin-api';
import { catalogApiRef } from '@backstage/plugin-catalog-react';
import Box from '@mui/material/Box';
import Typography from '@mui/material/Typography';
import useAsync from 'react-use/esm/useAsync';
import { Figure, plural, ScorecardTile } from './ScorecardTile';
import { loadOrgPicture } from './scorecardsData';

/** The catalog filtered to the components of one tier. */
export function tierCatalogLink(tier: string) {
  return `/catalog?filters[kind]=component&filters[tier]=${encodeURIComponent(
    tier,
  )}&filters[user]=all`;
}

/**
 * The organisation at a glance, for the home page: services per tier,
 * services meeting the readiness level their tier requires, SLO budgets
 * burning, proposed ADRs waiting. Each figure links to the page behind it.
 */
export const OrgPicture = () => {
  const discoveryApi = useApi(discoveryApiRef);
  const fetchApi = useApi(fetchApiRef);
  const catalogApi = useApi(catalogApiRef);
  const { value, loading, error } = useAsync(
    () => loadOrgPicture({ discoveryApi, fetchApi, catalogApi }),
    [discoveryApi, fetchApi, catalogApi],
  );
  if (loading) return <Progress aria-label="Loading the organisation" />;
  if (error || !value) {
    return (
      <Typography color="error">
        Could not read the organisation's scorecards: {error?.message}
      </Typography>
    );
  }
  return (
    <Box
      sx={{
        display: 'grid',
        gap: 2,
        gridTemplateColumns: 'repeat(auto-fit, minmax(200px, 1fr))',
      }}
    >
      <ScorecardTile
        title="Services per tier"
        to="/services"
        source="the catalog"
        loaded={value.tiers}
        testId="org-tiers"
      >
        {tiers =>
          tiers.total === 0 ? (
            <Typography variant="body2">
              No services in the catalog yet.{' '}
              <Link to="/create">Create one</Link> or{' '}
              <Link to="/catalog-import">register one</Link>.
            </Typography>
          ) : (
            <Box
              component="ul"
              sx={{ listStyle: 'none', p: 0, m: 0, display: 'grid', gap: 0.5 }}
            >
              {tiers.rows.map(row => (
                <Box
                  component="li"
                  key={row.tier}
                  sx={{ display: 'flex', justifyContent: 'space-between' }}
                >
                  <Link to={tierCatalogLink(row.tier)}>{row.title}</Link>
                  <span data-testid={`org-tier-${row.tier}`}>
                    {row.services}
                  </span>
                </Box>
              ))}
              <Box
                component="li"
                sx={{ display: 'flex', justifyContent: 'space-between' }}
              >
                <Link to="/services">No tier</Link>
                <span data-testid="org-tier-none">{tiers.noTier}</span>
              </Box>
            </Box>
          )
        }
      </ScorecardTile>
      <ScorecardTile
        title="Readiness"
        to="/readiness"
        source="the readiness scorecards"
        loaded={value.readiness}
        testId="org-readiness"
      >
        {readiness =>
          readiness.services === 0 ? (
            <Typography variant="body2">
              No service has been evaluated yet; levels appear shortly after the
              catalog has been read.
            </Typography>
          ) : (
            <Figure
              value={
                <>
                  <span data-testid="org-readiness-meeting">
                    {readiness.meeting}
                  </span>{' '}
                  <Typography component="span" variant="h6">
                    of{' '}
                    <span data-testid="org-readiness-services">
                      {readiness.services}
                    </span>
                  </Typography>
                </>
              }
              label="services meet the level their tier requires"
            />
          )
        }
      </ScorecardTile>
      <ScorecardTile
        title="SLO budgets"
        to="/slo"
        source="the SLOs"
        loaded={value.slo}
        testId="org-slo"
      >
        {slo =>
          slo.services === 0 ? (
            <Typography variant="body2">No services with SLOs yet.</Typography>
          ) : (
            <Figure
              value={<span data-testid="org-slo-burning">{slo.burning}</span>}
              label={
                <>
                  {slo.burning === 1 ? 'service is' : 'services are'} burning
                  budget fast (burn-rate alert firing);{' '}
                  <span data-testid="org-slo-breaching">
                    {plural(slo.breaching, 'service')}
                  </span>{' '}
                  out of budget
                </>
              }
            />
          )
        }
      </ScorecardTile>
      <ScorecardTile
        title="Decisions"
        to="/adrs?status=proposed"
        source="the architecture decisions"
        loaded={value.adr}
        testId="org-adr"
      >
        {adr =>
          adr.total === 0 ? (
            <Typography variant="body2">
              No architecture decisions recorded yet.
            </Typography>
          ) : (
            <Figure
              value={<span data-testid="org-adr-proposed">{adr.proposed}</span>}
              label={
                <>
                  proposed {adr.proposed === 1 ? 'ADR waits' : 'ADRs wait'} for
                  a decision
                  {adr.staleProposed > 0 && (
                    <>
                      {' '}
                      (
                      <Link to="/adrs?status=proposed&stale=true">
                        {adr.staleProposed} for a long time
                      </Link>
                      )
                    </>
                  )}
                </>
              }
            />
          )
        }
      </ScorecardTile>
    </Box>
  );
};
