import { createFormField } from '@backstage/plugin-scaffolder-react/alpha';
import { ServiceNameField, validateServiceNameField } from './ServiceNameField';

/** `ui:field: GoldenPathServiceName` for the new frontend system. */
export const serviceNameFormField = createFormField({
  name: 'GoldenPathServiceName',
  component: ServiceNameField,
  validation: validateServiceNameField,
});
