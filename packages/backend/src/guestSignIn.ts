import {
  coreServices,
  createBackendFeatureLoader,
} from '@backstage/backend-plugin-api';
import guestProvider from '@backstage/plugin-auth-backend-module-guest-provider';

/**
 * Backstage's guest sign-in provider, loaded only where
 * auth.providers.guest is configured (app-config.development.yaml): the
 * module fails its start-up without that key, and production has none.
 */
export const guestSignInWhereConfigured = createBackendFeatureLoader({
  deps: { config: coreServices.rootConfig },
  *loader({ config }) {
    if (config.has('auth.providers.guest')) {
      yield guestProvider;
    }
  },
});
