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
  };
}
