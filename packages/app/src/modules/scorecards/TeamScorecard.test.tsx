import { Entity } from '@backstage/catalog-model';
import { discoveryApiRef, fetchApiRef } from '@backstage/frontend-plugin-api';
import { renderInTestApp } from '@backstage/frontend-test-utils';
import {
  EntityProvider,
  entityRouteRef,
} from '@backstage/plugin-catalog-react';
import type { TierName } from '@golden-path/plugin-golden-path-common';
import {
  LevelOrNone,
  readinessStatusOf,
} from '@golden-path/plugin-readiness-common';
import { screen, within } from '@testing-library/react';
import { fakeScorecardBackends } from './fakeScorecardBackends';
import { TeamScorecard } from './TeamScorecard';
import { TeamScorecardCard } from './TeamScorecardCard';

const team: Entity = {
  apiVersion: 'backstage.io/v1alpha1',
  kind: 'Group',
  metadata: {
    name: 'team-checkout',
    namespace: 'default',
    title: 'Checkout team',
  },
  spec: { type: 'team', children: [] },
};
const OWNER = encodeURIComponent('group:default/team-checkout');

const readinessRow = (
  name: string,
  title: string | null,
  tier: string | null,
  level: string,
  requiredLevel: string,
  meetsRequired: boolean,
  failing: string[],
  awaiting = 0,
  failingCount = failing.length,
) => ({
  entityRef: `component:default/${name}`,
  title,
  owner: 'group:default/team-checkout',
  system: null,
  tier,
  level,
  requiredLevel,
  meetsRequired,
  status: readinessStatusOf({
    tier: tier as TierName | null,
    level: level as LevelOrNone,
    requiredLevel: requiredLevel as LevelOrNone,
    awaiting,
  }),
  passed: 5,
  applicable: 8,
  awaiting,
  domain: null,
  failingCount,
  failingChecks: failing.slice(0, 4).map(checkTitle => ({
    id: checkTitle.toLowerCase().replace(/ /g, '-'),
    title: checkTitle,
    category: 'operations',
    level: 'silver',
  })),
});

const sloRow = (
  name: string,
  title: string | null,
  tier: string | null,
  status: string,
  budgetRemaining: number | null,
  firingAlerts: number,
) => ({
  entityRef: `component:default/${name}`,
  title,
  owner: 'group:default/team-checkout',
  system: null,
  tier,
  status,
  budgetRemaining,
  burnRate: null,
  firingAlerts,
  tierViolations: 0,
  sloCount: 2,
});

const adr = (path: string, title: string) => ({
  entityRef: 'component:default/order-service',
  path,
  number: 3,
  slug: path.replace(/\.md$/, ''),
  title,
  status: 'proposed',
  statusRaw: 'Proposed',
  date: '2026-01-01',
  decisionMakers: [],
  format: 'madr-3',
  owner: 'group:default/team-checkout',
  system: 'system:default/orders',
  supersedes: [],
  supersededBy: [],
  staleProposed: false,
  firstSeenAt: '2026-01-01T00:00:00Z',
  warnings: [],
});

/** One page of a paged route, as `/v1/services` answers it. */
const page = <T,>(items: T[], totalItems = items.length, offset = 0) => ({
  items,
  totalItems,
  offset,
  limit: 500,
});

const READINESS_ROWS = `/readiness/v1/services?owner=${OWNER}&limit=500&offset=0`;
const SLO_ROWS = `/slo/v1/services?owner=${OWNER}&limit=500&offset=0`;

const readinessOverview = (totalServices: number, meetingRequired: number) => ({
  totalServices,
  levels: { none: 0, bronze: 0, silver: 1, gold: 1 },
  meetingRequired,
  statuses: { meets: meetingRequired, below: 0, awaiting: 0, 'no-tier': 0 },
  teams: [],
  trend: [],
  failingChecks: [],
  choices: { owner: [], system: [] },
  evaluatedAt: null,
});

const ANSWERS = {
  [`/readiness/v1/overview?owner=${OWNER}`]: readinessOverview(2, 1),
  [READINESS_ROWS]: page([
    readinessRow(
      'order-service',
      'Order service',
      'critical',
      'silver',
      'gold',
      false,
      ['Runbook linked', 'Load tested', 'Chaos tested'],
    ),
    readinessRow('cart-service', null, 'standard', 'gold', 'bronze', true, []),
  ]),
  [SLO_ROWS]: page([
    sloRow('order-service', 'Order service', 'critical', 'breaching', -0.2, 1),
    sloRow('cart-service', null, 'standard', 'ok', 0.83, 0),
  ]),
  [`/adr/adrs?owner=${OWNER}&limit=1`]: {
    items: [],
    totalCount: 7,
    counts: {
      proposed: 2,
      accepted: 5,
      rejected: 0,
      deprecated: 0,
      superseded: 0,
      unknown: 0,
    },
    staleProposedCount: 0,
  },
  [`/adr/adrs?owner=${OWNER}&status=proposed&limit=5`]: {
    items: [
      adr('0003-use-nats.md', 'Use NATS for events'),
      adr('docs/0004-split-db.md', 'Split the database'),
    ],
    totalCount: 2,
    counts: {},
    staleProposedCount: 0,
  },
};

function render(backends: ReturnType<typeof fakeScorecardBackends>) {
  return renderInTestApp(
    <EntityProvider entity={team}>
      <TeamScorecard />
    </EntityProvider>,
    {
      apis: [
        [discoveryApiRef, backends.discoveryApi],
        [fetchApiRef, backends.fetchApi],
      ],
      mountedRoutes: { '/catalog/:namespace/:kind/:name': entityRouteRef },
    },
  );
}

describe('TeamScorecard', () => {
  it("sums up the team's readiness, SLOs and ADRs and lists its services by title", async () => {
    const backends = fakeScorecardBackends(ANSWERS);
    await render(backends);

    expect(
      await screen.findByTestId('team-readiness-meeting'),
    ).toHaveTextContent('1');
    const readiness = screen.getByRole('region', { name: 'Readiness' });
    expect(readiness).toHaveTextContent(
      '1 of 2services meet the level their tier requires; 1 service with failing checks',
    );
    expect(
      within(readiness).getByRole('link', { name: 'Readiness' }),
    ).toHaveAttribute('href', `/readiness?owner=${OWNER}`);

    const slo = screen.getByRole('region', { name: 'SLOs' });
    expect(within(slo).getByTestId('team-slo-burning')).toHaveTextContent('1');
    expect(slo).toHaveTextContent(
      'of 2 services burning budget fast; 1 out of budget',
    );

    const decisions = screen.getByRole('region', { name: 'Decisions' });
    expect(within(decisions).getByTestId('team-adr-total')).toHaveTextContent(
      '7',
    );
    expect(
      within(decisions).getByRole('link', { name: '2 proposed' }),
    ).toHaveAttribute('href', `/adrs?owner=${OWNER}&status=proposed`);
    expect(
      within(decisions).getByRole('link', { name: 'Split the database' }),
    ).toHaveAttribute(
      'href',
      '/adrs/component/default/order-service/docs/0004-split-db.md',
    );

    const table = screen.getByRole('table', { name: "The team's services" });
    const rows = within(table).getAllByRole('row').slice(1);
    // By title; a service without a title shows its name, never its ref.
    expect(
      rows.map(row => within(row).getAllByRole('cell')[0].textContent),
    ).toEqual(['cart-service', 'Order service']);
    expect(
      within(rows[1]).getByRole('link', { name: 'Order service' }),
    ).toHaveAttribute('href', '/catalog/default/component/order-service');
    expect(rows[1]).toHaveTextContent('Silver, needs Gold');
    expect(
      within(rows[1]).getByRole('link', {
        name: 'Runbook linked, Load tested and 1 more',
      }),
    ).toHaveAttribute(
      'href',
      '/catalog/default/component/order-service/readiness',
    );
    expect(rows[1]).toHaveTextContent(
      'Out of budget (overspent by 20 %) · burning fast',
    );
    expect(rows[0]).toHaveTextContent('Gold, meets its tier');
    expect(rows[0]).toHaveTextContent('Within budget (83 % left)');
    expect(screen.queryByText(/component:default/)).not.toBeInTheDocument();

    // The usual team fits in one page of each paged route.
    expect(
      backends.requested.filter(url => url.includes('/v1/services?')),
    ).toEqual([
      `http://backend/api${READINESS_ROWS}`,
      `http://backend/api${SLO_ROWS}`,
    ]);
  });

  it("follows the paged routes to the team's last service and counts failing checks beyond those a row lists", async () => {
    // Servers that answer fewer rows than asked for (a smaller maximum):
    // the scorecard asks from where the last page ended, up to totalItems.
    const second = (plugin: string) =>
      `/${plugin}/v1/services?owner=${OWNER}&limit=500&offset=2`;
    const backends = fakeScorecardBackends({
      ...ANSWERS,
      [`/readiness/v1/overview?owner=${OWNER}`]: readinessOverview(3, 1),
      [READINESS_ROWS]: page(
        [
          readinessRow(
            'a-service',
            null,
            'standard',
            'gold',
            'bronze',
            true,
            [],
          ),
          readinessRow(
            'b-service',
            null,
            'critical',
            'bronze',
            'gold',
            false,
            [
              'Runbook linked',
              'Load tested',
              'Chaos tested',
              'On call',
              'SBOM',
            ],
            0,
            9,
          ),
        ],
        3,
      ),
      [second('readiness')]: page(
        [
          readinessRow(
            'c-service',
            null,
            'important',
            'bronze',
            'silver',
            false,
            ['Runbook linked'],
          ),
        ],
        3,
        2,
      ),
      [SLO_ROWS]: page(
        [
          sloRow('a-service', null, 'standard', 'ok', 0.5, 0),
          sloRow('b-service', null, 'critical', 'breaching', -0.1, 2),
        ],
        3,
      ),
      [second('slo')]: page(
        [sloRow('c-service', null, 'important', 'breaching', 0, 1)],
        3,
        2,
      ),
    });
    await render(backends);

    const readiness = await screen.findByRole('region', { name: 'Readiness' });
    expect(readiness).toHaveTextContent(
      '1 of 3services meet the level their tier requires; 2 services with failing checks',
    );
    const slo = screen.getByRole('region', { name: 'SLOs' });
    expect(within(slo).getByTestId('team-slo-burning')).toHaveTextContent('2');
    expect(slo).toHaveTextContent(
      'of 3 services burning budget fast; 2 out of budget',
    );
    const table = screen.getByRole('table', { name: "The team's services" });
    const rows = within(table).getAllByRole('row').slice(1);
    expect(
      rows.map(row => within(row).getAllByRole('cell')[0].textContent),
    ).toEqual(['a-service', 'b-service', 'c-service']);
    // A row carries its first 4 failing checks; failingCount says 9.
    expect(
      within(rows[1]).getByRole('link', {
        name: 'Runbook linked, Load tested and 7 more',
      }),
    ).toBeInTheDocument();
    expect(rows[2]).toHaveTextContent(
      'Out of budget (0 % left) · burning fast',
    );
    expect(
      backends.requested.filter(url => url.includes('/v1/services?')).sort(),
    ).toEqual(
      [READINESS_ROWS, second('readiness'), SLO_ROWS, second('slo')]
        .map(path => `http://backend/api${path}`)
        .sort(),
    );
  });

  it('stops at an empty page even when totalItems promised more', async () => {
    const backends = fakeScorecardBackends({
      ...ANSWERS,
      [READINESS_ROWS]: page(
        [
          readinessRow(
            'a-service',
            null,
            'standard',
            'gold',
            'bronze',
            true,
            [],
          ),
        ],
        5,
      ),
      [`/readiness/v1/services?owner=${OWNER}&limit=500&offset=1`]: page(
        [],
        5,
        1,
      ),
    });
    await render(backends);

    const table = await screen.findByRole('table', {
      name: "The team's services",
    });
    expect(
      within(table)
        .getAllByRole('row')
        .slice(1)
        .map(row => within(row).getAllByRole('cell')[0].textContent),
    ).toEqual(['a-service', 'cart-service', 'Order service']);
    expect(
      backends.requested.filter(url => url.includes('/readiness/v1/services?')),
    ).toHaveLength(2);
  });

  it('shows what it could read when one backend fails, and says which one did not answer', async () => {
    await render(fakeScorecardBackends(ANSWERS, ['/slo/']));

    const slo = await screen.findByRole('region', { name: 'SLOs' });
    expect(slo).toHaveTextContent(
      'Could not read the SLOs: /slo/ is down (status 500)',
    );
    expect(screen.getByTestId('team-readiness-meeting')).toHaveTextContent('1');
    const table = screen.getByRole('table', { name: "The team's services" });
    expect(within(table).getAllByRole('row')).toHaveLength(3);
  });

  it('words a service without a tier and one awaiting its first collection as the readiness page does', async () => {
    await render(
      fakeScorecardBackends({
        ...ANSWERS,
        [`/readiness/v1/overview?owner=${OWNER}`]: readinessOverview(4, 0),
        [READINESS_ROWS]: page([
          readinessRow('a-untiered', null, null, 'none', 'none', false, []),
          readinessRow(
            'b-untiered-bronze',
            null,
            null,
            'bronze',
            'none',
            false,
            [],
          ),
          readinessRow(
            'c-new',
            null,
            'important',
            'none',
            'silver',
            false,
            ['Runbook linked'],
            13,
          ),
          readinessRow(
            'd-new-untiered',
            null,
            null,
            'none',
            'none',
            false,
            [],
            4,
          ),
        ]),
        [SLO_ROWS]: page([]),
      }),
    );
    const table = await screen.findByRole('table', {
      name: "The team's services",
    });
    const readinessColumn = within(table)
      .getAllByRole('row')
      .slice(1)
      .map(row => within(row).getAllByRole('cell')[2].textContent);
    expect(readinessColumn).toEqual([
      'No tier set',
      'Bronze, no tier set',
      'Awaiting first collection, needs Silver',
      'Awaiting first collection, no tier set',
    ]);
  });

  it('says so when the team owns no services', async () => {
    await render(
      fakeScorecardBackends({
        ...ANSWERS,
        [`/readiness/v1/overview?owner=${OWNER}`]: readinessOverview(0, 0),
        [READINESS_ROWS]: page([]),
        [SLO_ROWS]: page([]),
      }),
    );
    expect(
      await screen.findByText('This team owns no services'),
    ).toBeInTheDocument();
    expect(
      screen.getByText('No service of this team has been evaluated yet.'),
    ).toBeInTheDocument();
  });
});

describe('TeamScorecardCard', () => {
  it('sums the scorecard up in three lines and links to the tab', async () => {
    const backends = fakeScorecardBackends(ANSWERS, ['/adr/']);
    await renderInTestApp(
      <EntityProvider entity={team}>
        <TeamScorecardCard />
      </EntityProvider>,
      {
        apis: [
          [discoveryApiRef, backends.discoveryApi],
          [fetchApiRef, backends.fetchApi],
        ],
        mountedRoutes: { '/catalog/:namespace/:kind/:name': entityRouteRef },
      },
    );
    const summary = await screen.findByTestId('team-summary');
    const lines = within(summary)
      .getAllByRole('listitem')
      .map(item => item.textContent);
    expect(lines).toEqual([
      'Readiness: 1 of 2 services meet the level their tier requires',
      'SLOs: 1 burning budget fast, 1 out of budget',
      'Could not read the architecture decisions: /adr/ is down (status 500)',
    ]);
    expect(
      screen.getByRole('link', { name: /Open the scorecard/ }),
    ).toHaveAttribute('href', '/catalog/default/group/team-checkout/scorecard');
  });
});
