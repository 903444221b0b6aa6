import type { SchedulerServiceTaskScheduleDefinitionConfig } from '@backstage/backend-plugin-api';

export interface Config {
  goldenPath?: {
    adr?: {
      /**
       * Local folders the backend may read ADRs from when an entity's
       * golden-path.io/adr-location resolves to a `file` path. Relative paths
       * are resolved against the backend's working directory. Nothing else on
       * the local disk is read, except `goldenPath.scaffolder.localPublishRoot`
       * when that is set. Default: none.
       */
      localRoots?: string[];
      /**
       * Files larger than this are skipped with a warning (ADRs) or refused
       * (files served by `/file`). Default 1048576 (1 MiB), at most 52428800.
       */
      maxFileBytes?: number;
      /** At most this many ADR files are read per folder. Default 1000. */
      maxFiles?: number;
      /** How deep below the ADR folder files are looked for. Default 5. */
      maxDepth?: number;
      /**
       * A proposed ADR older than this (by its date, else by when the
       * backend first saw it) is "stale". Default 30.
       */
      staleProposedDays?: number;
      /**
       * When the ADR folders of all entities are read. Default: every 10
       * minutes, timeout 15 minutes, first run 5 seconds after start-up.
       */
      schedule?: SchedulerServiceTaskScheduleDefinitionConfig;
      search?: {
        /** When the search index of ADRs is rebuilt. Default: every 10 minutes. */
        schedule?: SchedulerServiceTaskScheduleDefinitionConfig;
      };
    };
  };
}
