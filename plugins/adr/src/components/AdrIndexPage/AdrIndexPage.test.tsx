import {
  entityPresentationApiRef,
  entityRouteRef,
} from '@backstage/plugin-catalog-react';
import { renderInTestApp, TestApiProvider } from '@backstage/test-utils';
import { fireEvent, screen, waitFor, within } from '@testing-library/react';
import { Route, Routes, useLocation } from 'react-router-dom';
import { adrApiRef } from '../../api/AdrApi';
import {
  createFakeAdrApi,
  emptyCounts,
  record,
} from '../../__fixtures__/fakeAdrApi';
import { fakeEntityPresentationApi } from '../../__fixtures__/fakeEntityPresentationApi';
import { AdrIndexPage } from './AdrIndexPage';

const LocationDisplay = () => {
  const location = useLocation();
  return (
    <div data-testid="location">{`${location.pathname}${location.search}`}</div>
  );
};

const accepted = record();
const stale = record({
  path: 'decisions/0002-use-kafka.md',
  number: 2,
  slug: 'use-kafka',
  title: 'Use Kafka for events',
  status: 'proposed',
  statusRaw: 'Proposed',
  date: '2024-03-01',
  staleProposed: true,
});

/** The paging fields of a list answer with `total` rows. */
const paged = (total: number) => ({
  totalItems: total,
  totalCount: total,
  offset: 0,
  limit: 25,
});

function pageApi() {
  return createFakeAdrApi({
    records: [accepted, stale],
    list: {
      items: [accepted, stale],
      ...paged(2),
      counts: { ...emptyCounts, accepted: 7, proposed: 3, unknown: 1 },
      staleProposedCount: 1,
    },
  });
}

async function renderPage(
  api = pageApi(),
  route = '/adrs',
  props: { header?: boolean } = {},
) {
  await renderInTestApp(
    <TestApiProvider
      apis={[
        [adrApiRef, api],
        [entityPresentationApiRef, fakeEntityPresentationApi()],
      ]}
    >
      {/* Mounted under /adrs as the app mounts it. */}
      <Routes>
        <Route path="/adrs/*" element={<AdrIndexPage {...props} />} />
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
const lastQuery = (api: ReturnType<typeof pageApi>) =>
  api.listAdrs.mock.calls[api.listAdrs.mock.calls.length - 1][0];

describe('AdrIndexPage', () => {
  beforeEach(() => {
    jest.useFakeTimers({
      now: new Date('2024-04-15T12:00:00Z'),
      advanceTimers: true,
    });
  });
  afterEach(() => {
    jest.useRealTimers();
  });

  it('shows counts by status, the stale callout and the table', async () => {
    const api = await renderPage();
    expect(
      await screen.findByRole('heading', {
        name: 'Architecture Decision Records',
      }),
    ).toBeInTheDocument();
    const statuses = await screen.findByRole('group', { name: 'Status' });
    await waitFor(() =>
      expect(
        within(statuses).getByRole('button', { name: 'accepted 7' }),
      ).toBeInTheDocument(),
    );
    expect(
      within(statuses).getByRole('button', { name: 'proposed 3' }),
    ).toBeInTheDocument();
    expect(
      within(statuses).getByRole('button', { name: 'unknown 1' }),
    ).toBeInTheDocument();
    expect(
      await screen.findByText('1 proposed for more than 30 days'),
    ).toBeInTheDocument();
    const table = screen.getByRole('table', {
      name: 'Architecture decision records',
    });
    expect(
      within(table)
        .getAllByRole('columnheader')
        .map(h => h.textContent),
    ).toEqual([
      'Number',
      'Title',
      'Status',
      'Date',
      'Entity',
      'Owner',
      'Decision makers',
    ]);
    expect(within(table).getByText('Use Kafka for events')).toHaveAttribute(
      'href',
      '/adrs/component/default/payments/decisions/0002-use-kafka.md',
    );
    expect(lastQuery(api)).toEqual(
      expect.objectContaining({ status: [], limit: 25, offset: 0 }),
    );
  });

  it('highlights a stale proposed row with how long it has been proposed', async () => {
    await renderPage();
    const title = await screen.findByText('Use Kafka for events');
    const row = title.closest('tr')!;
    expect(row).toHaveAttribute('data-stale', 'true');
    expect(within(row).getByText('proposed 45 days')).toBeInTheDocument();
    const other = screen
      .getByText('Record architecture decisions')
      .closest('tr')!;
    expect(other).not.toHaveAttribute('data-stale');
  });

  it('filters by status and puts the filter in the URL', async () => {
    const api = await renderPage();
    fireEvent.click(await screen.findByRole('button', { name: 'proposed 3' }));
    await waitFor(() => expect(location()).toBe('/adrs?status=proposed'));
    await waitFor(() =>
      expect(lastQuery(api)).toEqual(
        expect.objectContaining({ status: ['proposed'], offset: 0 }),
      ),
    );
    expect(screen.getByRole('button', { name: 'proposed 3' })).toHaveAttribute(
      'aria-pressed',
      'true',
    );
  });

  it('filters by owner team, shown by title', async () => {
    const api = await renderPage();
    const owner = await screen.findByLabelText('Owner team');
    fireEvent.mouseDown(owner);
    fireEvent.click(await screen.findByText('Checkout team (1)'));
    await waitFor(() =>
      expect(location()).toBe('/adrs?owner=group%3Adefault%2Fteam-checkout'),
    );
    await waitFor(() =>
      expect(lastQuery(api)).toEqual(
        expect.objectContaining({ owner: ['group:default/team-checkout'] }),
      ),
    );
  });

  it('filters by dates and debounced free text', async () => {
    const api = await renderPage();
    fireEvent.change(await screen.findByLabelText('From'), {
      target: { value: '2024-01-01' },
    });
    await waitFor(() => expect(location()).toBe('/adrs?from=2024-01-01'));
    fireEvent.change(screen.getByLabelText('Search'), {
      target: { value: 'kafka' },
    });
    await waitFor(() =>
      expect(location()).toBe('/adrs?from=2024-01-01&q=kafka'),
    );
    await waitFor(() =>
      expect(lastQuery(api)).toEqual(
        expect.objectContaining({ from: '2024-01-01', q: 'kafka' }),
      ),
    );
  });

  it('reads the filters from the URL on load and pages on the server', async () => {
    const api = pageApi();
    api.listAdrs.mockResolvedValue({
      items: [accepted],
      ...paged(60),
      counts: { ...emptyCounts, accepted: 60 },
      staleProposedCount: 0,
    });
    await renderPage(
      api,
      '/adrs?status=accepted&system=system%3Adefault%2Fpayments-core&stale=true&decisionMaker=Ann&to=2024-12-31&page=2',
    );
    await screen.findByText('Record architecture decisions');
    expect(api.listAdrs).toHaveBeenCalledWith({
      status: ['accepted'],
      owner: [],
      system: ['system:default/payments-core'],
      decisionMaker: 'Ann',
      from: undefined,
      to: '2024-12-31',
      q: undefined,
      stale: true,
      sort: 'date',
      order: 'desc',
      limit: 25,
      offset: 25,
    });
    expect(
      screen.getByRole('checkbox', { name: 'Only proposed > 30 days' }),
    ).toBeChecked();
    fireEvent.click(screen.getByRole('button', { name: /next page/i }));
    await waitFor(() => expect(location()).toContain('page=3'));
    await waitFor(() =>
      expect(lastQuery(api)).toEqual(expect.objectContaining({ offset: 50 })),
    );
  });

  it('sorts on the server from the column headers, keeping the filters', async () => {
    const api = await renderPage(pageApi(), '/adrs?status=accepted&page=2');
    const table = await screen.findByRole('table', {
      name: 'Architecture decision records',
    });
    expect(lastQuery(api)).toEqual(
      expect.objectContaining({ sort: 'date', order: 'desc' }),
    );
    const date = within(table).getByRole('columnheader', { name: 'Date' });
    expect(date).toHaveAttribute('aria-sort', 'descending');
    fireEvent.click(within(table).getByRole('button', { name: 'Title' }));
    await waitFor(() =>
      expect(location()).toBe('/adrs?status=accepted&sort=title'),
    );
    await waitFor(() =>
      expect(lastQuery(api)).toEqual(
        expect.objectContaining({
          status: ['accepted'],
          sort: 'title',
          order: 'asc',
          offset: 0,
        }),
      ),
    );
    expect(
      within(table).getByRole('columnheader', { name: 'Title' }),
    ).toHaveAttribute('aria-sort', 'ascending');
    fireEvent.click(within(table).getByRole('button', { name: 'Title' }));
    await waitFor(() =>
      expect(location()).toBe('/adrs?status=accepted&sort=title&order=desc'),
    );
    await waitFor(() =>
      expect(lastQuery(api)).toEqual(
        expect.objectContaining({ sort: 'title', order: 'desc' }),
      ),
    );
    // Decision makers are not sortable.
    expect(
      within(
        within(table).getByRole('columnheader', { name: 'Decision makers' }),
      ).queryByRole('button'),
    ).toBeNull();
  });

  it('offers 25, 50 or 100 rows per page, asked of the server', async () => {
    const api = pageApi();
    api.listAdrs.mockResolvedValue({
      items: [accepted],
      ...paged(300),
      counts: { ...emptyCounts, accepted: 300 },
      staleProposedCount: 0,
    });
    await renderPage(api, '/adrs?page=3');
    await screen.findByText('Record architecture decisions');
    expect(lastQuery(api)).toEqual(
      expect.objectContaining({ limit: 25, offset: 50 }),
    );
    fireEvent.mouseDown(
      screen.getByRole('combobox', { name: /rows per page/i }),
    );
    fireEvent.click(await screen.findByRole('option', { name: '100' }));
    await waitFor(() => expect(location()).toBe('/adrs?pageSize=100'));
    await waitFor(() =>
      expect(lastQuery(api)).toEqual(
        expect.objectContaining({ limit: 100, offset: 0 }),
      ),
    );
    fireEvent.click(screen.getByRole('button', { name: /next page/i }));
    await waitFor(() =>
      expect(lastQuery(api)).toEqual(
        expect.objectContaining({ limit: 100, offset: 100 }),
      ),
    );
  });

  it('tells the user how to add ADRs when there are none', async () => {
    const api = pageApi();
    api.listAdrs.mockResolvedValue({
      items: [],
      ...paged(0),
      counts: emptyCounts,
      staleProposedCount: 0,
    });
    await renderPage(api);
    expect(await screen.findByText('No ADRs yet')).toBeInTheDocument();
    expect(
      screen.getByText(/golden-path.io\/adr-location/),
    ).toBeInTheDocument();
  });

  it('says when the filters match nothing and clears them', async () => {
    const api = pageApi();
    api.listAdrs.mockResolvedValue({
      items: [],
      ...paged(0),
      counts: emptyCounts,
      staleProposedCount: 0,
    });
    await renderPage(api, '/adrs?status=rejected');
    expect(
      await screen.findByText('No ADRs match these filters'),
    ).toBeInTheDocument();
    fireEvent.click(
      screen.getAllByRole('button', { name: 'Clear filters' })[0],
    );
    await waitFor(() => expect(location()).toBe('/adrs'));
  });

  it('shows the backend error', async () => {
    const api = pageApi();
    api.listAdrs.mockRejectedValue(new Error('adr backend is down'));
    await renderPage(api);
    expect(
      (await screen.findAllByText(/adr backend is down/)).length,
    ).toBeGreaterThan(0);
    expect(screen.queryByRole('table')).toBeNull();
  });

  it('opens the reader on the sub-route', async () => {
    await renderPage(
      pageApi(),
      '/adrs/component/default/payments/decisions/0002-use-kafka.md',
    );
    expect(
      await screen.findByRole('heading', {
        name: 'ADR-0002 Use Kafka for events',
      }),
    ).toBeInTheDocument();
    expect(screen.getByText('← All decisions')).toHaveAttribute(
      'href',
      '/adrs',
    );
  });

  it('names owners, entities and decision makers by title, refs only in tooltips', async () => {
    const withRefs = record({
      path: 'decisions/0003-use-nats.md',
      number: 3,
      title: 'Use NATS',
      entityRef: 'component:default/order-service',
      owner: 'group:default/team-checkout',
      decisionMakers: ['group:default/team-checkout', 'Ana Ruiz'],
    });
    const api = createFakeAdrApi({
      records: [withRefs],
      list: {
        items: [withRefs],
        ...paged(1),
        counts: { ...emptyCounts, accepted: 1 },
        staleProposedCount: 0,
      },
    });
    await renderPage(api);
    const table = await screen.findByRole('table', {
      name: 'Architecture decision records',
    });
    const row = within(table).getAllByRole('row')[1];
    await waitFor(() =>
      expect(
        within(row)
          .getAllByRole('cell')
          .map(c => c.textContent),
      ).toEqual([
        'ADR-0003',
        'Use NATS',
        'accepted',
        '2024-01-10',
        'Order service',
        'Checkout team',
        'Checkout team, Ana Ruiz',
      ]),
    );
    expect(table.textContent).not.toMatch(/group:|component:|team-checkout/);
  });

  it('offers the owner teams by title in the owner filter', async () => {
    await renderPage();
    const owner = await screen.findByRole('combobox', { name: 'Owner team' });
    fireEvent.mouseDown(owner);
    fireEvent.keyDown(owner, { key: 'ArrowDown' });
    const options = await screen.findAllByRole('option');
    await waitFor(() =>
      expect(options.map(o => o.textContent)).toEqual([
        'Payments team (2)',
        'Checkout team (1)',
      ]),
    );
  });

  it('draws no header of its own in the new frontend system, the subtitle in the content', async () => {
    await renderPage(pageApi(), '/adrs', { header: false });
    expect(
      await screen.findByText(
        'Every ADR across the organisation, by status, team and system',
      ),
    ).toBeInTheDocument();
    expect(
      screen.queryByRole('heading', { name: 'Architecture Decision Records' }),
    ).toBeNull();
  });

  it('names the entity of the reader by title, with a link, without a header of its own', async () => {
    await renderPage(
      pageApi(),
      '/adrs/component/default/payments/decisions/0002-use-kafka.md',
      { header: false },
    );
    expect(
      await screen.findByRole('heading', {
        name: 'ADR-0002 Use Kafka for events',
      }),
    ).toBeInTheDocument();
    expect(
      screen.queryByRole('heading', { name: 'Architecture Decision Record' }),
    ).toBeNull();
    expect(
      (await screen.findByText('Payments service')).closest('a'),
    ).toHaveAttribute('href', '/catalog/default/component/payments');
    expect(document.body.textContent).not.toMatch(/component:default/);
  });

  it('names the entity by title in the subtitle of its own header (legacy)', async () => {
    await renderPage(
      pageApi(),
      '/adrs/component/default/payments/decisions/0002-use-kafka.md',
    );
    expect(
      await screen.findByRole('heading', {
        name: 'Architecture Decision Record',
      }),
    ).toBeInTheDocument();
    await waitFor(() =>
      expect(screen.getAllByText('Payments service').length).toBeGreaterThan(1),
    );
    expect(document.body.textContent).not.toMatch(/component:default/);
  });
});
