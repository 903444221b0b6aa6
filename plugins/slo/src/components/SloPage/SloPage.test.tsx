import { ResponseError } from '@backstage/errors';
import { entityRouteRef } from '@backstage/plugin-catalog-react';
import { AuthorizeResult } from '@backstage/plugin-permission-common';
import { permissionApiRef } from '@backstage/plugin-permission-react';
import {
  mockApis,
  renderInTestApp,
  TestApiProvider,
} from '@backstage/test-utils';
import { fireEvent, screen, waitFor, within } from '@testing-library/react';
import { Route, Routes, useLocation } from 'react-router-dom';
import { sloApiRef } from '../../api/SloApi';
import {
  createFakeSloApi,
  overview,
  serviceRow,
} from '../../__fixtures__/fakeSloApi';
import { SloPage } from './SloPage';

const LocationDisplay = () => {
  const location = useLocation();
  return <div data-testid="location">{location.search}</div>;
};

const allowAll = () =>
  mockApis.permission({ authorize: AuthorizeResult.ALLOW });

async function renderPage(api = createFakeSloApi(), route = '/slo') {
  await renderInTestApp(
    <TestApiProvider
      apis={[
        [sloApiRef, api],
        [permissionApiRef, allowAll()],
      ]}
    >
      <Routes>
        <Route
          path="/slo/*"
          element={
            <SloPage readmeUrl="https://example.com/slo#give-a-service-slos" />
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

const location = () => screen.getByTestId('location').textContent;
const serviceOrder = () =>
  screen
    .getAllByTestId('slo-service-row')
    .map(row => row.getAttribute('data-entity-ref'));
/** The filters of the last dashboard request (not the filter choices' `{}`). */
const lastFilters = (api: ReturnType<typeof createFakeSloApi>) =>
  api.getOverview.mock.calls
    .map(([filters]) => filters)
    .filter(filters => filters && 'tier' in filters)
    .pop();

// The page renders a few hundred MUI elements; on a loaded machine a test
// with several re-renders needs more than Jest's default 5 s.
jest.setTimeout(20_000);

describe('SloPage', () => {
  it('shows one row per tier with its objectives, counts and box plot', async () => {
    await renderPage();
    expect(
      await screen.findByRole('heading', { name: 'SLO tier dashboard' }),
    ).toBeInTheDocument();
    const critical = await screen.findByRole('region', {
      name: 'Critical tier',
    });
    expect(
      within(critical).getByText(
        '99.99 % available · p99 < 100 ms · errors < 0.01 %',
      ),
    ).toBeInTheDocument();
    expect(
      within(critical).getByText('1 of 2 meet their objectives'),
    ).toBeInTheDocument();
    expect(within(critical).getByTestId('tier-row-others')).toHaveTextContent(
      /^Not meeting: 1 breaching$/,
    );
    const plot = within(critical).getByRole('img', {
      name: /^Budget remaining across services: min −20 %, 25th percentile 10 %, median 40 %, 75th percentile 70 %, max 90 %$/,
    });
    expect(plot.querySelector('[data-part="box"]')).not.toBeNull();
    expect(plot.querySelector('[data-part="median"]')).not.toBeNull();

    const important = screen.getByTestId('tier-row-important');
    expect(
      within(important).getByText(
        '99.9 % available · p99 < 500 ms · errors < 0.1 %',
      ),
    ).toBeInTheDocument();
    expect(within(important).getByText('No budget data')).toBeInTheDocument();
    expect(
      within(screen.getByTestId('tier-row-best-effort')).getByText(
        '99 % available · p99 < 5 s · errors < 5 %',
      ),
    ).toBeInTheDocument();
    expect(screen.getByTestId('slo-computed-at')).toHaveTextContent(
      /^Budgets computed at /,
    );
  });

  it('lists the services by budget remaining, lowest first, no data last', async () => {
    await renderPage();
    const table = await screen.findByRole('table', { name: 'Services' });
    expect(
      within(table)
        .getAllByRole('columnheader')
        .map(h => h.textContent),
    ).toEqual([
      'Service',
      'Tier',
      'Owner',
      'Status',
      'Budget remaining',
      'Burn rate',
      'Alerts',
      'Violations',
    ]);
    expect(serviceOrder()).toEqual([
      'component:default/payments',
      'component:default/orders',
      'component:default/search',
    ]);
    const payments = screen.getAllByTestId('slo-service-row')[0];
    expect(within(payments).getByText('−20 % (overspent)')).toBeInTheDocument();
    expect(within(payments).getByTestId('burn-rate')).toHaveTextContent(
      '15.2× over 5m',
    );
    expect(within(payments).getByText('breaching')).toBeInTheDocument();
    expect(within(payments).getByText('Critical')).toBeInTheDocument();
    const search = screen.getAllByTestId('slo-service-row')[2];
    expect(within(search).getByText('no data')).toBeInTheDocument();
    expect(within(search).getAllByText('—')).toHaveLength(2);
    expect(table.textContent).not.toMatch(/NaN/);
  });

  it('makes a tier card add up: every service counted once', async () => {
    await renderPage(
      createFakeSloApi({
        overview: overview({
          tiers: [
            {
              ...overview().tiers[1],
              services: 3,
              meeting: 0,
              breaching: 0,
              noData: 1,
              errors: 2,
            },
          ],
        }),
      }),
    );
    const card = await screen.findByTestId('tier-row-important');
    expect(
      within(card).getByText('0 of 3 meet their objectives'),
    ).toBeVisible();
    expect(within(card).getByTestId('tier-row-others')).toHaveTextContent(
      /^Not meeting: 1 without data · 2 services whose SLOs cannot be computed$/,
    );
  });

  it('sorts by service, tier, owner and status too, tier in tier order', async () => {
    const api = await renderPage(
      createFakeSloApi({
        services: [
          serviceRow({
            entityRef: 'component:default/a',
            title: 'Zulu',
            tier: 'best-effort',
            status: 'ok',
          }),
          serviceRow({
            entityRef: 'component:default/b',
            title: 'Alpha',
            tier: 'critical',
            status: 'breaching',
          }),
          serviceRow({
            entityRef: 'component:default/c',
            title: 'Mike',
            tier: 'standard',
            status: 'error',
          }),
        ],
      }),
    );
    const table = await screen.findByRole('table', { name: 'Services' });
    const sortBy = async (name: string, query: string) => {
      fireEvent.click(within(table).getByRole('button', { name }));
      await waitFor(() => expect(location()).toBe(query));
    };
    await sortBy('Service', '?sort=service&order=asc');
    expect(serviceOrder()).toEqual([
      'component:default/b',
      'component:default/c',
      'component:default/a',
    ]);
    await sortBy('Tier', '?sort=tier&order=asc');
    expect(serviceOrder()).toEqual([
      'component:default/b',
      'component:default/c',
      'component:default/a',
    ]);
    await sortBy('Tier', '?sort=tier&order=desc');
    expect(serviceOrder()).toEqual([
      'component:default/a',
      'component:default/c',
      'component:default/b',
    ]);
    await sortBy('Status', '?sort=status&order=asc');
    expect(serviceOrder()).toEqual([
      'component:default/c',
      'component:default/b',
      'component:default/a',
    ]);
    await sortBy('Owner', '?sort=owner&order=asc');
    // Sorted by the backend: the page asks for the column and order.
    await waitFor(() =>
      expect(api.getServices).toHaveBeenLastCalledWith(
        expect.objectContaining({ sort: 'owner', order: 'asc', offset: 0 }),
      ),
    );
    for (const header of within(table).getAllByRole('columnheader')) {
      expect(getComputedStyle(header).whiteSpace).toBe('nowrap');
    }
  });

  it('sorts by burn rate and by budget in both directions, in the URL', async () => {
    await renderPage();
    await screen.findByRole('table', { name: 'Services' });
    fireEvent.click(screen.getByRole('button', { name: 'Burn rate' }));
    await waitFor(() => expect(location()).toBe('?sort=burnRate&order=desc'));
    expect(serviceOrder()).toEqual([
      'component:default/payments',
      'component:default/orders',
      'component:default/search',
    ]);
    fireEvent.click(screen.getByRole('button', { name: 'Burn rate' }));
    await waitFor(() => expect(location()).toBe('?sort=burnRate&order=asc'));
    expect(serviceOrder()).toEqual([
      'component:default/orders',
      'component:default/payments',
      'component:default/search',
    ]);
    fireEvent.click(screen.getByRole('button', { name: 'Budget remaining' }));
    await waitFor(() => expect(location()).toBe(''));
    fireEvent.click(screen.getByRole('button', { name: 'Budget remaining' }));
    await waitFor(() => expect(location()).toBe('?sort=budget&order=desc'));
    expect(serviceOrder()).toEqual([
      'component:default/orders',
      'component:default/payments',
      'component:default/search',
    ]);
    expect(
      screen.getByRole('columnheader', { name: 'Budget remaining' }),
    ).toHaveAttribute('aria-sort', 'descending');
  });

  it('filters by tier and owner through the URL and the request', async () => {
    const api = await renderPage();
    await screen.findByRole('table', { name: 'Services' });
    expect(lastFilters(api)).toEqual({ owner: [], system: [], tier: [] });

    const tiers = screen.getByRole('group', { name: 'Tier' });
    fireEvent.click(within(tiers).getByRole('button', { name: 'Critical' }));
    await waitFor(() => expect(location()).toBe('?tier=critical'));
    await waitFor(() =>
      expect(lastFilters(api)).toEqual({
        owner: [],
        system: [],
        tier: ['critical'],
      }),
    );
    expect(
      within(tiers).getByRole('button', { name: 'Critical' }),
    ).toHaveAttribute('aria-pressed', 'true');

    // Choices come from the backend's counts over the whole organisation.
    fireEvent.mouseDown(screen.getByRole('combobox', { name: 'Owner team' }));
    fireEvent.click(
      await screen.findByRole('option', { name: 'team-payments (1)' }),
    );
    await waitFor(() =>
      expect(location()).toBe(
        '?owner=group%3Adefault%2Fteam-payments&tier=critical',
      ),
    );
    await waitFor(() =>
      expect(lastFilters(api)).toEqual({
        owner: ['group:default/team-payments'],
        system: [],
        tier: ['critical'],
      }),
    );
    // The table asks for the filtered services too.
    expect(api.getServices).toHaveBeenLastCalledWith(
      expect.objectContaining({
        owner: ['group:default/team-payments'],
        tier: ['critical'],
      }),
    );

    fireEvent.click(screen.getByRole('button', { name: 'Clear filters' }));
    await waitFor(() => expect(location()).toBe(''));
  });

  it('reads filters from a shared URL', async () => {
    const api = await renderPage(
      createFakeSloApi(),
      '/slo?system=system%3Adefault%2Fshop&tier=important&tier=nonsense',
    );
    await screen.findByRole('table', { name: 'Services' });
    expect(api.getOverview.mock.calls[0][0]).toEqual({
      owner: [],
      system: ['system:default/shop'],
      tier: ['important'],
    });
  });

  it('lists the alerts firing now and the tier violations', async () => {
    await renderPage();
    const alerts = await screen.findByRole('table', { name: 'Page alerts' });
    const row = within(alerts).getByTestId('firing-alert');
    expect(within(row).getByText('payments-availability')).toBeInTheDocument();
    expect(
      within(row).getByText('15.2× over 1h, 16.0× over 5m'),
    ).toBeInTheDocument();
    expect(within(row).getByText('14.4×')).toBeInTheDocument();
    expect(screen.getByTestId('alert-group-page')).toHaveTextContent(
      '1 page alert firing on 1 service',
    );

    const violations = screen.getByRole('table', { name: 'Tier violations' });
    expect(
      within(violations).getByText(/the latency threshold 250 ms is looser/),
    ).toBeInTheDocument();
    expect(
      within(violations).getByText('payments-latency'),
    ).toBeInTheDocument();
  });

  it('folds many ticket alerts into one line per severity, grouped by service', async () => {
    const ticket = (entityRef: string, sloName: string, rate: number) => ({
      sloRef: `${entityRef}#${sloName}`,
      entityRef,
      sloName,
      name: 'ticket-3d',
      severity: 'ticket' as const,
      threshold: 1,
      longWindow: '3d',
      shortWindow: '6h',
      longBurnRate: rate,
      shortBurnRate: rate,
    });
    const many = [
      ...['a', 'b', 'c'].map(slo =>
        ticket('component:default/orders', `orders-${slo}`, 1.5),
      ),
      ...['a', 'b'].map(slo =>
        ticket('component:default/search', `search-${slo}`, 3),
      ),
    ];
    await renderPage(
      createFakeSloApi({
        overview: overview({
          firingAlerts: [...overview().firingAlerts, ...many],
        }),
      }),
    );
    const tickets = await screen.findByTestId('alert-group-ticket');
    expect(tickets).toHaveTextContent('5 ticket alerts firing on 2 services');
    // Tickets start folded, pages open.
    expect(
      within(tickets).getByRole('button', { expanded: false }),
    ).toBeInTheDocument();
    expect(
      within(screen.getByTestId('alert-group-page')).getByRole('button', {
        expanded: true,
      }),
    ).toBeInTheDocument();
    fireEvent.click(within(tickets).getByRole('button', { expanded: false }));
    const table = await screen.findByRole('table', { name: 'Ticket alerts' });
    const rows = within(table).getAllByTestId('firing-alert');
    // One row per service, the fastest burn first.
    expect(rows.map(r => r.getAttribute('data-entity-ref'))).toEqual([
      'component:default/search',
      'component:default/orders',
    ]);
    expect(
      within(rows[1]).getByText('orders-a, orders-b, orders-c'),
    ).toBeInTheDocument();
  });

  it('says so when no alert fires and no SLO violates its tier', async () => {
    await renderPage(
      createFakeSloApi({
        overview: overview({ firingAlerts: [], tierViolations: [] }),
      }),
    );
    expect(
      await screen.findByText('No burn-rate alerts are firing.'),
    ).toBeInTheDocument();
    expect(
      screen.getByText(/No tier violations: every OpenSLO objective/),
    ).toBeInTheDocument();
  });

  it('explains how to get SLOs when there are none', async () => {
    await renderPage(
      createFakeSloApi({
        overview: overview({
          totalServices: 0,
          firingAlerts: [],
          tierViolations: [],
          computedAt: null,
        }),
        services: [],
      }),
    );
    expect(await screen.findByText('No SLOs yet')).toBeInTheDocument();
    expect(screen.getAllByText('golden-path.io/tier').length).toBeGreaterThan(
      0,
    );
    expect(
      screen.getByRole('link', { name: /^Read the README/ }),
    ).toHaveAttribute('href', 'https://example.com/slo#give-a-service-slos');
    expect(
      screen.getByText('Budgets have not been computed yet'),
    ).toBeInTheDocument();
  });

  it('offers to clear filters when nothing matches', async () => {
    const api = createFakeSloApi();
    api.getOverview.mockImplementation(async filters =>
      filters?.tier?.length ? overview({ totalServices: 0 }) : overview(),
    );
    await renderPage(api, '/slo?tier=standard');
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
    const api = createFakeSloApi();
    let fail: (e: Error) => void = () => {};
    api.getOverview.mockReturnValue(
      new Promise((_, reject) => {
        fail = reject;
      }),
    );
    await renderPage(api);
    expect(screen.getByTestId('progress')).toBeInTheDocument();
    fail(new Error('SLO backend is down'));
    expect(
      await screen.findByText('Error: SLO backend is down', { selector: 'h6' }),
    ).toBeInTheDocument();
  });

  it('recomputes on request, says when it is done, and shows a refusal', async () => {
    const api = createFakeSloApi();
    await renderPage(api);
    await screen.findByRole('table', { name: 'Services' });
    // After the refresh, the backend's next answer has a newer computation.
    api.refresh.mockImplementationOnce(async () => {
      api.getOverview.mockResolvedValue(
        overview({ computedAt: '2026-03-30T12:05:00.000Z' }),
      );
    });
    fireEvent.click(
      await screen.findByRole('button', { name: 'Recompute now' }),
    );
    expect(
      await screen.findByRole('button', { name: 'Recomputing…' }),
    ).toBeDisabled();
    await waitFor(() => expect(api.refresh).toHaveBeenCalledTimes(1));
    expect(await screen.findByTestId('slo-recompute-status')).toHaveTextContent(
      /^Recomputed at /,
    );
    expect(
      await screen.findByRole('button', { name: 'Recompute now' }),
    ).toBeEnabled();

    api.refresh.mockRejectedValueOnce(new Error('Not allowed to recompute'));
    fireEvent.click(screen.getByRole('button', { name: 'Recompute now' }));
    expect(await screen.findByTestId('slo-recompute-error')).toHaveTextContent(
      'Recomputing failed: Not allowed to recompute',
    );

    // Too soon after the last run: one plain sentence, with the wait.
    api.refresh.mockRejectedValueOnce(
      await ResponseError.fromResponse(
        new Response(
          JSON.stringify({
            error: {
              name: 'TooManyRequestsError',
              message: 'The recomputation of every SLO was started …',
              retryAfterSeconds: 41,
            },
            response: { statusCode: 429 },
          }),
          {
            status: 429,
            headers: {
              'Content-Type': 'application/json',
              'Retry-After': '41',
            },
          },
        ) as any,
      ),
    );
    fireEvent.click(screen.getByRole('button', { name: 'Recompute now' }));
    await waitFor(() =>
      expect(screen.getByTestId('slo-recompute-error')).toHaveTextContent(
        /^A refresh ran a moment ago; try again in 41 seconds$/,
      ),
    );
  });

  it('draws its own header only as a legacy page', async () => {
    await renderInTestApp(
      <TestApiProvider
        apis={[
          [sloApiRef, createFakeSloApi()],
          [permissionApiRef, allowAll()],
        ]}
      >
        <SloPage noHeader />
      </TestApiProvider>,
      {
        mountedRoutes: { '/catalog/:namespace/:kind/:name': entityRouteRef },
      },
    );
    expect(
      await screen.findByText(
        'Objectives by tier, error budgets and burn-rate alerts for every service',
      ),
    ).toBeInTheDocument();
    expect(
      screen.queryByRole('heading', { name: 'SLO tier dashboard' }),
    ).toBeNull();
  });

  it('shows an error-state service without numbers', async () => {
    await renderPage(
      createFakeSloApi({
        services: [
          serviceRow({
            status: 'error',
            budgetRemaining: null,
            burnRate: null,
          }),
        ],
      }),
    );
    const row = await screen.findByTestId('slo-service-row');
    expect(within(row).getByText('error')).toBeInTheDocument();
    expect(within(row).queryByTestId('budget-remaining')).toBeNull();
  });

  it('pages through the services on the server, 25, 50 or 100 a page', async () => {
    const many = Array.from({ length: 60 }, (_, i) =>
      serviceRow({
        entityRef: `component:default/service-${String(i).padStart(2, '0')}`,
        budgetRemaining: i / 100,
      }),
    );
    const api = await renderPage(createFakeSloApi({ services: many }));
    await screen.findByRole('table', { name: 'Services' });
    expect(api.getServices).toHaveBeenLastCalledWith({
      owner: [],
      system: [],
      tier: [],
      q: undefined,
      sort: 'budget',
      order: 'asc',
      offset: 0,
      limit: 25,
    });
    expect(screen.getAllByTestId('slo-service-row')).toHaveLength(25);
    const pagination = screen.getByTestId('slo-services-pagination');
    expect(pagination).toHaveTextContent('1–25 of 60');

    fireEvent.click(
      within(pagination).getByRole('button', { name: 'Go to next page' }),
    );
    await waitFor(() => expect(pagination).toHaveTextContent('26–50 of 60'));
    expect(api.getServices).toHaveBeenLastCalledWith(
      expect.objectContaining({ offset: 25, limit: 25 }),
    );
    expect(serviceOrder()[0]).toBe('component:default/service-25');

    // A new sort starts at the first page again.
    fireEvent.click(screen.getByRole('button', { name: 'Service' }));
    await waitFor(() => expect(pagination).toHaveTextContent('1–25 of 60'));
    expect(api.getServices).toHaveBeenLastCalledWith(
      expect.objectContaining({ sort: 'service', order: 'asc', offset: 0 }),
    );

    fireEvent.mouseDown(within(pagination).getByRole('combobox'));
    fireEvent.click(await screen.findByRole('option', { name: '50' }));
    await waitFor(() =>
      expect(screen.getAllByTestId('slo-service-row')).toHaveLength(50),
    );
    expect(api.getServices).toHaveBeenLastCalledWith(
      expect.objectContaining({ offset: 0, limit: 50 }),
    );
    expect(pagination).toHaveTextContent('1–50 of 60');
  });

  it('searches the services on the server once typing pauses', async () => {
    const api = await renderPage();
    await screen.findByRole('table', { name: 'Services' });
    const calls = api.getServices.mock.calls.length;
    const search = screen.getByTestId('slo-services-search');
    fireEvent.change(search, { target: { value: 'p' } });
    fireEvent.change(search, { target: { value: 'pay' } });
    fireEvent.change(search, { target: { value: 'payments' } });
    await waitFor(() => expect(location()).toBe('?q=payments'));
    await waitFor(() =>
      expect(serviceOrder()).toEqual(['component:default/payments']),
    );
    // One request for the three keys, none for the words in between.
    expect(api.getServices.mock.calls.slice(calls).map(c => c[0]?.q)).toEqual([
      'payments',
    ]);
    // The overview's aggregates do not depend on the search.
    expect(api.getOverview).toHaveBeenCalledTimes(1);

    fireEvent.change(search, { target: { value: 'nothing like it' } });
    expect(await screen.findByTestId('slo-services-none')).toHaveTextContent(
      'No services match this search.',
    );
    expect(screen.queryAllByTestId('slo-service-row')).toHaveLength(0);
  });

  it('reads the search from a shared URL', async () => {
    const api = await renderPage(createFakeSloApi(), '/slo?q=search');
    expect(await screen.findByTestId('slo-service-row')).toHaveAttribute(
      'data-entity-ref',
      'component:default/search',
    );
    expect(api.getServices.mock.calls[0][0]).toMatchObject({ q: 'search' });
    expect(screen.getByTestId('slo-services-search')).toHaveValue('search');
  });

  it('shows the error of a failed page of services below the aggregates', async () => {
    const api = createFakeSloApi();
    api.getServices.mockRejectedValue(new Error('services are down'));
    await renderPage(api);
    expect(
      await screen.findByText('Error: services are down', { selector: 'h6' }),
    ).toBeInTheDocument();
    expect(screen.getByTestId('tier-row-critical')).toBeInTheDocument();
  });
});
