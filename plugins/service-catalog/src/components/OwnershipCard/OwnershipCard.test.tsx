import { Entity } from '@backstage/catalog-model';
import { configApiRef } from '@backstage/core-plugin-api';
import {
  catalogApiRef,
  EntityProvider,
  entityRouteRef,
} from '@backstage/plugin-catalog-react';
import { catalogApiMock } from '@backstage/plugin-catalog-react/testUtils';
import {
  MockConfigApi,
  renderInTestApp,
  TestApiProvider,
} from '@backstage/test-utils';
import { screen } from '@testing-library/react';
import { OwnershipCard } from './OwnershipCard';

const entity = (
  annotations: Record<string, string>,
  statusItems: unknown[] = [],
): Entity =>
  ({
    apiVersion: 'backstage.io/v1alpha1',
    kind: 'Component',
    metadata: { name: 'payments', annotations },
    spec: { type: 'service', lifecycle: 'production', owner: 'team-a' },
    relations: [{ type: 'ownedBy', targetRef: 'group:default/team-a' }],
    status: { items: statusItems },
  } as Entity);

const teamA: Entity = {
  apiVersion: 'backstage.io/v1alpha1',
  kind: 'Group',
  metadata: { name: 'team-a' },
  spec: {
    type: 'team',
    parent: 'engineering',
    children: [],
    profile: { email: 'team-a@example.com' },
  },
};

async function renderCard(e: Entity, config: object = {}) {
  await renderInTestApp(
    <TestApiProvider
      apis={[
        [configApiRef, new MockConfigApi(config)],
        [catalogApiRef, catalogApiMock({ entities: [teamA] })],
      ]}
    >
      <EntityProvider entity={e}>
        <OwnershipCard />
      </EntityProvider>
    </TestApiProvider>,
    {
      mountedRoutes: {
        '/catalog/:namespace/:kind/:name': entityRouteRef,
      },
    },
  );
}

/* eslint-disable no-script-url */
describe('OwnershipCard', () => {
  it('shows owner, on-call, runbook, tier objectives and deployment strategy', async () => {
    await renderCard(
      entity({
        'golden-path.io/tier': 'critical',
        'golden-path.io/on-call': 'https://oncall.example.com/payments',
        'golden-path.io/runbook': 'https://runbooks.example.com/payments',
        'golden-path.io/deployment-strategy': 'blue-green',
      }),
    );
    expect(screen.getByText('Ownership & operations')).toBeInTheDocument();
    expect(screen.getByRole('link', { name: 'team-a' })).toHaveAttribute(
      'href',
      '/catalog/default/group/team-a',
    );
    expect(
      screen.getByRole('link', {
        name: /runbooks\.example\.com\/payments/,
      }),
    ).toHaveAttribute('href', 'https://runbooks.example.com/payments');
    expect(
      screen.getByRole('link', { name: /oncall\.example\.com\/payments/ }),
    ).toBeInTheDocument();
    expect(screen.getByTestId('tier-badge-critical')).toHaveTextContent(
      'Critical',
    );
    expect(
      screen.getByText('99.99 % available · p99 < 100 ms · errors < 0.01 %'),
    ).toBeInTheDocument();
    expect(screen.getByText('blue-green')).toBeInTheDocument();
    // Escalation: the owning team's address, then its parent group.
    expect(
      await screen.findByRole('link', { name: /team-a@example\.com/ }),
    ).toHaveAttribute('href', 'mailto:team-a@example.com');
    expect(screen.getByRole('link', { name: /engineering/ })).toHaveAttribute(
      'href',
      '/catalog/default/group/engineering',
    );
    expect(
      screen.getByText('blue-green with extensive validation'),
    ).toBeInTheDocument();
  });

  it('uses the tier table from app-config', async () => {
    await renderCard(entity({ 'golden-path.io/tier': 'standard' }), {
      goldenPath: { tiers: { standard: { availability: 99.7 } } },
    });
    expect(
      screen.getByText('99.7 % available · p99 < 1 s · errors < 1 %'),
    ).toBeInTheDocument();
  });

  it('highlights missing metadata and never links a value that is not a URL', async () => {
    await renderCard(
      entity({ 'golden-path.io/runbook': 'javascript:alert(1)' }),
    );
    expect(screen.getAllByText('Not set')).toHaveLength(3); // on-call, tier, deployment
    expect(screen.getByText('javascript:alert(1)').closest('a')).toBeNull();
  });

  it('lists the Golden Path validation findings from the entity status', async () => {
    await renderCard(
      entity({ 'golden-path.io/tier': 'platinum' }, [
        {
          type: 'backstage.io/catalog-processing',
          level: 'error',
          message: "unknown tier 'platinum'",
          error: { name: 'GoldenPathValidationError', message: '' },
        },
        {
          type: 'golden-path.io/validation',
          level: 'warning',
          message: 'a production component needs a runbook',
          error: { name: 'GoldenPathValidationError', message: '' },
        },
        { type: 'other', level: 'error', message: 'not ours' },
      ]),
    );
    expect(screen.getByText("unknown tier 'platinum'")).toBeInTheDocument();
    expect(
      screen.getByText('a production component needs a runbook'),
    ).toBeInTheDocument();
    expect(screen.queryByText('not ours')).toBeNull();
  });

  it('explains an invalid tier table instead of crashing', async () => {
    await renderCard(entity({}), {
      goldenPath: { tiers: { gold: {} } },
    });
    expect(
      screen.getByText(/The tier table in app-config is invalid/),
    ).toBeInTheDocument();
    expect(
      screen.getByText(/goldenPath\.tiers\.gold: unknown tier 'gold'/),
    ).toBeInTheDocument();
  });
});
