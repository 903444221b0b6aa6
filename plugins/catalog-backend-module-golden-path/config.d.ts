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
      /**
       * The most bytes an entity's annotations, labels and description may
       * take together: the UTF-8 size of the JSON of `{ annotations, labels,
       * description }`. Over it, the biggest of them are left out of the
       * stored entity, with an error on the entity naming them. A whole
       * number from 1024 to 67108864; default 65536 (64 KB).
       */
      maxMetadataBytes?: number;
    };
  };
}
