import { catalogApiRef } from '@backstage/plugin-catalog-react';
import {
  FieldExtensionComponentProps,
  CustomFieldValidator,
} from '@backstage/plugin-scaffolder-react';
import TextField from '@mui/material/TextField';
import { serviceNameProblem } from './validateServiceName';

/**
 * A text field for a new service's name (`ui:field: GoldenPathServiceName`):
 * the form refuses a name that is malformed or already in the catalog before
 * the task starts. The task's preflight step checks again on the backend.
 */
export const ServiceNameField = (
  props: FieldExtensionComponentProps<string>,
) => {
  const {
    formData,
    onChange,
    rawErrors,
    required,
    schema,
    idSchema,
    disabled,
  } = props;
  // The form shows ui:help itself; the field shows its errors, else the
  // description (the rules for a name).
  const helperText = rawErrors?.length
    ? rawErrors.join(' ')
    : schema.description;
  return (
    <TextField
      id={idSchema?.$id}
      label={schema.title ?? 'Name'}
      value={formData ?? ''}
      onChange={event => onChange(event.target.value.trim())}
      required={required}
      disabled={disabled}
      error={!!rawErrors?.length}
      helperText={helperText}
      inputProps={{ autoComplete: 'off', spellCheck: false }}
      fullWidth
      margin="normal"
    />
  );
};

/** The field's validation: runs when the user moves on from the step. */
export const validateServiceNameField: CustomFieldValidator<string> = async (
  value,
  validation,
  context,
) => {
  const catalogApi = context.apiHolder.get(catalogApiRef);
  if (!catalogApi) return;
  const problem = await serviceNameProblem(value, catalogApi);
  if (problem) validation.addError(problem);
};
