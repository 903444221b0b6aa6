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
      /**
       * The npm registry that serves `@golden-path/*` packages (the service
       * chassis) to the services the node-service template creates:
       * `golden-path:service:preflight` outputs it and the template writes it
       * into each new service's `.npmrc` as `@golden-path:registry`. An
       * http(s) URL without credentials (it is committed with the service).
       * Default: `http://127.0.0.1:4873/`, the Verdaccio that
       * `scripts/start.sh` runs; in production, your company's registry.
       */
      npmRegistry?: string;
      /**
       * The Prometheus data source (a key of `goldenPath.slo.prometheus`)
       * the SLIs in new services' openslo.yaml name. Unset: their SLIs name
       * the SLO backend's ingestion API (`golden-path-ingestion`), so a new
       * service never names a data source the portal cannot read.
       */
      sloPrometheusDataSource?: string;
    };
    demo?: {
      /**
       * Services the portal creates from older versions of the node-service
       * template at start-up (once; a service whose repository exists is
       * kept), so the Golden path page shows services behind the current
       * version. Each item: `name`, `version` (a version in the template's
       * versions.yaml) and the form's answers (`description`, `owner`,
       * `system`, `tier`, `database`, `broker`). Default: none.
       */
      olderServices?: Array<{
        name: string;
        version: string;
        description: string;
        owner: string;
        system?: string;
        tier: string;
        database: string;
        broker: string;
      }>;
    };
  };
}
