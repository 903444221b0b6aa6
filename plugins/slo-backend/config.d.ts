import type { SchedulerServiceTaskScheduleDefinitionConfig } from '@backstage/backend-plugin-api';

export interface Config {
  goldenPath?: {
    slo?: {
      /**
       * Local folders the backend may read OpenSLO files from when an
       * entity's golden-path.io/slo resolves to a `file` path (a path
       * relative to a catalog file on disk). Relative paths are resolved
       * against the backend's working directory. Nothing else on the local
       * disk is read, except `goldenPath.scaffolder.localPublishRoot` when
       * that is set. Default: none.
       */
      localRoots?: string[];
      /**
       * OpenSLO files larger than this many bytes are refused (the entity
       * shows the error). Default and maximum 1048576 (1 MiB).
       */
      maxFileBytes?: number;
      /**
       * When SLO definitions are re-read from the catalog and budgets,
       * burn rates and alerts are recomputed (task `slo-compute`). Default:
       * every minute, timeout 5 minutes, first run at start-up.
       */
      schedule?: SchedulerServiceTaskScheduleDefinitionConfig;
      /**
       * The multiwindow, multi-burn-rate alert rules. Default: the Google
       * SRE Workbook's (page 14.4x over 1h/5m, page 6x over 6h/30m, ticket
       * 1x over 3d/6h). A bad rule fails start-up naming the field.
       */
      burnRatePolicy?: {
        rules: Array<{
          /** A unique name, e.g. `page-1h`. */
          name: string;
          severity: 'page' | 'ticket';
          /** The factor both windows must exceed. */
          burnRate: number;
          /** A fixed duration, e.g. `1h` (units m, h, d, w). */
          longWindow: string;
          /** A fixed duration shorter than longWindow, e.g. `5m`. */
          shortWindow: string;
        }>;
      };
      retention?: {
        /**
         * Days per-minute SLI buckets are kept (whole hours are pruned);
         * afterwards only hourly roll-ups remain and the hour can no longer
         * be written to. Default 8, from 1 to 400.
         */
        minuteDays?: number;
        /**
         * Days hourly roll-ups are kept, and how old an ingested point may
         * be. Default 400, from 1 to 3650, at least minuteDays.
         */
        hourDays?: number;
      };
    };
  };
}
