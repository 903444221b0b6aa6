import { createOAuthAuthenticator } from '@backstage/plugin-auth-node';
import { oidcAuthenticator } from '@backstage/plugin-auth-backend-module-oidc-provider';
import { RetryingDiscovery } from './RetryingDiscovery';

type OidcContext = ReturnType<typeof oidcAuthenticator.initialize>;

/**
 * Backstage's OIDC authenticator (`@backstage/plugin-auth-backend-module-oidc-provider`)
 * with one change: an IdP discovery that failed is tried again on the next
 * sign-in instead of failing every sign-in until the backend restarts.
 * @public
 */
export const oidcAuthenticatorWithRetry = createOAuthAuthenticator({
  defaultProfileTransform: oidcAuthenticator.defaultProfileTransform,
  scopes: oidcAuthenticator.scopes,
  initialize(options) {
    return new RetryingDiscovery<OidcContext>(() =>
      oidcAuthenticator.initialize(options),
    );
  },
  async start(input, discovery) {
    return oidcAuthenticator.start(input, await discovery.get());
  },
  async authenticate(input, discovery) {
    return oidcAuthenticator.authenticate(input, await discovery.get());
  },
  async refresh(input, discovery) {
    return oidcAuthenticator.refresh(input, await discovery.get());
  },
  async logout(input, discovery) {
    return oidcAuthenticator.logout?.(input, await discovery.get());
  },
});
