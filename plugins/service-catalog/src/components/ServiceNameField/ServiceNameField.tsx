import { useApi } from '@backstage/core-plugin-api';
import { catalogApiRef } from '@backstage/plugin-catalog-react';
import {
  FieldExtensionComponentProps,
  CustomFieldValidator,
} from '@backstage/plugin-scaffolder-react';
import TextField from '@mui/material/TextField';
import { useEffect, useState } from 'react';
import { TextRules, textProblem } from './textProblem';
import {
  serviceNameFormProblem,
  serviceNameProblem,
} from './validateServiceName';

/** How long typing must pause before the catalog is asked about a name. */
const LOOKUP_DELAY_MS = 300;

/** Whether the field is required: the schema's list, or `ui:options.required`. */
function isRequired(props: FieldExtensionComponentProps<string>) {
  return Boolean(props.required || props.uiSchema?.['ui:options']?.required);
}

/**
 * The one message a field shows: what is wrong with the value now in it,
 * once the user has typed or tried to move on (rawErrors). Never the form's
 * stale errors of an earlier value, and never a regular expression.
 */
function shownProblem(
  touched: boolean,
  rawErrors: string[] | undefined,
  problem: string | undefined,
) {
  return touched || rawErrors?.length ? problem : undefined;
}

/**
 * A text field for a new service's name (`ui:field: GoldenPathServiceName`):
 * it says in words what is wrong with the name as it is typed, and whether
 * the catalog already has it (asked after a pause, and only shown for the
 * name still in the field). The form refuses such a name before the task
 * starts; the task's preflight step checks again on the backend. Use
 * `ui:hideError: true` so the form does not list the errors under it again.
 */
export const ServiceNameField = (
  props: FieldExtensionComponentProps<string>,
) => {
  const { formData, onChange, rawErrors, schema, idSchema, disabled } = props;
  const catalogApi = useApi(catalogApiRef);
  const value = formData ?? '';
  const [touched, setTouched] = useState(false);
  const [lookup, setLookup] = useState<{ name: string; problem?: string }>();

  const formProblem = serviceNameFormProblem(value);
  useEffect(() => {
    if (formProblem) return undefined;
    let current = true;
    const timer = setTimeout(() => {
      serviceNameProblem(value, catalogApi)
        .then(problem => {
          if (current) setLookup({ name: value, problem });
        })
        .catch(() => {
          // The form's validation asks again when the user moves on.
        });
    }, LOOKUP_DELAY_MS);
    return () => {
      current = false;
      clearTimeout(timer);
    };
  }, [value, formProblem, catalogApi]);

  const problem =
    formProblem ?? (lookup?.name === value ? lookup.problem : undefined);
  const shown = shownProblem(touched, rawErrors, problem);
  return (
    <TextField
      id={idSchema?.$id}
      label={schema.title ?? 'Name'}
      value={value}
      onChange={event => {
        setTouched(true);
        onChange(event.target.value.trim());
      }}
      // The asterisk, without the browser's own "fill in this field" bubble.
      InputLabelProps={{ required: isRequired(props) }}
      disabled={disabled}
      error={!!shown}
      helperText={shown ?? schema.description}
      inputProps={{ autoComplete: 'off', spellCheck: false, maxLength: 60 }}
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
  const problem = catalogApi
    ? await serviceNameProblem(value, catalogApi)
    : serviceNameFormProblem(value);
  if (problem) validation.addError(problem);
};

/** The rules of a GoldenPathText field, from its ui:options. */
function textRules(props: {
  uiSchema?: FieldExtensionComponentProps<string>['uiSchema'];
  required?: boolean;
}): TextRules {
  const options = (props.uiSchema?.['ui:options'] ?? {}) as TextRules;
  return { ...options, required: Boolean(props.required || options.required) };
}

/**
 * A one-line text field (`ui:field: GoldenPathText`) that says in words
 * what is wrong as the user types: `ui:options` `required` (with
 * `requiredMessage`), `minLength`, `maxLength`, `pattern` with
 * `patternMessage`. Any printable text is accepted otherwise. Use
 * `ui:hideError: true` so the form does not list the errors under it again.
 */
export const GoldenPathTextField = (
  props: FieldExtensionComponentProps<string>,
) => {
  const { formData, onChange, rawErrors, schema, idSchema, disabled } = props;
  const [touched, setTouched] = useState(false);
  const rules = textRules(props);
  const value = formData ?? '';
  const shown = shownProblem(
    touched,
    rawErrors,
    textProblem(value, rules, schema.title),
  );
  return (
    <TextField
      id={idSchema?.$id}
      label={schema.title}
      value={value}
      onChange={event => {
        setTouched(true);
        onChange(event.target.value === '' ? undefined : event.target.value);
      }}
      onBlur={() => setTouched(true)}
      InputLabelProps={{ required: rules.required }}
      disabled={disabled}
      error={!!shown}
      helperText={shown ?? schema.description}
      inputProps={{ autoComplete: 'off' }}
      fullWidth
      margin="normal"
    />
  );
};

/** GoldenPathText's validation, when the user moves on from the step. */
export const validateGoldenPathTextField: CustomFieldValidator<string> = (
  value,
  validation,
  context,
) => {
  const problem = textProblem(
    value,
    textRules({ uiSchema: context.uiSchema }),
    typeof context.schema?.title === 'string'
      ? context.schema.title
      : undefined,
  );
  if (problem) validation.addError(problem);
};
