import { Entity } from '@backstage/catalog-model';
import { configApiRef } from '@backstage/core-plugin-api';
import {
  catalogApiRef,
  EntityKindFilter,
  MockEntityListContextProvider,
} from '@backstage/plugin-catalog-react';
import { catalogApiMock } from '@backstage/plugin-catalog-react/testUtils';
import {
  MockConfigApi,
  renderInTestApp,
  TestApiProvider,
} from '@backstage/test-utils';
import { fireEvent, screen, waitFor } from '@testing-library/react';
import { EntityTierFilter, NO_TIER } from './EntityTierFilter';
import { TierPicker, tierOptions } from './TierPicker';

const entity = (name: string, kind: string, tier?: string): Entity => ({
  apiVersion: 'backstage.io/v1alpha1',
  kind,
  metadata: {
    name,
    annotations: tier ? { 'golden-path.io/tier': tier } : {},
  },
  spec: {},
});

const entities = [
  entity('a', 'Component', 'standard'),
  entity('b', 'Component', 'best-effort'),
  entity('c', 'Component', 'critical'),
  entity('d', 'Component', 'critical'),
  entity('e', 'Component'),
  entity('f', 'Component', 'important'),
  entity('team', 'Group'),
];

async function renderPicker(
  kind: string,
  queryParameters: Record<string, string | string[]> = {},
) {
  const updateFilters = jest.fn();
  await renderInTestApp(
    <TestApiProvider
      apis={[
        [catalogApiRef, catalogApiMock({ entities })],
        [configApiRef, new MockConfigApi({})],
      ]}
    >
      <MockEntityListContextProvider
        value={{
          filters: { kind: new EntityKindFilter(kind, kind) },
          updateFilters,
          queryParameters,
        }}
      >
        <TierPicker />
      </MockEntityListContextProvider>
    </TestApiProvider>,
  );
  return updateFilters;
}

describe('tierOptions', () => {
  it('lists the tiers in tier order, values that are not tiers, then "No tier"', () => {
    expect(
      tierOptions(
        {
          byValue: { standard: 1, platinum: 1, critical: 2, 'best-effort': 3 },
          none: 4,
        },
        [],
      ),
    ).toEqual(['critical', 'standard', 'best-effort', 'platinum', NO_TIER]);
  });

  it('keeps a selected tier no entity has, and leaves out "No tier" when every entity has one', () => {
    expect(
      tierOptions({ byValue: { standard: 1 }, none: 0 }, ['important']),
    ).toEqual(['important', 'standard']);
  });
});

describe('TierPicker', () => {
  it('offers the tiers by title in tier order with counts, and "No tier"', async () => {
    await renderPicker('component');
    fireEvent.click(await screen.findByTestId('tier-picker-expand'));
    const options = await screen.findAllByRole('option');
    expect(options.map(o => o.textContent)).toEqual([
      'Critical (2)',
      'Important (1)',
      'Standard (1)',
      'Best effort (1)',
      'No tier (1)',
    ]);
  });

  it('filters by "No tier"', async () => {
    const updateFilters = await renderPicker('component');
    fireEvent.click(await screen.findByTestId('tier-picker-expand'));
    fireEvent.click(await screen.findByText('No tier (1)'));
    await waitFor(() =>
      expect(updateFilters).toHaveBeenLastCalledWith({
        tier: new EntityTierFilter([NO_TIER]),
      }),
    );
  });

  it('takes the selection from the URL and shows it by title', async () => {
    const updateFilters = await renderPicker('component', {
      tier: ['best-effort', NO_TIER],
    });
    expect(await screen.findByText('Best effort')).toBeInTheDocument();
    expect(screen.getByText('No tier')).toBeInTheDocument();
    expect(updateFilters).toHaveBeenLastCalledWith({
      tier: new EntityTierFilter(['best-effort', NO_TIER]),
    });
  });

  it('is hidden, and filters nothing, for a kind without tiers', async () => {
    const updateFilters = await renderPicker('group', { tier: 'critical' });
    await waitFor(() =>
      expect(updateFilters).toHaveBeenLastCalledWith({ tier: undefined }),
    );
    expect(screen.queryByText('Tier')).toBeNull();
  });
});
