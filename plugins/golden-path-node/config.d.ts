import { HumanDuration } from '@backstage/types';

export interface Config {
  goldenPath?: {
    errors?: {
      /**
       * Whether error responses of the backend carry the error's stack trace
       * (absolute source paths). Default: only when NODE_ENV is
       * `development`. Read by safeErrorsRootHttpRouterServiceFactory and
       * safeErrorsHttpRouterServiceFactory (see the package README).
       */
      showStackTraces?: boolean;
    };
    refresh?: {
      /**
       * The shortest time between two runs of an org-wide refresh (POST
       * /api/readiness/v1/refresh, /api/slo/v1/refresh, /api/adr/refresh
       * without entityRef, /api/golden-path/drift/refresh): a call sooner
       * gets 429 with Retry-After. A Backstage duration such as
       * `{ minutes: 1 }`, `'1m'` or `'PT1M'`; default one minute, at most
       * one day, 0 turns the limit off. Each plugin keeps its own limit.
       */
      minInterval?: HumanDuration | string;
    };
  };
}
