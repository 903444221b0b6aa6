import {
  coreServices,
  createBackendModule,
} from '@backstage/backend-plugin-api';
import { readDurationFromConfig } from '@backstage/config';
import { catalogServiceRef } from '@backstage/plugin-catalog-node';
import { policyExtensionPoint } from '@backstage/plugin-permission-node/alpha';
import { durationToMilliseconds } from '@backstage/types';
import { GroupMembership } from './policy/GroupMembership';
import { PolicyFiles } from './policy/PolicyFiles';
import { RolePermissionPolicy } from './policy/RolePermissionPolicy';

/**
 * The Golden Path permission policy: roles and ownership conditions from
 * the YAML files named by `goldenPath.permissions.policyFiles`.
 * @public
 */
export const permissionModuleGoldenPathPolicy = createBackendModule({
  pluginId: 'permission',
  moduleId: 'golden-path-policy',
  register(reg) {
    reg.registerInit({
      deps: {
        policy: policyExtensionPoint,
        config: coreServices.rootConfig,
        logger: coreServices.logger,
        auth: coreServices.auth,
        lifecycle: coreServices.rootLifecycle,
        catalog: catalogServiceRef,
      },
      async init({ policy, config, logger, auth, lifecycle, catalog }) {
        const files = config.getStringArray(
          'goldenPath.permissions.policyFiles',
        );
        const ttlKey = 'goldenPath.permissions.membershipCacheTtl';
        const ttlMs = config.has(ttlKey)
          ? durationToMilliseconds(
              readDurationFromConfig(config, { key: ttlKey }),
            )
          : 60_000;
        const policyFiles = PolicyFiles.load(files, logger);
        if (
          config.getOptionalBoolean('goldenPath.permissions.reload') ??
          true
        ) {
          policyFiles.watch();
          lifecycle.addShutdownHook(() => policyFiles.close());
        }
        logger.info(
          `Permission policy from ${files.join(
            ', ',
          )}: roles ${policyFiles.policy.roles
            .map(role => role.name)
            .join(', ')}`,
        );
        const membership = new GroupMembership({ catalog, auth, ttlMs });
        policy.setPolicy(
          new RolePermissionPolicy({
            policy: () => policyFiles.policy,
            groupsOf: ref => membership.groupsOf(ref),
            logger,
          }),
        );
      },
    });
  },
});
