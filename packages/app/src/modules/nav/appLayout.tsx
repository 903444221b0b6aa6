import { SidebarPage } from '@backstage/core-components';
import {
  coreExtensionData,
  createExtension,
  createExtensionInput,
} from '@backstage/frontend-plugin-api';

/**
 * The app's layout (`app/layout`): the sidebar and the page, as the app
 * plugin's own, with the page in a `<main>` landmark. Pages of the frontend
 * system draw no `<main>` of their own, so without it screen readers (and
 * the browser tests' page checks) found no main content.
 */
export const appLayout = createExtension({
  name: 'layout',
  attachTo: { id: 'app/root', input: 'children' },
  inputs: {
    nav: createExtensionInput([coreExtensionData.reactElement], {
      singleton: true,
    }),
    content: createExtensionInput([coreExtensionData.reactElement], {
      singleton: true,
    }),
  },
  output: [coreExtensionData.reactElement],
  factory: ({ inputs }) => [
    coreExtensionData.reactElement(
      <SidebarPage>
        {inputs.nav.get(coreExtensionData.reactElement)}
        <main>{inputs.content.get(coreExtensionData.reactElement)}</main>
      </SidebarPage>,
    ),
  ],
});
