export interface Config {
  goldenPath?: {
    catalog?: {
      /**
       * Lifecycles whose Components get a warning when tier, on-call or
       * runbook is missing. Default: [production].
       */
      warnMissingMetadataFor?: string[];
      /**
       * Lifecycles whose Components get an error (a processing error on the
       * entity) when tier, on-call or runbook is missing. Default: none.
       */
      errorMissingMetadataFor?: string[];
      /**
       * Whether `spec.owner` of Components, Systems and APIs must name a Group
       * or User the catalog knows (an error on the entity otherwise).
       * Default: true.
       */
      checkOwnerExists?: boolean;
    };
  };
}
