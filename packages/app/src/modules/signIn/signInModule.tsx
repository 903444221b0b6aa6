import { createFrontendModule } from '@backstage/frontend-plugin-api';
import { SignInPageBlueprint } from '@backstage/plugin-app-react';
import { oidcAuthApi } from './oidcAuthApi';

/** Replaces the app's guest-only sign-in page (`sign-in-page:app`). */
export const signInPage = SignInPageBlueprint.make({
  params: {
    loader: () =>
      import('./GoldenPathSignInPage').then(m => m.GoldenPathSignInPage),
  },
});

/** Sign-in: the OIDC auth API and the page offering the configured providers. */
export const signInModule = createFrontendModule({
  pluginId: 'app',
  extensions: [oidcAuthApi, signInPage],
});
