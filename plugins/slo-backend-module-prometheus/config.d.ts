export interface Config {
  goldenPath?: {
    slo?: {
      /**
       * Prometheus data sources, by name: an OpenSLO metric source of type
       * Prometheus names one with `metricSourceRef`. URLs come only from
       * here, never from OpenSLO files. Read by the SLO backend's
       * Prometheus module (`@golden-path/plugin-slo-backend-module-prometheus`).
       */
      prometheus?: {
        [name: string]: {
          /** The base URL, e.g. http://prometheus:9090. */
          url: string;
          /**
           * Headers sent with every query, e.g. Authorization.
           * @visibility secret
           */
          headers?: { [name: string]: string };
          /** Per-request timeout in milliseconds. */
          timeout?: number;
          /** Allow a link-local address (refused by default: cloud metadata). */
          allowLinkLocal?: boolean;
        };
      };
    };
  };
}
