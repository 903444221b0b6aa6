import { CATALOG_FILTER_EXISTS } from '@backstage/catalog-client';
import { Entity, stringifyEntityRef } from '@backstage/catalog-model';
import { useApi } from '@backstage/core-plugin-api';
import { catalogApiRef } from '@backstage/plugin-catalog-react';
import {
  CustomFieldValidator,
  FieldExtensionComponentProps,
} from '@backstage/plugin-scaffolder-react';
import Autocomplete from '@mui/material/Autocomplete';
import TextField from '@mui/material/TextField';
import Tooltip from '@mui/material/Tooltip';
import { useEffect, useMemo, useState } from 'react';

/**
 * `ui:options` of a GoldenPathEntityPicker field.
 * @public
 */
export type EntityTitlePickerOptions = {
  /** The kind of entity to choose, e.g. Group or System. */
  kind: string;
  /** Only entities with this annotation, e.g. golden-path.io/template. */
  withAnnotation?: string;
  /** Said when the field is required and empty. */
  requiredMessage?: string;
};

type Option = { ref: string; title: string };

/** What people see for an entity: its title, else its name. */
export function entityTitle(entity: Entity): string {
  return entity.metadata.title?.trim() || entity.metadata.name;
}

function optionsOf(entities: Entity[]): Option[] {
  return entities
    .map(entity => ({
      ref: stringifyEntityRef(entity),
      title: entityTitle(entity),
    }))
    .sort((a, b) => a.title.localeCompare(b.title, 'en'));
}

/**
 * Chooses an entity of one kind from the catalog (`ui:field:
 * GoldenPathEntityPicker`, `ui:options.kind`), showing entity titles ("Checkout
 * team") in the list and once chosen; the value is the full entity ref, shown
 * only as the option's tooltip. The stock EntityPicker of the installed
 * scaffolder shows the ref (`group:default/team-checkout`) once an entity is
 * picked. Use `ui:hideError: true`: the field shows its one error itself.
 */
export const EntityTitlePicker = (
  props: FieldExtensionComponentProps<string, EntityTitlePickerOptions>,
) => {
  const { formData, onChange, rawErrors, schema, idSchema, disabled } = props;
  const uiOptions = (props.uiSchema?.['ui:options'] ??
    {}) as EntityTitlePickerOptions;
  const catalogApi = useApi(catalogApiRef);
  const [entities, setEntities] = useState<Entity[]>();
  const [failed, setFailed] = useState<string>();
  const kind = uiOptions.kind;
  const withAnnotation = uiOptions.withAnnotation;

  useEffect(() => {
    let current = true;
    catalogApi
      .getEntities({
        filter: withAnnotation
          ? {
              kind,
              [`metadata.annotations.${withAnnotation}`]: CATALOG_FILTER_EXISTS,
            }
          : { kind },
        fields: [
          'kind',
          'metadata.name',
          'metadata.namespace',
          'metadata.title',
        ],
      })
      .then(response => current && setEntities(response.items))
      .catch(
        error =>
          current &&
          setFailed(`The catalog could not be read: ${error.message ?? error}`),
      );
    return () => {
      current = false;
    };
  }, [catalogApi, kind, withAnnotation]);

  const options = useMemo(() => optionsOf(entities ?? []), [entities]);
  const selected = options.find(option => option.ref === formData) ?? null;
  const required = Boolean(props.required);
  // Empty and required: the words of ui:options, not "must have required
  // property"; otherwise the first error of the form's validation.
  const emptyProblem =
    required && !formData ? uiOptions.requiredMessage : undefined;
  const problem =
    failed ?? (rawErrors?.length ? emptyProblem ?? rawErrors[0] : undefined);

  return (
    <Autocomplete
      id={idSchema?.$id}
      options={options}
      value={selected}
      loading={entities === undefined && !failed}
      disabled={disabled}
      onChange={(_event, option) => onChange(option?.ref ?? undefined)}
      getOptionLabel={option => option.title}
      isOptionEqualToValue={(option, value) => option.ref === value.ref}
      renderOption={(optionProps, option) => (
        <li {...optionProps} key={option.ref}>
          <Tooltip title={option.ref} placement="right">
            <span>{option.title}</span>
          </Tooltip>
        </li>
      )}
      renderInput={params => (
        <TextField
          {...params}
          label={schema.title}
          InputLabelProps={{ ...params.InputLabelProps, required }}
          error={!!problem}
          helperText={problem ?? schema.description}
          margin="normal"
        />
      )}
      fullWidth
    />
  );
};

/** Only a ref of the configured kind is accepted. */
export const validateEntityTitlePicker: CustomFieldValidator<
  string,
  EntityTitlePickerOptions
> = (value, validation, context) => {
  const options = context.uiSchema?.['ui:options'];
  if (
    value &&
    options?.kind &&
    !value
      .toLocaleLowerCase('en-US')
      .startsWith(`${options.kind.toLocaleLowerCase('en-US')}:`)
  ) {
    validation.addError(
      `Choose a ${options.kind.toLocaleLowerCase('en-US')} from the list.`,
    );
  }
};
