import {
  configApiRef,
  discoveryApiRef,
  fetchApiRef,
} from '@backstage/core-plugin-api';
import { entityRouteRef } from '@backstage/plugin-catalog-react';
import {
  MockConfigApi,
  renderInTestApp,
  TestApiProvider,
} from '@backstage/test-utils';
import { fireEvent, screen, waitFor, within } from '@testing-library/react';
import { ServicesPage } from './ServicesPage';
import {
  Grouping,
  ServiceGroup,
  ServiceRow,
  ServicesResponse,
} from './servicesApi';

const checkout = { ref: 'group:default/team-checkout', title: 'Checkout team' };
const payments = { ref: 'group:default/team-payments', title: 'Payments team' };
const orders = { ref: 'system:default/orders', title: 'Orders' };
const paymentsCore = {
  ref: 'system:default/payments-core',
  title: 'Payments core',
};
const commerce = { ref: 'domain:default/commerce', title: 'Commerce' };
const paymentsDomain = { ref: 'domain:default/payments', title: 'payments' };

const row = (over: Partial<ServiceRow> & { title: string }): ServiceRow => ({
  entityRef: `component:default/${over.title}`,
  type: 'service',
  lifecycle: 'production',
  missing: [],
  ...over,
});

const rows: ServiceRow[] = [
  row({
    title: 'cart-service',
    owner: checkout,
    system: orders,
    domain: commerce,
    tier: 'important',
    missing: ['on-call', 'runbook'],
  }),
  row({
    title: 'order-service',
    owner: checkout,
    system: orders,
    domain: commerce,
    tier: 'critical',
  }),
  row({
    title: 'ledger-service',
    owner: payments,
    system: paymentsCore,
    domain: paymentsDomain,
    tier: 'critical',
  }),
];

/** What the backend would answer, for the few queries the tests send. */
function answer(params: URLSearchParams): ServicesResponse {
  const by = (params.get('groupBy') ?? 'team') as Grouping;
  const q = params.get('q') ?? '';
  const keys: Record<Grouping, (r: ServiceRow) => string | undefined> = {
    team: r => r.owner?.ref,
    domain: r => r.domain?.ref,
    tier: r => r.tier,
  };
  const titles: Record<Grouping, (r: ServiceRow) => string> = {
    team: r => r.owner!.title,
    domain: r => r.domain!.title,
    tier: r => (r.tier === 'critical' ? 'Critical' : 'Important'),
  };
  const keyOf = (r: ServiceRow) => keys[by](r) ?? 'none';
  const titleOf = titles[by];
  const filtered = rows.filter(r => r.title.includes(q));
  const groups: ServiceGroup[] = [];
  for (const r of filtered) {
    let group = groups.find(g => g.key === keyOf(r));
    if (!group) {
      group = {
        key: keyOf(r),
        title: titleOf(r),
        ...(by === 'tier' ? {} : { entityRef: keyOf(r) }),
        count: 0,
        missingMetadata: 0,
      };
      groups.push(group);
    }
    group.count += 1;
    if (r.missing.length) group.missingMetadata += 1;
  }
  groups.sort((a, b) => b.count - a.count || a.title.localeCompare(b.title));
  const group = params.get('group');
  const selected = filtered
    .filter(r => !group || keyOf(r) === group)
    .map(r => ({ ...r, group: keyOf(r) }))
    .sort(
      (a, b) =>
        groups.findIndex(g => g.key === a.group) -
          groups.findIndex(g => g.key === b.group) ||
        (params.get('order') === 'desc' ? -1 : 1) *
          a.title.localeCompare(b.title),
    );
  const offset = Number(params.get('offset'));
  const limit = Number(params.get('limit'));
  return {
    items: selected.slice(offset, offset + limit),
    totalItems: selected.length,
    offset,
    limit,
    groups,
    summary: { services: rows.length, missingMetadata: 1 },
  };
}

function fakeBackend(respond = answer) {
  const requests: URLSearchParams[] = [];
  const fetch = jest.fn(async (input: RequestInfo | URL) => {
    const url = String(input);
    const parsed = new URL(url);
    expect(parsed.pathname).toBe('/api/golden-path/services');
    requests.push(parsed.searchParams);
    return new Response(JSON.stringify(respond(parsed.searchParams)), {
      status: 200,
      headers: { 'content-type': 'application/json' },
    });
  });
  return { fetch, requests, last: () => requests[requests.length - 1] };
}

async function renderPage(
  backend = fakeBackend(),
  props: { header?: boolean } = {},
) {
  await renderInTestApp(
    <TestApiProvider
      apis={[
        [configApiRef, new MockConfigApi({})],
        [
          discoveryApiRef,
          {
            getBaseUrl: async (id: string) => `http://localhost/api/${id}`,
          },
        ],
        [fetchApiRef, { fetch: backend.fetch }],
      ]}
    >
      <ServicesPage {...props} />
    </TestApiProvider>,
    { mountedRoutes: { '/catalog/:namespace/:kind/:name': entityRouteRef } },
  );
  return backend;
}

/** The group headings of the table, in order. */
const groupHeadings = () =>
  screen
    .getAllByTestId('service-group')
    .map(
      group =>
        within(group).getByRole('rowheader').textContent?.split(' · ')[0],
    );

/** The services of one group of the table, in order. */
const servicesIn = (heading: string) => {
  const group = screen
    .getAllByTestId('service-group')
    .find(g =>
      within(g).getByRole('rowheader').textContent?.startsWith(heading),
    );
  if (!group) throw new Error(`no group ${heading}`);
  return within(group)
    .getAllByRole('row')
    .slice(1)
    .map(r => within(r).getAllByRole('cell')[0].textContent);
};

const chips = () =>
  within(screen.getByRole('group', { name: 'Groups' }))
    .getAllByRole('button')
    .map(g => g.textContent);

// jsdom draws MUI tables slowly on a busy machine.
jest.setTimeout(30_000);

describe('ServicesPage', () => {
  it('asks the backend for the first page grouped by team and shows the groups with counts and missing metadata', async () => {
    const backend = await renderPage();
    expect(
      await screen.findByText('3 services, 1 missing metadata'),
    ).toBeInTheDocument();
    expect(Object.fromEntries(backend.last())).toEqual({
      offset: '0',
      limit: '50',
      sort: 'service',
      order: 'asc',
      groupBy: 'team',
    });
    expect(chips()).toEqual([
      'Checkout team 2 (1 missing metadata)',
      'Payments team 1',
    ]);
    expect(groupHeadings()).toEqual(['Checkout team', 'Payments team']);
    expect(servicesIn('Checkout team')).toEqual([
      'cart-service',
      'order-service',
    ]);
    expect(servicesIn('Payments team')).toEqual(['ledger-service']);
    expect(screen.getByText('All services (3)')).toBeInTheDocument();
    // The team is the group: no Team column.
    expect(screen.queryByRole('columnheader', { name: 'Team' })).toBeNull();
    // cart-service lacks on-call and runbook.
    expect(screen.getByText('on-call')).toBeInTheDocument();
    expect(screen.getByText('runbook')).toBeInTheDocument();
  });

  it('shows titles, never raw ids or refs, with the ref in a tooltip', async () => {
    await renderPage();
    await screen.findByText('3 services, 1 missing metadata');
    fireEvent.click(screen.getByRole('button', { name: 'By tier' }));
    await waitFor(() => expect(groupHeadings()).toContain('Critical'));
    const table = screen.getByRole('table', { name: 'Services' });
    expect(within(table).getAllByText('Checkout team')).not.toHaveLength(0);
    expect(within(table).getByText('Payments core')).toBeInTheDocument();
    expect(within(table).getAllByText('Commerce')).not.toHaveLength(0);
    expect(table.textContent).not.toMatch(/team-checkout|group:|system:/);
    expect(
      within(table).getByText('Payments core').closest('a'),
    ).toHaveAttribute('href', '/catalog/default/system/payments-core');
    fireEvent.mouseOver(within(table).getByText('Payments core'));
    expect(await screen.findByRole('tooltip')).toHaveTextContent(
      'system:default/payments-core',
    );
  });

  it('regroups on the server by domain and by tier, hiding the grouped column', async () => {
    const backend = await renderPage();
    await screen.findByText('3 services, 1 missing metadata');
    fireEvent.click(screen.getByRole('button', { name: 'By domain' }));
    await waitFor(() =>
      expect(groupHeadings()).toEqual(['Commerce', 'payments']),
    );
    expect(backend.last().get('groupBy')).toBe('domain');
    expect(chips()).toEqual(['Commerce 2 (1 missing metadata)', 'payments 1']);
    fireEvent.click(screen.getByRole('button', { name: 'By tier' }));
    await waitFor(() =>
      expect(groupHeadings()).toEqual(['Critical', 'Important']),
    );
    expect(servicesIn('Critical')).toEqual(['ledger-service', 'order-service']);
    expect(screen.queryByRole('columnheader', { name: 'Tier' })).toBeNull();
    expect(
      screen.getByRole('columnheader', { name: 'Team' }),
    ).toBeInTheDocument();
  });

  it('asks for only the group whose chip is clicked, and all again on a second click', async () => {
    const backend = await renderPage();
    await screen.findByText('3 services, 1 missing metadata');
    const chip = within(
      screen.getByRole('group', { name: 'Groups' }),
    ).getByText('Payments team');
    fireEvent.click(chip);
    expect(await screen.findByText('Payments team (1)')).toBeInTheDocument();
    expect(backend.last().get('group')).toBe('group:default/team-payments');
    expect(groupHeadings()).toEqual(['Payments team']);
    expect(screen.queryByText('order-service')).toBeNull();
    fireEvent.click(
      within(screen.getByRole('group', { name: 'Groups' })).getByText(
        'Payments team',
      ),
    );
    await waitFor(() =>
      expect(groupHeadings()).toEqual(['Checkout team', 'Payments team']),
    );
    expect(backend.last().get('group')).toBeNull();
    expect(screen.getByText('order-service')).toBeInTheDocument();
  });

  it('sorts on the server: a header sends sort and order, and flips the order on a second click', async () => {
    const backend = await renderPage();
    await screen.findByText('3 services, 1 missing metadata');
    fireEvent.click(screen.getByRole('button', { name: 'Tier' }));
    await waitFor(() => expect(backend.last().get('sort')).toBe('tier'));
    expect(backend.last().get('order')).toBe('asc');
    await waitFor(() =>
      expect(
        screen.getByRole('columnheader', { name: 'Tier' }),
      ).toHaveAttribute('aria-sort', 'ascending'),
    );
    fireEvent.click(screen.getByRole('button', { name: 'Tier' }));
    await waitFor(() => expect(backend.last().get('order')).toBe('desc'));
    expect(screen.getByRole('columnheader', { name: 'Tier' })).toHaveAttribute(
      'aria-sort',
      'descending',
    );
  });

  it('pages on the server with 25, 50 or 100 rows per page', async () => {
    const many = Array.from({ length: 30 }, (_, i) =>
      row({ title: `svc-${String(i).padStart(3, '0')}`, owner: checkout }),
    );
    const backend = await renderPage(
      fakeBackend(params => {
        const offset = Number(params.get('offset'));
        const limit = Number(params.get('limit'));
        return {
          items: many
            .slice(offset, offset + limit)
            .map(r => ({ ...r, group: checkout.ref })),
          totalItems: many.length,
          offset,
          limit,
          groups: [
            {
              key: checkout.ref,
              title: checkout.title,
              entityRef: checkout.ref,
              count: many.length,
              missingMetadata: 0,
            },
          ],
          summary: { services: many.length, missingMetadata: 0 },
        };
      }),
    );
    await screen.findByText('30 services, 0 missing metadata');
    expect(servicesIn('Checkout team')).toHaveLength(30);
    expect(screen.getByText('1–30 of 30')).toBeInTheDocument();
    fireEvent.mouseDown(screen.getByRole('combobox'));
    expect(screen.getAllByRole('option').map(o => o.textContent)).toEqual([
      '25',
      '50',
      '100',
    ]);
    fireEvent.click(screen.getByRole('option', { name: '25' }));
    await waitFor(() => expect(screen.getByText('1–25 of 30')).toBeVisible());
    expect(backend.last().get('limit')).toBe('25');
    fireEvent.click(screen.getByRole('button', { name: 'Go to next page' }));
    await waitFor(() => expect(screen.getByText('26–30 of 30')).toBeVisible());
    expect(backend.last().get('offset')).toBe('25');
    expect(servicesIn('Checkout team')).toEqual([
      'svc-025',
      'svc-026',
      'svc-027',
      'svc-028',
      'svc-029',
    ]);
    // The group's heading shows on every page it has rows on.
    expect(groupHeadings()).toEqual(['Checkout team']);
  }, 30_000);

  it('searches on the server once typing stops', async () => {
    const backend = await renderPage();
    await screen.findByText('3 services, 1 missing metadata');
    const before = backend.requests.length;
    const box = screen.getByRole('textbox', { name: 'Filter services' });
    fireEvent.change(box, { target: { value: 'led' } });
    fireEvent.change(box, { target: { value: 'ledger' } });
    await waitFor(() => expect(groupHeadings()).toEqual(['Payments team']));
    expect(backend.requests.slice(before).map(r => r.get('q'))).toEqual([
      'ledger',
    ]);
    expect(screen.getByText('All services (1)')).toBeInTheDocument();
    fireEvent.change(box, { target: { value: 'nothing like it' } });
    expect(
      await screen.findByText('No services match “nothing like it”.'),
    ).toBeInTheDocument();
  });

  it('draws no header of its own unless asked to (legacy frontend system)', async () => {
    await renderPage();
    await screen.findByText('3 services, 1 missing metadata');
    expect(screen.queryByRole('heading', { name: 'Services' })).toBeNull();
  });

  it('draws its own header for the legacy frontend system', async () => {
    await renderPage(undefined, { header: true });
    expect(
      await screen.findByRole('heading', { name: 'Services' }),
    ).toBeInTheDocument();
  });

  it('shows an empty state without services', async () => {
    await renderPage(
      fakeBackend(() => ({
        items: [],
        totalItems: 0,
        offset: 0,
        limit: 50,
        groups: [],
        summary: { services: 0, missingMetadata: 0 },
      })),
    );
    expect(
      await screen.findByText('No services in the catalog yet'),
    ).toBeInTheDocument();
  });

  it('keeps the last page with the error when a later request fails', async () => {
    const backend = await renderPage();
    await screen.findByText('3 services, 1 missing metadata');
    backend.fetch.mockImplementation(
      async () =>
        new Response(JSON.stringify({ error: { message: 'try later' } }), {
          status: 503,
        }),
    );
    fireEvent.click(screen.getByRole('button', { name: 'By tier' }));
    expect((await screen.findAllByText(/try later/)).length).toBeGreaterThan(0);
    expect(screen.getByText('order-service')).toBeInTheDocument();
  });

  it('shows the error when the backend cannot answer', async () => {
    const backend = fakeBackend();
    backend.fetch.mockImplementation(
      async () =>
        new Response(
          JSON.stringify({ error: { message: 'catalog is down' } }),
          { status: 503 },
        ),
    );
    await renderPage(backend);
    expect(
      (await screen.findAllByText(/catalog is down/)).length,
    ).toBeGreaterThan(0);
    expect(screen.queryByText('All services', { exact: false })).toBeNull();
  });
});
