import { createFormField } from '@backstage/plugin-scaffolder-react/alpha';
import {
  EntityTitlePicker,
  validateEntityTitlePicker,
} from './EntityTitlePicker';
import {
  GoldenPathTextField,
  ServiceNameField,
  validateGoldenPathTextField,
  validateServiceNameField,
} from './ServiceNameField';

/** `ui:field: GoldenPathServiceName` for the new frontend system. */
export const serviceNameFormField = createFormField({
  name: 'GoldenPathServiceName',
  component: ServiceNameField,
  validation: validateServiceNameField,
});

/** `ui:field: GoldenPathText` (plain-word validation) for the new frontend system. */
export const goldenPathTextFormField = createFormField({
  name: 'GoldenPathText',
  component: GoldenPathTextField,
  validation: validateGoldenPathTextField,
});

/** `ui:field: GoldenPathEntityPicker` (entity titles, not refs) for the new frontend system. */
export const entityTitlePickerFormField = createFormField({
  name: 'GoldenPathEntityPicker',
  component: EntityTitlePicker,
  validation: validateEntityTitlePicker,
});
