import { catalogApiRef } from '@backstage/plugin-catalog-react';
import { renderInTestApp, TestApiProvider } from '@backstage/test-utils';
import { fireEvent, screen } from '@testing-library/react';
import { useState } from 'react';
import { GoldenPathTextField, ServiceNameField } from './ServiceNameField';

const ENTITIES: Record<string, any> = {
  orders: { spec: { owner: 'group:default/team-checkout' } },
  'team-checkout': {
    metadata: { name: 'team-checkout', title: 'Checkout team' },
  },
};

const catalogApi = {
  getEntityByRef: jest.fn(async (ref: any) => ENTITIES[ref.name]),
};

/** The field as the form renders it, keeping its value; rawErrors as given. */
function Harness(props: {
  field: typeof ServiceNameField;
  initial?: string;
  rawErrors?: string[];
  uiOptions?: object;
  title: string;
}) {
  const [value, setValue] = useState<string | undefined>(props.initial);
  const Field = props.field;
  return (
    <Field
      {...({} as any)}
      formData={value}
      onChange={(v: string | undefined) => setValue(v)}
      rawErrors={props.rawErrors}
      schema={{ title: props.title, description: 'The rules.' }}
      uiSchema={{ 'ui:options': props.uiOptions ?? {} }}
      idSchema={{ $id: 'root_field' } as any}
    />
  );
}

const renderField = (props: Parameters<typeof Harness>[0]) =>
  renderInTestApp(
    <TestApiProvider apis={[[catalogApiRef, catalogApi]]}>
      <Harness {...props} />
    </TestApiProvider>,
  );

describe('ServiceNameField', () => {
  it('says a taken name is taken, then, for "ab", only what is wrong with "ab"', async () => {
    await renderField({ field: ServiceNameField, title: 'Name' });
    const input = screen.getByRole('textbox', { name: /Name/ });
    expect(screen.getByText('The rules.')).toBeInTheDocument();
    fireEvent.change(input, { target: { value: 'orders' } });
    expect(
      await screen.findByText(
        "A component named 'orders' already exists in the catalog (owned by Checkout team); choose another name.",
      ),
    ).toBeInTheDocument();
    fireEvent.change(input, { target: { value: 'ab' } });
    expect(
      screen.getByText("'ab' has 2 characters; a service name has 3 to 40."),
    ).toBeInTheDocument();
    expect(screen.queryByText(/already exists/)).not.toBeInTheDocument();
    fireEvent.change(input, { target: { value: 'order-history' } });
    // Free: the rules again once the catalog has answered, no error.
    expect(await screen.findByText('The rules.')).toBeInTheDocument();
    expect(input).toHaveAttribute('aria-invalid', 'false');
    // Never the browser's own "fill in this field" bubble.
    expect(input).not.toBeRequired();
  });

  it("ignores the form's stale errors of an earlier name", async () => {
    await renderField({
      field: ServiceNameField,
      title: 'Name',
      initial: 'ab',
      rawErrors: ["A component named 'orders' already exists in the catalog"],
    });
    expect(
      screen.getByText("'ab' has 2 characters; a service name has 3 to 40."),
    ).toBeInTheDocument();
    expect(screen.queryByText(/already exists/)).not.toBeInTheDocument();
  });

  it('asks for a name in words when the user moves on with none', async () => {
    await renderField({
      field: ServiceNameField,
      title: 'Name',
      rawErrors: ['Enter a name for the service.'],
    });
    expect(screen.getAllByText('Enter a name for the service.')).toHaveLength(
      1,
    );
  });
});

describe('GoldenPathTextField', () => {
  const uiOptions = {
    required: true,
    requiredMessage: 'Enter one sentence on what the service does.',
    minLength: 3,
  };

  it('accepts any printable text and says what is wrong in words as the user types', async () => {
    await renderField({
      field: GoldenPathTextField,
      title: 'Description',
      uiOptions,
    });
    const input = screen.getByRole('textbox', { name: /Description/ });
    fireEvent.change(input, { target: { value: 'ab' } });
    expect(
      screen.getByText('Write at least 3 characters (now 2).'),
    ).toBeInTheDocument();
    fireEvent.change(input, {
      target: { value: 'Café orders: history & more!' },
    });
    expect(screen.getByText('The rules.')).toBeInTheDocument();
    expect(input).toHaveAttribute('aria-invalid', 'false');
    fireEvent.change(input, { target: { value: '' } });
    expect(
      screen.getByText('Enter one sentence on what the service does.'),
    ).toBeInTheDocument();
    expect(input).not.toBeRequired();
  });
});
