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
    metadata: { name: 'orders' },
    spec: { owner: 'group:team-checkout', domain: 'commerce' },
  },
  {
    apiVersion: 'backstage.io/v1alpha1',
    kind: 'System',
    metadata: { name: 'payments-core' },
    spec: { owner: 'group:team-payments', domain: 'payments' },
  },
];

async function renderPage(catalogApi = catalogApiMock({ entities })) {
  await renderInTestApp(
    <TestApiProvider
      apis={[
        [catalogApiRef, catalogApi],
        [configApiRef, new MockConfigApi({})],
      ]}
    >
      <ServicesPage />
    </TestApiProvider>,
    { mountedRoutes: { '/catalog/:namespace/:kind/:name': entityRouteRef } },
  );
}

describe('ServicesPage', () => {
  it('groups services by team with counts and highlights missing metadata', async () => {
    await renderPage();
    expect(
      await screen.findByText('3 services, 1 missing metadata'),
    ).toBeInTheDocument();
    const groups = screen.getByRole('list', { name: 'Groups' });
    expect(
      within(groups)
        .getAllByRole('listitem')
        .map(g => g.textContent),
    ).toEqual(['team-checkout 2 (1 missing metadata)', 'team-payments 1']);
    expect(screen.getByText('All services (3)')).toBeInTheDocument();
    // cart-service lacks on-call and runbook.
    expect(screen.getByText('on-call')).toBeInTheDocument();
    expect(screen.getByText('runbook')).toBeInTheDocument();
  });

  it('regroups by domain and tier, and filters by a group', async () => {
    await renderPage();
    await screen.findByText('3 services, 1 missing metadata');
    fireEvent.click(screen.getByRole('button', { name: 'By domain' }));
    const groups = () =>
      within(screen.getByRole('list', { name: 'Groups' }))
        .getAllByRole('listitem')
        .map(g => g.textContent);
    expect(groups()).toEqual(['commerce 2 (1 missing metadata)', 'payments 1']);
    fireEvent.click(screen.getByRole('button', { name: 'By tier' }));
    expect(groups()).toEqual([
      'Critical 2',
      'Important 1 (1 missing metadata)',
    ]);
    fireEvent.click(
      within(screen.getByRole('list', { name: 'Groups' })).getByText(
        'Critical',
      ),
    );
    expect(screen.getByText('Critical (2)')).toBeInTheDocument();
    expect(screen.queryByText('cart-service')).toBeNull();
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
