import { stringifyEntityRef } from '@backstage/catalog-model';
import { EmptyState, Link, Progress } from '@backstage/core-components';
import {
  discoveryApiRef,
  fetchApiRef,
  useApi,
} from '@backstage/frontend-plugin-api';
import {
  EntityRefLink,
  useEntity,
  useEntityRefLink,
} from '@backstage/plugin-catalog-react';
import { TierChip } from '@golden-path/plugin-golden-path-react';
import {
  LEVEL_TITLES,
  LevelOrNone,
} from '@golden-path/plugin-readiness-common';
import Box from '@mui/material/Box';
import Stack from '@mui/material/Stack';
import Table from '@mui/material/Table';
import TableBody from '@mui/material/TableBody';
import TableCell from '@mui/material/TableCell';
import TableHead from '@mui/material/TableHead';
import TableRow from '@mui/material/TableRow';
import Typography from '@mui/material/Typography';
import useAsync from 'react-use/esm/useAsync';
import { Figure, plural, ScorecardTile } from './ScorecardTile';
import { loadTeamScorecard, TeamService } from './scorecardsData';

const SLO_STATUS_TITLES: Record<string, string> = {
  ok: 'Within budget',
  warning: 'Budget running low',
  breaching: 'Out of budget',
  'no-data': 'No data yet',
  error: 'Cannot be evaluated',
};

const levelTitle = (level: LevelOrNone) => LEVEL_TITLES[level] ?? level;

/** "/adrs/component/default/x/docs/0001-y.md", each segment encoded. */
export function adrReaderHref(entityRef: string, path: string) {
  const colon = entityRef.indexOf(':');
  const slash = entityRef.indexOf('/');
  const segments = [
    entityRef.slice(0, colon),
    entityRef.slice(colon + 1, slash),
    entityRef.slice(slash + 1),
    ...path.split('/'),
  ];
  return `/adrs/${segments.map(encodeURIComponent).join('/')}`;
}

/**
 * The service's level and where it stands against its tier, in the
 * readiness page's words: "Awaiting first collection" while checks wait for
 * their facts (its level is not known yet), "No tier set" for a service
 * without a tier (no level is required of it).
 */
const ReadinessCell = ({ service }: { service: TeamService }) => {
  const readiness = service.readiness;
  if (!readiness) return <>Not evaluated yet</>;
  const awaited = readiness.awaiting > 0 && readiness.status !== 'meets';
  const level = awaited
    ? 'Awaiting first collection'
    : levelTitle(readiness.level);
  if (readiness.status === 'no-tier') {
    return (
      <>
        {!awaited && readiness.level === 'none'
          ? 'No tier set'
          : `${level}, no tier set`}
      </>
    );
  }
  if (readiness.status === 'meets') return <>{level}, meets its tier</>;
  return (
    <>
      {level}, needs {levelTitle(readiness.requiredLevel)}
    </>
  );
};

const FailingChecksCell = ({ service }: { service: TeamService }) => {
  const entityLink = useEntityRefLink();
  const readiness = service.readiness;
  if (!readiness) return <>—</>;
  // A row lists only its first few failing checks; failingCount counts all.
  const failing = readiness.failingChecks;
  const count = Math.max(readiness.failingCount, failing.length);
  if (count === 0) return <>None</>;
  const shown = failing.slice(0, 2).map(check => check.title);
  const more = count - shown.length;
  let text = shown.join(', ');
  if (shown.length === 0) text = plural(count, 'failing check');
  else if (more > 0) text += ` and ${more} more`;
  return <Link to={`${entityLink(service.entityRef)}/readiness`}>{text}</Link>;
};

const SloCell = ({ service }: { service: TeamService }) => {
  const slo = service.slo;
  if (!slo) return <>—</>;
  let budget = '';
  if (slo.budgetRemaining !== null && slo.budgetRemaining < 0) {
    budget = ` (overspent by ${Math.round(-slo.budgetRemaining * 100)} %)`;
  } else if (slo.budgetRemaining !== null) {
    budget = ` (${Math.round(slo.budgetRemaining * 100)} % left)`;
  }
  return (
    <>
      {SLO_STATUS_TITLES[slo.status] ?? slo.status}
      {budget}
      {slo.firingAlerts > 0 && (
        <Typography variant="body2" color="error" component="span">
          {' '}
          · burning fast
        </Typography>
      )}
    </>
  );
};

/**
 * A team's scorecard on its Group page: how many of its services meet the
 * readiness level their tier requires and which checks fail, whose SLO
 * budgets burn, its ADRs and those waiting for a decision, and its
 * services, each linking to its page.
 */
export const TeamScorecard = () => {
  const { entity } = useEntity();
  const groupRef = stringifyEntityRef(entity);
  const discoveryApi = useApi(discoveryApiRef);
  const fetchApi = useApi(fetchApiRef);
  const { value, loading, error } = useAsync(
    () => loadTeamScorecard({ discoveryApi, fetchApi }, groupRef),
    [discoveryApi, fetchApi, groupRef],
  );
  const owner = encodeURIComponent(groupRef);

  if (loading) return <Progress />;
  if (error || !value) {
    return (
      <Typography color="error">
        Could not read the team's scorecard: {error?.message}
      </Typography>
    );
  }
  return (
    <Stack spacing={3} data-testid="team-scorecard">
      <Box
        sx={{
          display: 'grid',
          gap: 2,
          gridTemplateColumns: 'repeat(auto-fit, minmax(220px, 1fr))',
        }}
      >
        <ScorecardTile
          title="Readiness"
          to={`/readiness?owner=${owner}`}
          source="the readiness scorecards"
          loaded={value.readiness}
          testId="team-readiness"
        >
          {readiness =>
            readiness.services === 0 ? (
              <Typography variant="body2">
                No service of this team has been evaluated yet.
              </Typography>
            ) : (
              <Figure
                value={
                  <>
                    <span data-testid="team-readiness-meeting">
                      {readiness.meeting}
                    </span>{' '}
                    <Typography component="span" variant="h6">
                      of {readiness.services}
                    </Typography>
                  </>
                }
                label={`services meet the level their tier requires; ${plural(
                  readiness.failing,
                  'service',
                )} with failing checks`}
              />
            )
          }
        </ScorecardTile>
        <ScorecardTile
          title="SLOs"
          to={`/slo?owner=${owner}`}
          source="the SLOs"
          loaded={value.slo}
          testId="team-slo"
        >
          {slo =>
            slo.services === 0 ? (
              <Typography variant="body2">
                This team owns no service with SLOs.
              </Typography>
            ) : (
              <Figure
                value={
                  <span data-testid="team-slo-burning">{slo.burning}</span>
                }
                label={`of ${plural(
                  slo.services,
                  'service',
                )} burning budget fast; ${slo.breaching} out of budget`}
              />
            )
          }
        </ScorecardTile>
        <ScorecardTile
          title="Decisions"
          to={`/adrs?owner=${owner}`}
          source="the architecture decisions"
          loaded={value.adr}
          testId="team-adr"
        >
          {adr =>
            adr.total === 0 ? (
              <Typography variant="body2">
                No architecture decisions recorded for this team's services.
              </Typography>
            ) : (
              <>
                <Figure
                  value={<span data-testid="team-adr-total">{adr.total}</span>}
                  label={
                    <>
                      ADRs,{' '}
                      <Link to={`/adrs?owner=${owner}&status=proposed`}>
                        {adr.proposedCount} proposed
                      </Link>
                    </>
                  }
                />
                {adr.proposed.length > 0 && (
                  <Box component="ul" sx={{ pl: 2, mb: 0 }}>
                    {adr.proposed.map(item => (
                      <li key={`${item.entityRef}/${item.path}`}>
                        <Link to={adrReaderHref(item.entityRef, item.path)}>
                          {item.title ?? item.slug}
                        </Link>
                      </li>
                    ))}
                  </Box>
                )}
              </>
            )
          }
        </ScorecardTile>
      </Box>
      {value.services.length === 0 ? (
        <EmptyState
          missing="data"
          title="This team owns no services"
          description="Services appear here once their catalog entry names this team as spec.owner."
        />
      ) : (
        <Box component="section" aria-label="Services">
          <Typography variant="h6" component="h3" sx={{ mb: 1 }}>
            {plural(value.services.length, 'service')}
          </Typography>
          <Table
            size="small"
            aria-label="The team's services"
            // Headers read as words: "SLO" broke into "SL" and "O" at
            // 1280 px while the failing checks took the width.
            sx={{ '& th': { whiteSpace: 'nowrap' } }}
          >
            <TableHead>
              <TableRow>
                <TableCell>Service</TableCell>
                <TableCell>Tier</TableCell>
                <TableCell>Readiness</TableCell>
                <TableCell>Failing checks</TableCell>
                <TableCell>SLO</TableCell>
              </TableRow>
            </TableHead>
            <TableBody>
              {value.services.map(service => (
                <TableRow key={service.entityRef}>
                  <TableCell>
                    <EntityRefLink
                      entityRef={service.entityRef}
                      title={service.title}
                    />
                  </TableCell>
                  <TableCell sx={{ whiteSpace: 'nowrap' }}>
                    <TierChip tier={service.tier} emptyLabel="No tier" />
                  </TableCell>
                  <TableCell>
                    <ReadinessCell service={service} />
                  </TableCell>
                  <TableCell>
                    <FailingChecksCell service={service} />
                  </TableCell>
                  <TableCell>
                    <SloCell service={service} />
                  </TableCell>
                </TableRow>
              ))}
            </TableBody>
          </Table>
        </Box>
      )}
    </Stack>
  );
};
