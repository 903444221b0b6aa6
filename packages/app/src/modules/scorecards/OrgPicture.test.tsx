import { discoveryApiRef, fetchApiRef } from '@backstage/frontend-plugin-api';
import { renderInTestApp } from '@backstage/frontend-test-utils';
import { catalogApiRef } from '@backstage/plugin-catalog-react';
import { screen, within } from '@testing-library/react';
import { fakeScorecardBackends } from './fakeScorecardBackends';
import { OrgPicture } from './OrgPicture';

const tierRow = (
  tier: string,
  title: string,
  services: number,
  breaching = 0,
) => ({
  tier,
  title,
  availabilityPercent: 99,
  latencyP99Ms: 100,
  errorRatePercent: 1,
  services,
  meeting: services - breaching,
  breaching,
  noData: 0,
  errors: 0,
  budgetRemaining: null,
});

/** A firing burn-rate alert of one of a service's SLOs. */
const firingAlert = (name: string, sloName: string) => ({
  name: 'page',
  severity: 'page',
  threshold: 14.4,
  longWindow: '1h',
  shortWindow: '5m',
  longBurnRate: 20,
  shortBurnRate: 20,
  sloRef: `component:default/${name}/${sloName}`,
  entityRef: `component:default/${name}`,
  sloName,
});

const ANSWERS = {
  '/slo/v1/overview': {
    tiers: [
      tierRow('critical', 'Mission critical', 2, 1),
      tierRow('important', 'Important', 1),
      tierRow('standard', 'Standard', 0),
      tierRow('best-effort', 'Best effort', 0),
    ],
    totalServices: 4,
    choices: { owner: [], system: [] },
    // Two services burning: a (two alerts: counted once) and b.
    firingAlerts: [
      firingAlert('a', 'availability'),
      firingAlert('a', 'latency'),
      firingAlert('b', 'availability'),
    ],
    tierViolations: [],
    computedAt: null,
  },
  '/readiness/v1/overview': {
    totalServices: 4,
    levels: { none: 2, bronze: 1, silver: 1, gold: 0 },
    meetingRequired: 3,
    statuses: { meets: 3, below: 1, awaiting: 0, 'no-tier': 0 },
    teams: [],
    trend: [],
    failingChecks: [],
    choices: { owner: [], system: [] },
    evaluatedAt: null,
  },
  '/adr/stats': {
    total: 12,
    byStatus: {
      proposed: 5,
      accepted: 6,
      rejected: 0,
      deprecated: 0,
      superseded: 1,
      unknown: 0,
    },
    staleProposed: 2,
    entities: 4,
    entitiesWithErrors: 0,
    staleProposedDays: 30,
  },
};

const TIER_FACET = 'metadata.annotations.golden-path.io/tier';

/** The catalog's facets: 7 components, 2 critical, 1 important, 1 with a tier that is not one, 3 without. */
function fakeCatalog(total = 7) {
  return {
    getEntityFacets: jest.fn(async ({ facets }: { facets: string[] }) => ({
      facets:
        facets[0] === 'kind'
          ? { kind: total ? [{ value: 'Component', count: total }] : [] }
          : {
              [TIER_FACET]: total
                ? [
                    { value: 'critical', count: 2 },
                    { value: 'important', count: 1 },
                    { value: 'urgent', count: 1 },
                  ]
                : [],
            },
    })),
  };
}

function render(
  backends: ReturnType<typeof fakeScorecardBackends>,
  catalogApi = fakeCatalog(),
) {
  return renderInTestApp(<OrgPicture />, {
    apis: [
      [discoveryApiRef, backends.discoveryApi],
      [fetchApiRef, backends.fetchApi],
      [catalogApiRef, catalogApi as any],
    ],
  });
}

describe('OrgPicture', () => {
  it('shows the figures of the three backends, each linking to its page', async () => {
    const backends = fakeScorecardBackends(ANSWERS);
    await render(backends);

    const tiers = await screen.findByRole('region', {
      name: 'Services per tier',
    });
    expect(within(tiers).getByTestId('org-tier-critical')).toHaveTextContent(
      '2',
    );
    expect(within(tiers).getByTestId('org-tier-important')).toHaveTextContent(
      '1',
    );
    expect(within(tiers).getByTestId('org-tier-standard')).toHaveTextContent(
      '0',
    );
    // Without a tier: no annotation, or one that names no tier.
    expect(within(tiers).getByTestId('org-tier-none')).toHaveTextContent('4');
    expect(
      within(tiers).getByRole('link', { name: 'Mission critical' }),
    ).toHaveAttribute(
      'href',
      '/catalog?filters[kind]=component&filters[tier]=critical&filters[user]=all',
    );

    expect(screen.getByTestId('org-readiness-meeting')).toHaveTextContent('3');
    expect(screen.getByTestId('org-readiness-services')).toHaveTextContent('4');
    expect(screen.getByRole('link', { name: 'Readiness' })).toHaveAttribute(
      'href',
      '/readiness',
    );

    expect(screen.getByTestId('org-slo-burning')).toHaveTextContent('2');
    expect(screen.getByTestId('org-slo-breaching')).toHaveTextContent(
      '1 service',
    );
    expect(screen.getByRole('link', { name: 'SLO budgets' })).toHaveAttribute(
      'href',
      '/slo',
    );

    expect(screen.getByTestId('org-adr-proposed')).toHaveTextContent('5');
    expect(
      screen.getByRole('link', { name: '2 for a long time' }),
    ).toHaveAttribute('href', '/adrs?status=proposed&stale=true');
    expect(screen.getByRole('link', { name: 'Decisions' })).toHaveAttribute(
      'href',
      '/adrs?status=proposed',
    );

    // The SLO overview is asked for once, for two figures.
    expect(
      backends.requested.filter(url => url.endsWith('/slo/v1/overview')),
    ).toHaveLength(1);
  });

  it('says in plain words which figure could not be read and shows the others', async () => {
    await render(fakeScorecardBackends(ANSWERS, ['/readiness/']));

    const readiness = await screen.findByRole('region', { name: 'Readiness' });
    expect(readiness).toHaveTextContent(
      'Could not read the readiness scorecards: /readiness/ is down (status 500)',
    );
    expect(screen.queryByText(/Request failed/)).not.toBeInTheDocument();
    expect(screen.getByTestId('org-adr-proposed')).toHaveTextContent('5');
    expect(screen.getByTestId('org-slo-burning')).toHaveTextContent('2');
  });

  it('explains an organisation without services or decisions yet', async () => {
    await render(
      fakeScorecardBackends({
        '/slo/v1/overview': {
          ...ANSWERS['/slo/v1/overview'],
          tiers: ANSWERS['/slo/v1/overview'].tiers.map(t => ({
            ...t,
            services: 0,
            meeting: 0,
            breaching: 0,
          })),
          totalServices: 0,
          firingAlerts: [],
        },
        '/readiness/v1/overview': {
          ...ANSWERS['/readiness/v1/overview'],
          totalServices: 0,
          meetingRequired: 0,
        },
        '/adr/stats': { ...ANSWERS['/adr/stats'], total: 0 },
      }),
      fakeCatalog(0),
    );

    expect(
      await screen.findByText(/No services in the catalog yet/),
    ).toBeInTheDocument();
    expect(
      screen.getByText(/No service has been evaluated yet/),
    ).toBeInTheDocument();
    expect(screen.getByText('No services with SLOs yet.')).toBeInTheDocument();
    expect(
      screen.getByText('No architecture decisions recorded yet.'),
    ).toBeInTheDocument();
  });
});
