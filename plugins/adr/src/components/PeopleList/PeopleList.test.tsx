import {
  entityPresentationApiRef,
  entityRouteRef,
} from '@backstage/plugin-catalog-react';
import { renderInTestApp, TestApiProvider } from '@backstage/test-utils';
import { screen } from '@testing-library/react';
import { fakeEntityPresentationApi } from '../../__fixtures__/fakeEntityPresentationApi';
import { PeopleList, personRef } from './PeopleList';

describe('personRef', () => {
  it('reads entity refs with a kind', () => {
    expect(personRef('group:default/team-checkout')).toBe(
      'group:default/team-checkout',
    );
    expect(personRef('user:jane.doe')).toBe('user:default/jane.doe');
    expect(personRef(' Group:team-payments ')).toBe(
      'group:default/team-payments',
    );
  });

  it('leaves names of people alone', () => {
    expect(personRef('Ana Ruiz')).toBeUndefined();
    expect(personRef('jane.doe')).toBeUndefined();
    expect(personRef('Note: see below')).toBeUndefined();
  });
});

describe('PeopleList', () => {
  it('shows refs by their titles as links, and names as written', async () => {
    await renderInTestApp(
      <TestApiProvider
        apis={[[entityPresentationApiRef, fakeEntityPresentationApi()]]}
      >
        <div data-testid="people">
          <PeopleList
            names={[
              'group:default/team-checkout',
              'Ana Ruiz',
              'group:team-payments',
            ]}
          />
        </div>
      </TestApiProvider>,
      { mountedRoutes: { '/catalog/:namespace/:kind/:name': entityRouteRef } },
    );
    const people = await screen.findByTestId('people');
    expect(people).toHaveTextContent('Checkout team, Ana Ruiz, Payments team');
    expect(people.textContent).not.toMatch(/group:/);
    expect(screen.getByText('Checkout team').closest('a')).toHaveAttribute(
      'href',
      '/catalog/default/group/team-checkout',
    );
  });
});
