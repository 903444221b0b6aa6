/**
 * The name and tier the service was created with (SERVICE_NAME and
 * SERVICE_TIER override them). No imports: the preloaded instrumentation
 * reads it before any instrumented module is loaded.
 */
export const SERVICE_DEFAULTS = {
  serviceName: '${{ values.name }}',
  tier: '${{ values.tier }}',
} as const;
