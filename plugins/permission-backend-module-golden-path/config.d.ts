import { HumanDuration } from '@backstage/types';

export interface Config {
  goldenPath?: {
    permissions?: {
      /**
       * The permission policy files (YAML: roles with members and allowed
       * permissions), read in order; relative paths resolve from the
       * backend's working directory. Required when the module is installed.
       */
      policyFiles: string[];
      /**
       * Whether an edited policy file takes effect without a restart.
       * Default: true. A bad edit is logged and the previous policy stays.
       */
      reload?: boolean;
      /**
       * How long a user's groups (from the catalog) are remembered for role
       * membership. Default: 1 minute.
       */
      membershipCacheTtl?: HumanDuration | string;
    };
  };
}
