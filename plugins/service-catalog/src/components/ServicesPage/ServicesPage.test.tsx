import { Entity } from '@backstage/catalog-model';
import { configApiRef } from '@backstage/core-plugin-api';
import { catalogApiRef, entityRouteRef } from '@backstage/plugin-catalog-react';
import { catalogApiMock } from '@backstage/plugin-catalog-react/testUtils';
import {
  MockConfigApi,
  renderInTestApp,
  TestApiProvider,
} from '@backstage/test-utils';
import { fireEvent, screen, within } from '@testing-library/react';
import { ServicesPage } from './ServicesPage';

const component = (
  name: string,
  owner: string,
  system: string,
  annotations: Record<string, string>,
): Entity => ({
  apiVersion: 'backstage.io/v1alpha1',
  kind: 'Component',
  metadata: { name, annotations },
  spec: { type: 'service', lifecycle: 'production', owner, system },
});

const complete = (tier: string) => ({
  'golden-path.io/tier': tier,
  'golden-path.io/on-call': 'https://oncall.example.com/x',
  'golden-path.io/runbook': 'https://runbooks.example.com/x',
});

const entities: Entity[] = [
  component(
    'order-service',
    'group:team-checkout',
    'orders',
    complete('critical'),
  ),
  component('cart-service', 'group:team-checkout', 'orders', {
    'golden-path.io/tier': 'important',
  }),
  component(
    'ledger-service',
    'group:team-payments',
    'payments-core',
    complete('critical'),
  ),
  {
    apiVersion: 'backstage.io/v1alpha1',
    kind: 'System',
    metadata: { name: 'orders', title: 'Orders' },
    spec: { owner: 'group:team-checkout', domain: 'commerce' },
  },
  {
    apiVersion: 'backstage.io/v1alpha1',
    kind: 'System',
    metadata: { name: 'payments-core', title: 'Payments core' },
    spec: { owner: 'group:team-payments', domain: 'payments' },
  },
  {
    apiVersion: 'backstage.io/v1alpha1',
    kind: 'Domain',
    metadata: { name: 'commerce', title: 'Commerce' },
    spec: {},
  },
  {
    apiVersion: 'backstage.io/v1alpha1',
    kind: 'Group',
    metadata: { name: 'team-checkout', title: 'Checkout team' },
    spec: { type: 'team', profile: { displayName: 'Checkout team' } },
  },
  {
    apiVersion: 'backstage.io/v1alpha1',
    kind: 'Group',
    metadata: { name: 'team-payments', title: 'Payments team' },
    spec: { type: 'team', children: [] },
  },
];

async function renderPage(
  catalogApi = catalogApiMock({ entities }),
  props: { header?: boolean } = {},
) {
  await renderInTestApp(
    <TestApiProvider
      apis={[
        [catalogApiRef, catalogApi],
        [configApiRef, new MockConfigApi({})],
      ]}
    >
      <ServicesPage {...props} />
    </TestApiProvider>,
    { mountedRoutes: { '/catalog/:namespace/:kind/:name': entityRouteRef } },
  );
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

describe('ServicesPage', () => {
  it('groups the table by team under the team titles, with counts and missing metadata', async () => {
    await renderPage();
    expect(
      await screen.findByText('3 services, 1 missing metadata'),
    ).toBeInTheDocument();
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

  it('regroups the table by domain and by tier, in tier order', async () => {
    await renderPage();
    await screen.findByText('3 services, 1 missing metadata');
    fireEvent.click(screen.getByRole('button', { name: 'By domain' }));
    expect(chips()).toEqual(['Commerce 2 (1 missing metadata)', 'payments 1']);
    expect(groupHeadings()).toEqual(['Commerce', 'payments']);
    fireEvent.click(screen.getByRole('button', { name: 'By tier' }));
    expect(chips()).toEqual(['Critical 2', 'Important 1 (1 missing metadata)']);
    expect(groupHeadings()).toEqual(['Critical', 'Important']);
    expect(servicesIn('Critical')).toEqual(['ledger-service', 'order-service']);
    expect(screen.queryByRole('columnheader', { name: 'Tier' })).toBeNull();
    expect(
      screen.getByRole('columnheader', { name: 'Team' }),
    ).toBeInTheDocument();
  });

  it('shows only the group whose chip is clicked, and all again on a second click', async () => {
    await renderPage();
    await screen.findByText('3 services, 1 missing metadata');
    const chip = within(
      screen.getByRole('group', { name: 'Groups' }),
    ).getByText('Payments team');
    fireEvent.click(chip);
    expect(screen.getByText('Payments team (1)')).toBeInTheDocument();
    expect(groupHeadings()).toEqual(['Payments team']);
    expect(screen.queryByText('order-service')).toBeNull();
    fireEvent.click(chip);
    expect(groupHeadings()).toEqual(['Checkout team', 'Payments team']);
    expect(screen.getByText('order-service')).toBeInTheDocument();
  });

  it('sorts by tier in tier order within the groups', async () => {
    await renderPage(
      catalogApiMock({
        entities: [
          component(
            'a-standard',
            'group:team-x',
            'orders',
            complete('standard'),
          ),
          component(
            'b-critical',
            'group:team-x',
            'orders',
            complete('critical'),
          ),
          component(
            'c-best',
            'group:team-x',
            'orders',
            complete('best-effort'),
          ),
          component(
            'd-important',
            'group:team-x',
            'orders',
            complete('important'),
          ),
        ],
      }),
    );
    await screen.findByText('4 services, 0 missing metadata');
    fireEvent.click(screen.getByRole('button', { name: 'Tier' }));
    expect(servicesIn('team-x')).toEqual([
      'b-critical',
      'd-important',
      'a-standard',
      'c-best',
    ]);
    expect(screen.getByRole('columnheader', { name: 'Tier' })).toHaveAttribute(
      'aria-sort',
      'ascending',
    );
    fireEvent.click(screen.getByRole('button', { name: 'Tier' }));
    expect(servicesIn('team-x')).toEqual([
      'c-best',
      'a-standard',
      'd-important',
      'b-critical',
    ]);
  });

  it('filters the services by text', async () => {
    await renderPage();
    await screen.findByText('3 services, 1 missing metadata');
    fireEvent.change(screen.getByRole('textbox', { name: 'Filter services' }), {
      target: { value: 'ledger' },
    });
    expect(groupHeadings()).toEqual(['Payments team']);
    expect(screen.getByText('All services (1)')).toBeInTheDocument();
    fireEvent.change(screen.getByRole('textbox', { name: 'Filter services' }), {
      target: { value: 'nothing like it' },
    });
    expect(
      screen.getByText('No services match “nothing like it”.'),
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
    await renderPage(catalogApiMock({ entities: [] }));
    expect(
      await screen.findByText('No services in the catalog yet'),
    ).toBeInTheDocument();
  });

  it('shows the error when the catalog cannot be read', async () => {
    const failing = catalogApiMock.mock({
      queryEntities: jest.fn().mockRejectedValue(new Error('catalog is down')),
    });
    await renderPage(failing as any);
    expect(
      (await screen.findAllByText(/catalog is down/)).length,
    ).toBeGreaterThan(0);
    expect(screen.queryByText('All services', { exact: false })).toBeNull();
  });
});
