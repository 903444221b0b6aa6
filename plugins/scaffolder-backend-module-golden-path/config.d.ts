export interface Config {
  goldenPath?: {
    scaffolder?: {
      /**
       * The folder `golden-path:publish:local` creates git repositories in,
       * one sub-folder per repository. A relative path is resolved against
       * the backend's working directory (packages/backend under `yarn start`
       * or `yarn workspace backend start`). Only `file` catalog locations
       * inside this folder (or inside the folders of the `file` locations in
       * `catalog.locations`) can be registered. Default: `.data/repos`.
       */
      localPublishRoot?: string;
    };
  };
}
