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
  };
}
