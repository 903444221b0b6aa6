export interface Config {
  goldenPath?: {
    /**
     * Overrides of the tier table; each key is optional and falls back to
     * the default (see the plugin README).
     * @visibility frontend
     */
    tiers?: {
      [tier: string]: {
        /** @visibility frontend */
        title?: string;
        /** Availability objective in percent, e.g. 99.9. @visibility frontend */
        availability?: number;
        /** p99 latency objective in milliseconds. @visibility frontend */
        latencyP99Ms?: number;
        /** Error-rate objective in percent, e.g. 0.1. @visibility frontend */
        errorRate?: number;
        /** blue-green | canary | rolling | feature-flags. @visibility frontend */
        deploymentStrategy?: string;
        /** @visibility frontend */
        deploymentDescription?: string;
      };
    };
  };
}
