import { render as renderBare, screen, within } from '@testing-library/react';
import userEvent from '@testing-library/user-event';
import { TestApiProvider } from '@backstage/test-utils';
import { entityPresentationApiRef } from '@backstage/plugin-catalog-react';
import type { ReactElement } from 'react';
import { EntityRefPicker } from './EntityRefPicker';
import { ToggleChipGroup } from './ToggleChipGroup';

/** The catalog's titles of a few entities; others get their short name. */
const TITLES: Record<string, string> = {
  'group:default/team-a': 'Team A',
  'system:default/orders': 'Orders',
};
const presentationApi = {
  forEntity: (ref: string) => {
    const primaryTitle = TITLES[ref] ?? ref.replace(/^.*\//, '');
    const snapshot = { entityRef: ref, primaryTitle };
    return { snapshot, promise: Promise.resolve(snapshot) };
  },
};
const render = (element: ReactElement) =>
  renderBare(
    <TestApiProvider apis={[[entityPresentationApiRef, presentationApi]]}>
      {element}
    </TestApiProvider>,
  );

describe('EntityRefPicker', () => {
  it('offers refs by title with their counts and reports the choice', async () => {
    const onChange = jest.fn();
    render(
      <EntityRefPicker
        label="Owner team"
        kind="group"
        options={[
          { value: 'group:default/team-a', count: 3 },
          { value: 'group:default/team-b', count: 1 },
        ]}
        value={[]}
        onChange={onChange}
      />,
    );
    await userEvent.click(screen.getByLabelText('Owner team'));
    const list = screen.getByRole('listbox');
    expect(await within(list).findByText('Team A (3)')).toBeInTheDocument();
    expect(within(list).getByText('Team A (3)')).toHaveAttribute(
      'title',
      'group:default/team-a',
    );
    await userEvent.click(within(list).getByText('team-b (1)'));
    expect(onChange).toHaveBeenCalledWith(['group:default/team-b']);
  });

  it('keeps a selected ref that no row has (a shared URL), so it can be removed', async () => {
    const onChange = jest.fn();
    render(
      <EntityRefPicker
        label="System"
        kind="system"
        options={[{ value: 'system:default/orders', count: 2 }]}
        value={['system:default/gone']}
        onChange={onChange}
      />,
    );
    const chip = screen.getByRole('button', { name: 'gone' });
    await userEvent.click(within(chip).getByTestId('CancelIcon'));
    expect(onChange).toHaveBeenCalledWith([]);
  });
});

describe('ToggleChipGroup', () => {
  const options = [
    { value: 'critical', label: 'Critical' },
    { value: 'important', label: 'Important' },
    { value: 'standard', label: 'Standard' },
  ] as const;

  it('switches values on in the order of the options, and off again', async () => {
    const onChange = jest.fn();
    const { rerender } = render(
      <ToggleChipGroup
        label="Tier"
        options={options}
        selected={['standard']}
        onChange={onChange}
      />,
    );
    const group = screen.getByRole('group', { name: 'Tier' });
    expect(
      within(group).getByRole('button', { name: 'Standard' }),
    ).toHaveAttribute('aria-pressed', 'true');
    expect(
      within(group).getByRole('button', { name: 'Critical' }),
    ).toHaveAttribute('aria-pressed', 'false');
    await userEvent.click(
      within(group).getByRole('button', { name: 'Critical' }),
    );
    expect(onChange).toHaveBeenLastCalledWith(['critical', 'standard']);

    rerender(
      <ToggleChipGroup
        label="Tier"
        options={options}
        selected={['critical', 'standard']}
        onChange={onChange}
      />,
    );
    await userEvent.click(screen.getByRole('button', { name: 'Critical' }));
    expect(onChange).toHaveBeenLastCalledWith(['standard']);
  });
});
