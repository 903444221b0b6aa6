import type { SchedulerServiceTaskScheduleDefinitionConfig } from '@backstage/backend-plugin-api';
import type { HumanDuration } from '@backstage/types';

export interface Config {
  goldenPath?: {
    repositories?: {
      /**
       * How long a clone URL given out on a service's Repository tab works,
       * as a duration ({ days: 30 }). At least one minute. Default 30 days.
       * The URLs are signed with a key kept in
       * `goldenPath.scaffolder.localPublishRoot` (.golden-path-clone-key);
       * deleting that file ends every URL given out so far.
       */
      cloneUrlValidity?: HumanDuration;
    };
    drift?: {
      /**
       * When the golden-path drift view (which template version each
       * service is on, its chassis version) is recomputed. Default: every
       * 10 minutes, timeout 5 minutes, first run 10 seconds after start-up.
       * POST /api/golden-path/drift/refresh runs it at once.
       */
      schedule?: SchedulerServiceTaskScheduleDefinitionConfig;
    };
  };
}
