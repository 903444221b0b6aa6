import {
  coreServices,
  createBackendModule,
} from '@backstage/backend-plugin-api';
import { authOwnershipResolutionExtensionPoint } from '@backstage/plugin-auth-node';
import { catalogServiceRef } from '@backstage/plugin-catalog-node';
import { CatalogOwnershipResolver } from './ownership/CatalogOwnershipResolver';

/**
 * The Golden Path auth module: ownership claims that include the groups
 * below the user's groups.
 */
export const authModuleGoldenPath = createBackendModule({
  pluginId: 'auth',
  moduleId: 'golden-path',
  register(reg) {
    reg.registerInit({
      deps: {
        ownership: authOwnershipResolutionExtensionPoint,
        catalog: catalogServiceRef,
        auth: coreServices.auth,
      },
      async init({ ownership, catalog, auth }) {
        ownership.setAuthOwnershipResolver(
          new CatalogOwnershipResolver({ catalog, auth }),
        );
      },
    });
  },
});
