import { Entity } from '@backstage/catalog-model';
import { renderInTestApp } from '@backstage/frontend-test-utils';
import {
  catalogApiRef,
  EntityProvider,
  entityRouteRef,
} from '@backstage/plugin-catalog-react';
import { catalogApiMock } from '@backstage/plugin-catalog-react/testUtils';
import { screen } from '@testing-library/react';
import { GroupProfileCard } from './GroupProfileCard';

const group = (name: string, title: string, extra: Partial<Entity> = {}) =>
  ({
    apiVersion: 'backstage.io/v1alpha1',
    kind: 'Group',
    metadata: { name, namespace: 'default', title },
    spec: { type: 'team', children: [] },
    ...extra,
  } as Entity);

const team = group('team-checkout', 'Checkout team', {
  metadata: {
    name: 'team-checkout',
    namespace: 'default',
    title: 'Checkout team',
    description: 'Owns the order and payment services.',
  },
  spec: {
    type: 'team',
    children: ['squad-payments'],
    profile: { email: 'checkout@example.com' },
  },
  relations: [
    { type: 'childOf', targetRef: 'group:default/engineering' },
    { type: 'parentOf', targetRef: 'group:default/squad-payments' },
    { type: 'hasMember', targetRef: 'user:default/ada' },
    { type: 'hasMember', targetRef: 'user:default/linus' },
  ],
});

function render(entities: Entity[]) {
  return renderInTestApp(
    <EntityProvider entity={team}>
      <GroupProfileCard />
    </EntityProvider>,
    {
      apis: [[catalogApiRef, catalogApiMock({ entities })]],
      mountedRoutes: { '/catalog/:namespace/:kind/:name': entityRouteRef },
    },
  );
}

describe('GroupProfileCard', () => {
  it('shows the group by title with parent and child groups by title, e-mail and members, no raw ref', async () => {
    await render([
      team,
      group('engineering', 'Engineering'),
      group('squad-payments', 'Payments squad'),
    ]);

    expect(
      await screen.findByRole('link', { name: 'Engineering' }),
    ).toHaveAttribute('href', '/catalog/default/group/engineering');
    expect(
      screen.getByRole('link', { name: 'Payments squad' }),
    ).toHaveAttribute('href', '/catalog/default/group/squad-payments');
    expect(screen.getByText('Checkout team')).toBeInTheDocument();
    expect(
      screen.getByText('Owns the order and payment services.'),
    ).toBeInTheDocument();
    expect(
      screen.getByText('checkout@example.com').closest('a'),
    ).toHaveAttribute('href', 'mailto:checkout@example.com');
    expect(screen.getByText('2 members')).toBeInTheDocument();
    expect(document.body).not.toHaveTextContent('group:default');
  });

  it('names a related group by its name when the catalog does not know it', async () => {
    await render([team]);
    expect(
      await screen.findByRole('link', { name: 'engineering' }),
    ).toBeInTheDocument();
    expect(document.body).not.toHaveTextContent('group:default');
  });
});
