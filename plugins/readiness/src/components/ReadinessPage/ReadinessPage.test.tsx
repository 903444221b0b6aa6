import { entityRouteRef } from '@backstage/plugin-catalog-react';
import { renderInTestApp, TestApiProvider } from '@backstage/test-utils';
import {
  fireEvent,
  screen,
  waitFor as rtlWaitFor,
  within,
} from '@testing-library/react';
import { Route, Routes, useLocation } from 'react-router-dom';
import { readinessApiRef } from '../../api/ReadinessApi';
import {
  createFakeReadinessApi,
  groupRow,
  overview,
  serviceRow,
  serviceRows,
} from '../../__fixtures__/fakeReadinessApi';
import { ReadinessPage } from './ReadinessPage';

const LocationDisplay = () => {
  const location = useLocation();
  return <div data-testid="location">{location.search}</div>;
};

async function renderPage(
  api = createFakeReadinessApi(),
  route = '/readiness',
) {
  await renderInTestApp(
    <TestApiProvider apis={[[readinessApiRef, api]]}>
      <Routes>
        <Route
          path="/readiness/*"
          element={
            <ReadinessPage readmeUrl="https://example.com/readiness#checks" />
          }
        />
      </Routes>
      <LocationDisplay />
    </TestApiProvider>,
    {
      routeEntries: [route],
      mountedRoutes: { '/catalog/:namespace/:kind/:name': entityRouteRef },
    },
  );
  return api;
}

// The page renders a few hundred MUI elements; on a loaded machine a test
// with several re-renders (a page of the table each) needs more than Jest's
// default 5 s.
jest.setTimeout(60_000);
/** What findBy and waitFor wait for on a loaded machine. */
const SLOW = { timeout: 10_000 };
const waitFor = <T,>(check: () => T | Promise<T>) => rtlWaitFor(check, SLOW);

const location = () => screen.getByTestId('location').textContent;
const serviceOrder = () =>
  screen
    .getAllByTestId('readiness-service-row')
    .map(row => row.getAttribute('data-entity-ref'));
/** The filters of the last overview request with filters (not the choices' `{}`). */
const lastFilters = (api: ReturnType<typeof createFakeReadinessApi>) =>
  api.getOverview.mock.calls
    .map(([filters]) => filters)
    .filter(filters => filters && 'tier' in filters)
    .pop();

describe('ReadinessPage', () => {
  it('sums up the levels and how many meet the level their tier requires', async () => {
    await renderPage();
    expect(
      await screen.findByRole('heading', { name: 'Readiness scorecards' }),
    ).toBeInTheDocument();
    const summary = await screen.findByRole('region', { name: 'Summary' });
    // search has no tier: it does not count as meeting a level.
    expect(within(summary).getByTestId('readiness-meeting')).toHaveTextContent(
      /^1 of 3 meet the level their tier requires$/,
    );
    expect(within(summary).getByTestId('status-count-below')).toHaveTextContent(
      '1 below it',
    );
    expect(
      within(summary).getByTestId('status-count-no-tier'),
    ).toHaveTextContent('1 with no tier set');
    expect(
      within(summary).queryByTestId('status-count-awaiting'),
    ).not.toBeInTheDocument();
    expect(screen.getByTestId('level-count-gold')).toHaveTextContent(
      'Gold0 services',
    );
    expect(screen.getByTestId('level-count-silver')).toHaveTextContent(
      'Silver1 service',
    );
    expect(screen.getByTestId('level-count-none')).toHaveTextContent(
      'None1 service',
    );
    expect(screen.getByTestId('readiness-evaluated-at')).toHaveTextContent(
      /^Last evaluated at /,
    );
  });

  it('lists services with level, status against the required level, score and failing checks', async () => {
    await renderPage();
    const table = await screen.findByRole('table', { name: 'Services' });
    expect(
      within(table)
        .getAllByRole('columnheader')
        .map(h => h.textContent),
    ).toEqual([
      'Service',
      'Owner',
      'Tier',
      'Level',
      'Status',
      'Score',
      'Failing checks',
    ]);
    // Lowest score first.
    expect(serviceOrder()).toEqual([
      'component:default/payments',
      'component:default/orders',
      'component:default/search',
    ]);
    const payments = screen.getAllByTestId('readiness-service-row')[0];
    expect(payments).toHaveAttribute('data-meets-required', 'false');
    expect(
      within(payments)
        .getAllByTestId('level-badge')
        .map(b => b.getAttribute('data-level')),
    ).toEqual(['none', 'gold']);
    expect(within(payments).getByTestId('readiness-status')).toHaveTextContent(
      'Below',
    );
    expect(within(payments).getByTestId('required-level')).toHaveTextContent(
      'needsGold',
    );
    expect(within(payments).getByText('3 / 12')).toBeInTheDocument();
    expect(within(payments).getByText('Critical')).toBeInTheDocument();
    const failing = within(payments).getAllByTestId('failing-check');
    expect(failing.map(c => c.textContent)).toEqual([
      'Runbook linked',
      'Failover drill done',
    ]);
    expect(failing[0]).toHaveAttribute(
      'href',
      '/catalog/default/component/payments/readiness?check=runbook-linked',
    );

    const orders = screen.getAllByTestId('readiness-service-row')[1];
    expect(orders).toHaveAttribute('data-meets-required', 'true');
    // Only the row below its required level is tinted.
    expect(getComputedStyle(payments).backgroundColor).toMatch(/^rgba\(/);
    expect(getComputedStyle(orders).backgroundColor).not.toBe(
      getComputedStyle(payments).backgroundColor,
    );
    expect(within(orders).getByTestId('readiness-status')).toHaveTextContent(
      'Meets',
    );
    expect(within(orders).getByText('none')).toBeInTheDocument();
    const search = screen.getAllByTestId('readiness-service-row')[2];
    expect(within(search).getByText('No tier')).toBeInTheDocument();
    // No tier: "No tier set", not compliant, no required level, not tinted
    // as below either.
    expect(search).toHaveAttribute('data-meets-required', 'false');
    expect(within(search).getByTestId('readiness-status')).toHaveTextContent(
      'No tier set',
    );
    expect(within(search).queryByTestId('required-level')).toBeNull();
    expect(getComputedStyle(search).backgroundColor).not.toBe(
      getComputedStyle(payments).backgroundColor,
    );
    // Headers are never broken inside a word.
    for (const header of within(table).getAllByRole('columnheader')) {
      expect(getComputedStyle(header).whiteSpace).toBe('nowrap');
    }
    expect(table.textContent).not.toMatch(/NaN/);
  });

  it('shows a service whose facts were never collected as awaiting, not None and failed', async () => {
    await renderPage(
      createFakeReadinessApi({
        overview: overview({
          totalServices: 1,
          statuses: { meets: 0, below: 0, awaiting: 1, 'no-tier': 0 },
          meetingRequired: 0,
        }),
        services: [
          {
            ...serviceRows()[1],
            entityRef: 'component:default/fresh',
            level: 'none',
            status: 'awaiting',
            awaiting: 13,
            passed: 0,
            failingChecks: [],
            failingCount: 0,
          },
        ],
      }),
    );
    const row = await screen.findByTestId('readiness-service-row');
    expect(
      within(row)
        .getAllByTestId('level-badge')
        .map(b => [b.getAttribute('data-level'), b.textContent]),
    ).toEqual([
      ['awaiting', 'Awaiting'],
      ['gold', 'Gold'],
    ]);
    expect(within(row).getByTestId('readiness-status')).toHaveTextContent(
      'Awaiting',
    );
    expect(screen.getByTestId('status-count-awaiting')).toHaveTextContent(
      '1 awaiting first collection',
    );
  });

  it('says the summary counts the checks of the chosen categories', async () => {
    await renderPage(createFakeReadinessApi(), '/readiness?category=security');
    const summary = await screen.findByRole('region', { name: 'Summary' });
    expect(within(summary).getByTestId('readiness-meeting')).toHaveTextContent(
      '1 of 3 meet the level their tier requires in the Security checks',
    );
    expect(
      screen.getByText(/The trend counts every category/),
    ).toBeInTheDocument();
  });

  it('draws its own header only as a legacy page', async () => {
    await renderInTestApp(
      <TestApiProvider apis={[[readinessApiRef, createFakeReadinessApi()]]}>
        <ReadinessPage noHeader />
      </TestApiProvider>,
      {
        mountedRoutes: { '/catalog/:namespace/:kind/:name': entityRouteRef },
      },
    );
    expect(
      await screen.findByText(
        "Each service's readiness level against the level its tier requires",
      ),
    ).toBeInTheDocument();
    expect(
      screen.queryByRole('heading', { name: 'Readiness scorecards' }),
    ).toBeNull();
  });

  it('cuts long failing-check lists with a link to the tab', async () => {
    const failingChecks = ['a', 'b', 'c', 'd', 'e', 'f'].map(id => ({
      id,
      title: `Check ${id}`,
      category: 'ownership' as const,
      level: 'bronze' as const,
    }));
    await renderPage(
      createFakeReadinessApi({
        services: [
          serviceRow({ ...serviceRows()[1], failingChecks, failingCount: 6 }),
        ],
      }),
    );
    const row = await screen.findByTestId('readiness-service-row');
    // The row lists four of its six failing checks and counts the rest.
    expect(within(row).getAllByTestId('failing-check')).toHaveLength(4);
    expect(within(row).getByText('+2 more').closest('a')).toHaveAttribute(
      'href',
      '/catalog/default/component/payments/readiness',
    );
  });

  it('sorts by score and level in both directions, in the URL and the request', async () => {
    const api = await renderPage();
    const table = await screen.findByRole('table', { name: 'Services' });
    // Queries by role stay inside the table: the page is large for jsdom.
    const header = (name: string) =>
      within(table).getByRole('button', { name });
    fireEvent.click(header('Score'));
    await waitFor(() => expect(location()).toBe('?sort=score&order=desc'));
    expect(serviceOrder()).toEqual([
      'component:default/search',
      'component:default/orders',
      'component:default/payments',
    ]);
    fireEvent.click(header('Level'));
    await waitFor(() => expect(location()).toBe('?sort=level&order=asc'));
    expect(serviceOrder()).toEqual([
      'component:default/payments',
      'component:default/search',
      'component:default/orders',
    ]);
    fireEvent.click(header('Level'));
    await waitFor(() => expect(location()).toBe('?sort=level&order=desc'));
    expect(serviceOrder()).toEqual([
      'component:default/orders',
      'component:default/search',
      'component:default/payments',
    ]);
    expect(
      within(table).getByRole('columnheader', { name: 'Level' }),
    ).toHaveAttribute('aria-sort', 'descending');
    // Sorted on the server: the page asked for is sorted so.
    expect(api.getServices).toHaveBeenLastCalledWith(
      expect.objectContaining({
        sort: 'level',
        order: 'desc',
        offset: 0,
        limit: 25,
      }),
    );
    fireEvent.click(header('Service'));
    await waitFor(() => expect(location()).toBe('?sort=title&order=asc'));
    await waitFor(() =>
      expect(serviceOrder()).toEqual([
        'component:default/orders',
        'component:default/payments',
        'component:default/search',
      ]),
    );
  });

  it('pages on the server: 25, 50 or 100 rows, the next page, the total', async () => {
    const many = Array.from({ length: 60 }, (_, i) =>
      serviceRow({
        entityRef: `component:default/svc-${String(i).padStart(2, '0')}`,
        title: `Service ${String(i).padStart(2, '0')}`,
        passed: i,
        applicable: 100,
      }),
    );
    const api = await renderPage(
      createFakeReadinessApi({
        overview: overview({ totalServices: 60 }),
        services: many,
      }),
    );
    await waitFor(() =>
      expect(screen.getAllByTestId('readiness-service-row')).toHaveLength(25),
    );
    const pagination = screen.getByTestId('readiness-services-pagination');
    expect(pagination).toHaveTextContent('1–25 of 60');
    fireEvent.click(
      within(pagination).getByRole('button', { name: /next page/i }),
    );
    await waitFor(() => expect(pagination).toHaveTextContent('26–50 of 60'));
    expect(serviceOrder()[0]).toBe('component:default/svc-25');
    expect(api.getServices).toHaveBeenLastCalledWith(
      expect.objectContaining({ offset: 25, limit: 25 }),
    );

    fireEvent.mouseDown(within(pagination).getByRole('combobox'));
    fireEvent.click(await screen.findByRole('option', { name: '50' }));
    await waitFor(() => expect(pagination).toHaveTextContent('1–50 of 60'));
    expect(screen.getAllByTestId('readiness-service-row')).toHaveLength(50);
    expect(api.getServices).toHaveBeenLastCalledWith(
      expect.objectContaining({ offset: 0, limit: 50 }),
    );
    // A new sort starts again at the first page.
    fireEvent.click(
      within(pagination).getByRole('button', { name: /next page/i }),
    );
    await waitFor(() => expect(pagination).toHaveTextContent('51–60 of 60'));
    fireEvent.click(screen.getByRole('button', { name: 'Score' }));
    await waitFor(() => expect(pagination).toHaveTextContent('1–50 of 60'));
    expect(serviceOrder()[0]).toBe('component:default/svc-59');
  });

  it('searches on the server once typing pauses, the words in the URL', async () => {
    const api = await renderPage();
    await screen.findByRole('table', { name: 'Services' });
    const calls = api.getServices.mock.calls.length;
    fireEvent.change(screen.getByTestId('readiness-search'), {
      target: { value: 'pay' },
    });
    fireEvent.change(screen.getByTestId('readiness-search'), {
      target: { value: 'payment' },
    });
    await waitFor(() => expect(location()).toBe('?q=payment'));
    await waitFor(() =>
      expect(serviceOrder()).toEqual(['component:default/payments']),
    );
    // One request for the words typed, none for each keystroke.
    expect(
      api.getServices.mock.calls.slice(calls).map(([query]) => query?.q),
    ).toEqual(['payment']);
    // The summary stays the organisation's.
    expect(screen.getByTestId('readiness-meeting')).toHaveTextContent(
      /^1 of 3 meet/,
    );
    fireEvent.change(screen.getByTestId('readiness-search'), {
      target: { value: 'nothing like it' },
    });
    expect(
      await screen.findByTestId('readiness-services-none', {}, SLOW),
    ).toHaveTextContent('No service matches “nothing like it”.');
  });

  it('filters by tier, category and owner through the URL and the request', async () => {
    const api = await renderPage();
    await screen.findByRole('table', { name: 'Services' });
    expect(lastFilters(api)).toEqual({
      owner: [],
      system: [],
      tier: [],
      category: [],
    });

    const tiers = screen.getByRole('group', { name: 'Tier' });
    fireEvent.click(within(tiers).getByRole('button', { name: 'Critical' }));
    await waitFor(() => expect(location()).toBe('?tier=critical'));
    const categories = screen.getByRole('group', { name: 'Category' });
    fireEvent.click(
      within(categories).getByRole('button', { name: 'Security' }),
    );
    await waitFor(() =>
      expect(location()).toBe('?tier=critical&category=security'),
    );
    await waitFor(() =>
      expect(lastFilters(api)).toEqual({
        owner: [],
        system: [],
        tier: ['critical'],
        category: ['security'],
      }),
    );
    expect(
      within(categories).getByRole('button', { name: 'Security' }),
    ).toHaveAttribute('aria-pressed', 'true');

    // Choices come from the whole organisation (the overview's choices).
    const filters = screen.getByRole('region', { name: 'Filters' });
    fireEvent.mouseDown(
      within(filters).getByRole('combobox', { name: 'Owner team' }),
    );
    fireEvent.click(
      await screen.findByRole('option', { name: 'team-payments (1)' }),
    );
    await waitFor(() =>
      expect(location()).toBe(
        '?owner=group%3Adefault%2Fteam-payments&tier=critical&category=security',
      ),
    );
    await waitFor(() =>
      expect(lastFilters(api)).toEqual({
        owner: ['group:default/team-payments'],
        system: [],
        tier: ['critical'],
        category: ['security'],
      }),
    );
    // The choices come with the overview: no second request.
    expect(api.getOverview).not.toHaveBeenCalledWith({});

    fireEvent.click(
      within(filters).getByRole('button', { name: 'Clear filters' }),
    );
    await waitFor(() => expect(location()).toBe(''));
  });

  it('reads filters from a shared URL, dropping unknown values', async () => {
    const api = await renderPage(
      createFakeReadinessApi(),
      '/readiness?system=system%3Adefault%2Fshop&tier=important&tier=nonsense&category=contracts&category=vibes',
    );
    await screen.findByRole('table', { name: 'Services' });
    expect(api.getOverview.mock.calls[0][0]).toEqual({
      owner: [],
      system: ['system:default/shop'],
      tier: ['important'],
      category: ['contracts'],
    });
  });

  it('ranks the teams and switches the leaderboard to systems', async () => {
    const api = createFakeReadinessApi();
    api.getRollup.mockResolvedValue({
      by: 'system',
      groups: [
        groupRow({ key: 'system:default/money', score: 0.25 }),
        groupRow({ key: 'system:default/shop', score: 0.9, services: 2 }),
      ],
    });
    await renderPage(api, '/readiness?tier=critical');
    const teams = await screen.findByRole('table', {
      name: 'Team leaderboard',
    });
    const rows = within(teams).getAllByTestId('leaderboard-row');
    expect(rows.map(r => r.getAttribute('data-key'))).toEqual([
      'group:default/team-search',
      'group:default/team-orders',
      'group:default/team-payments',
    ]);
    expect(
      within(rows[2])
        .getAllByRole('cell')
        .map(c => c.textContent),
    ).toEqual(['3', 'team-payments', '1', '0 of 1', '25 %']);
    expect(within(rows[0]).getByRole('progressbar')).toHaveAttribute(
      'aria-valuetext',
      '100 % of applicable checks passed on average',
    );

    fireEvent.click(screen.getByRole('button', { name: 'System' }));
    await waitFor(() => expect(location()).toBe('?tier=critical&by=system'));
    const systems = await screen.findByRole('table', {
      name: 'System leaderboard',
    });
    expect(
      within(systems)
        .getAllByTestId('leaderboard-row')
        .map(r => r.getAttribute('data-key')),
    ).toEqual(['system:default/shop', 'system:default/money']);
    expect(api.getRollup).toHaveBeenCalledWith('system', {
      owner: [],
      system: [],
      tier: ['critical'],
      category: [],
    });
  });

  it('shows the most failed checks and the trend', async () => {
    await renderPage();
    const failed = await screen.findByRole('table', {
      name: 'Most failed checks',
    });
    expect(
      within(failed)
        .getAllByTestId('most-failed-check')
        .map(r => r.textContent),
    ).toEqual([
      'Failover drill doneResilienceGold2',
      'Runbook linkedOperationsBronze1',
    ]);
    const trend = screen.getByRole('region', { name: 'Trend' });
    expect(
      within(trend).getByRole('img', {
        name: /^Services meeting the level their tier requires: 1 of 3 on 2026-03-28/,
      }),
    ).toBeInTheDocument();
  });

  it('explains what to do when no service is evaluated yet', async () => {
    await renderPage(
      createFakeReadinessApi({
        services: [],
        overview: overview({
          totalServices: 0,
          teams: [],
          trend: [],
          failingChecks: [],
          levels: { none: 0, bronze: 0, silver: 0, gold: 0 },
          meetingRequired: 0,
          evaluatedAt: null,
        }),
      }),
    );
    expect(
      await screen.findByText('No services evaluated yet'),
    ).toBeInTheDocument();
    expect(screen.getAllByText(/Refresh now/).length).toBeGreaterThan(0);
    expect(
      screen.getByRole('link', { name: /^Read the README/ }),
    ).toHaveAttribute('href', 'https://example.com/readiness#checks');
    expect(screen.getByText('Not evaluated yet')).toBeInTheDocument();
    expect(screen.queryByRole('table', { name: 'Services' })).toBeNull();
  });

  it('offers to clear filters when nothing matches', async () => {
    const api = createFakeReadinessApi();
    api.getOverview.mockImplementation(async filters =>
      filters?.category?.length ? overview({ totalServices: 0 }) : overview(),
    );
    await renderPage(api, '/readiness?category=autonomy');
    expect(
      await screen.findByText('No services match these filters'),
    ).toBeInTheDocument();
    fireEvent.click(
      screen.getAllByRole('button', { name: 'Clear filters' })[0],
    );
    await waitFor(() => expect(location()).toBe(''));
    expect(
      await screen.findByRole('table', { name: 'Services' }),
    ).toBeInTheDocument();
  });

  it('shows a loading state, then the error of a failed request', async () => {
    const api = createFakeReadinessApi();
    let fail: (e: Error) => void = () => {};
    api.getOverview.mockReturnValue(
      new Promise((_, reject) => {
        fail = reject;
      }),
    );
    await renderPage(api);
    expect(screen.getByTestId('progress')).toBeInTheDocument();
    fail(new Error('readiness backend is down'));
    expect(
      await screen.findByText('Error: readiness backend is down', {
        selector: 'h6',
      }),
    ).toBeInTheDocument();
  });
});
