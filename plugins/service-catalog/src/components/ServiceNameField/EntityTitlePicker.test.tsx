import { catalogApiRef } from '@backstage/plugin-catalog-react';
import { catalogApiMock } from '@backstage/plugin-catalog-react/testUtils';
import { renderInTestApp, TestApiProvider } from '@backstage/test-utils';
import { fireEvent, screen } from '@testing-library/react';
import { useState } from 'react';
import { EntityTitlePicker } from './EntityTitlePicker';

const catalogApi = catalogApiMock({
  entities: [
    {
      apiVersion: 'backstage.io/v1alpha1',
      kind: 'Group',
      metadata: { name: 'team-checkout', title: 'Checkout team' },
      spec: { type: 'team', children: [] },
    },
    {
      apiVersion: 'backstage.io/v1alpha1',
      kind: 'Group',
      metadata: { name: 'team-search' },
      spec: { type: 'team', children: [] },
    },
    {
      apiVersion: 'backstage.io/v1alpha1',
      kind: 'System',
      metadata: { name: 'commerce', title: 'Commerce' },
      spec: { owner: 'team-checkout' },
    },
  ],
});

function Harness(props: {
  rawErrors?: string[];
  onValue: (v?: string) => void;
}) {
  const [value, setValue] = useState<string>();
  return (
    <EntityTitlePicker
      {...({} as any)}
      required
      formData={value}
      onChange={(v: string | undefined) => {
        setValue(v);
        props.onValue(v);
      }}
      rawErrors={props.rawErrors}
      schema={{ title: 'Owner', description: 'The owning team.' }}
      uiSchema={{
        'ui:options': {
          kind: 'Group',
          requiredMessage: 'Choose the team that owns the service.',
        },
      }}
      idSchema={{ $id: 'root_owner' } as any}
    />
  );
}

describe('EntityTitlePicker', () => {
  it('lists titles of the kind and keeps showing the title once picked; the value is the ref', async () => {
    const onValue = jest.fn();
    await renderInTestApp(
      <TestApiProvider apis={[[catalogApiRef, catalogApi]]}>
        <Harness onValue={onValue} />
      </TestApiProvider>,
    );
    const input = screen.getByRole('combobox', { name: /Owner/ });
    fireEvent.mouseDown(input);
    const options = await screen.findAllByRole('option');
    expect(options.map(o => o.textContent)).toEqual([
      'Checkout team',
      'team-search',
    ]);
    fireEvent.click(options[0]);
    expect(onValue).toHaveBeenLastCalledWith('group:default/team-checkout');
    expect(input).toHaveValue('Checkout team');
    expect(screen.queryByText(/group:default/)).not.toBeInTheDocument();
  });

  it('asks for a team in words, once', async () => {
    await renderInTestApp(
      <TestApiProvider apis={[[catalogApiRef, catalogApi]]}>
        <Harness
          onValue={jest.fn()}
          rawErrors={["must have required property 'Owner'"]}
        />
      </TestApiProvider>,
    );
    expect(
      screen.getAllByText('Choose the team that owns the service.'),
    ).toHaveLength(1);
    expect(screen.queryByText(/must have required/)).not.toBeInTheDocument();
  });
});
