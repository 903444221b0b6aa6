import type { Entity } from '@backstage/catalog-model';
import {
  EntityProvider,
  entityRouteRef,
} from '@backstage/plugin-catalog-react';
import { renderInTestApp, TestApiProvider } from '@backstage/test-utils';
import { screen, within } from '@testing-library/react';
import { readinessApiRef } from '../../api/ReadinessApi';
import {
  createFakeReadinessApi,
  entityDetail,
} from '../../__fixtures__/fakeReadinessApi';
import { EntityReadinessCard } from './EntityReadinessCard';

const component: Entity = {
  apiVersion: 'backstage.io/v1alpha1',
  kind: 'Component',
  metadata: { name: 'orders', namespace: 'default' },
  spec: { type: 'service', lifecycle: 'production', owner: 'team-orders' },
};

async function renderCard(api = createFakeReadinessApi(), e = component) {
  await renderInTestApp(
    <TestApiProvider apis={[[readinessApiRef, api]]}>
      <EntityProvider entity={e}>
        <EntityReadinessCard />
      </EntityProvider>
    </TestApiProvider>,
    {
      mountedRoutes: { '/catalog/:namespace/:kind/:name': entityRouteRef },
    },
  );
  return api;
}

describe('EntityReadinessCard', () => {
  it('shows the level badge against the required level and links to the tab', async () => {
    await renderCard();
    const summary = await screen.findByTestId('readiness-card-summary');
    expect(
      within(summary)
        .getAllByTestId('level-badge')
        .map(b => [b.getAttribute('data-level'), b.textContent]),
    ).toEqual([
      ['bronze', 'Bronze'],
      ['silver', 'Silver'],
    ]);
    expect(summary).toHaveAttribute('data-meets-required', 'false');
    expect(
      within(summary).getByText(
        'Below the level its tier requires (Important)',
      ),
    ).toBeInTheDocument();
    expect(
      within(summary).getByText(
        '1 of 4 applicable checks pass · 3 checks failing',
      ),
    ).toBeInTheDocument();
    expect(
      screen.getByRole('link', { name: /View readiness checks/ }),
    ).toHaveAttribute('href', '/catalog/default/component/orders/readiness');
  });

  it('says when a service meets its level', async () => {
    await renderCard(
      createFakeReadinessApi({
        detail: entityDetail({
          level: 'gold',
          meetsRequired: true,
          status: 'meets',
          checks: [],
          passed: 4,
        }),
      }),
    );
    expect(
      await screen.findByText('Meets the level its tier requires (Important)'),
    ).toBeInTheDocument();
    expect(
      screen.getByText('4 of 4 applicable checks pass'),
    ).toBeInTheDocument();
  });

  it('never says a service without a tier meets its level', async () => {
    await renderCard(
      createFakeReadinessApi({
        detail: entityDetail({
          tier: null,
          level: 'gold',
          requiredLevel: 'none',
          meetsRequired: false,
          status: 'no-tier',
          checks: [],
        }),
      }),
    );
    const summary = await screen.findByTestId('readiness-card-summary');
    expect(within(summary).getByTestId('readiness-status')).toHaveTextContent(
      'No tier set',
    );
    expect(summary.textContent).not.toMatch(/Meets/);
    expect(within(summary).queryByTestId('required-level')).toBeNull();
  });

  it('shows a new service as awaiting its first collection, not None', async () => {
    await renderCard(
      createFakeReadinessApi({
        detail: entityDetail({
          level: 'none',
          status: 'awaiting',
          awaiting: 13,
          passed: 0,
          checks: [],
        }),
      }),
    );
    const summary = await screen.findByTestId('readiness-card-summary');
    expect(within(summary).getAllByTestId('level-badge')[0]).toHaveAttribute(
      'data-level',
      'awaiting',
    );
    expect(within(summary).getByTestId('readiness-status')).toHaveTextContent(
      'Awaiting first collection',
    );
    expect(summary.textContent).not.toMatch(/None|Below/);
  });

  it('says when the entity is not evaluated yet', async () => {
    await renderCard(createFakeReadinessApi({ detail: null }));
    expect(await screen.findByText(/^Not evaluated yet/)).toBeInTheDocument();
  });

  it('shows the error of a failed request', async () => {
    const api = createFakeReadinessApi();
    api.getEntityDetail.mockRejectedValue(new Error('readiness is down'));
    await renderCard(api);
    expect(
      (await screen.findAllByText(/readiness is down/)).length,
    ).toBeGreaterThan(0);
  });

  it('does not ask the backend for other kinds', async () => {
    const api = await renderCard(createFakeReadinessApi(), {
      ...component,
      kind: 'Group',
    });
    expect(
      await screen.findByText('Readiness is evaluated for components only.'),
    ).toBeInTheDocument();
    expect(api.getEntityDetail).not.toHaveBeenCalled();
  });
});
