import {
  coreServices,
  createBackendModule,
} from '@backstage/backend-plugin-api';
import {
  authOwnershipResolutionExtensionPoint,
  authProvidersExtensionPoint,
  commonSignInResolvers,
  createOAuthProviderFactory,
} from '@backstage/plugin-auth-node';
import { catalogServiceRef } from '@backstage/plugin-catalog-node';
import { CatalogOwnershipResolver } from './ownership/CatalogOwnershipResolver';
import { assertProductionReady } from './productionGuard';
import {
  goldenPathSignInResolvers,
  signInCatalogUserByEmailThenName,
} from './signIn/catalogUserSignInResolver';
import { oidcAuthenticatorWithRetry } from './signIn/oidcAuthenticatorWithRetry';

/**
 * The Golden Path auth module: refuses a production start with guest
 * sign-in or permissions off, registers the `oidc` sign-in provider with
 * resolvers to catalog users, and makes ownership claims include the groups
 * below the user's groups.
 * @public
 */
export const authModuleGoldenPath = createBackendModule({
  pluginId: 'auth',
  moduleId: 'golden-path',
  register(reg) {
    reg.registerInit({
      deps: {
        config: coreServices.rootConfig,
        providers: authProvidersExtensionPoint,
        ownership: authOwnershipResolutionExtensionPoint,
        catalog: catalogServiceRef,
        auth: coreServices.auth,
      },
      async init({ config, providers, ownership, catalog, auth }) {
        assertProductionReady(config);
        // Used only where auth.providers.oidc is configured; it replaces
        // Backstage's OIDC module (both would register `oidc`).
        providers.registerProvider({
          providerId: 'oidc',
          factory: createOAuthProviderFactory({
            authenticator: oidcAuthenticatorWithRetry,
            // Without signIn.resolvers in the config: e-mail, then name.
            signInResolver: signInCatalogUserByEmailThenName(),
            signInResolverFactories: {
              emailMatchingUserEntityProfileEmail:
                commonSignInResolvers.emailMatchingUserEntityProfileEmail,
              emailLocalPartMatchingUserEntityName:
                commonSignInResolvers.emailLocalPartMatchingUserEntityName,
              ...goldenPathSignInResolvers,
            },
          }),
        });
        ownership.setAuthOwnershipResolver(
          new CatalogOwnershipResolver({ catalog, auth }),
        );
      },
    });
  },
});
