/**
 * Node.js helpers shared by the Golden Path backend plugins: resolving the
 * file or folder an entity annotation names, and reading local folders only
 * inside configured roots; error responses without stack traces or echoed
 * request bodies; entity-ref keys, chunking and JSON columns for the stores.
 *
 * @packageDocumentation
 */

export {
  EntityLocationError,
  resolveEntityLocation,
} from './resolveEntityLocation';
export type { EntityLocation } from './resolveEntityLocation';
export { LocalRoots, LocalRootsError } from './LocalRoots';
export type { LocalFile, LocalRoot } from './LocalRoots';
export { readLocalRoots } from './readLocalRoots';
export {
  configError,
  readConfigInteger,
  readConfigSchedule,
} from './readConfigValues';
export { chunks } from './chunks';
export { entityRefKey, normalizeEntityRef } from './entityRefs';
export { parseJson } from './parseJson';
export {
  entityRefSchema,
  parseInput,
  repeatableSchema,
} from './requestSchemas';
export { requirePermission } from './requirePermission';
export type { PermissionRequirement } from './requirePermission';
export {
  DEFAULT_REFRESH_MIN_INTERVAL_MS,
  readRefreshMinInterval,
  REFRESH_MIN_INTERVAL_KEY,
  RefreshRateLimiter,
} from './RefreshRateLimiter';
export type { LimitedRun, RetryAfterTarget } from './RefreshRateLimiter';
export { TooManyRequestsError } from './TooManyRequestsError';
export { SharedRuns } from './SharedRuns';
export { triggerScheduledTasks } from './triggerScheduledTasks';
export { migrateToLatest } from './migrateToLatest';
export {
  DEFAULT_LOCAL_PUBLISH_ROOT,
  LOCAL_PUBLISH_ROOT_KEY,
  LocalPublishRoot,
} from './LocalPublishRoot';
export {
  CHANGELOG_FILE,
  parseTemplateChangelog,
  TemplateHistory,
  VERSIONS_FILE,
} from './TemplateHistory';
export type { TemplateFile, TemplateVersion } from './TemplateHistory';
export { formatByteSize } from './formatByteSize';
export {
  PayloadTooLargeError,
  requestBodyErrorHandler,
  toRequestBodyError,
  UnsupportedMediaTypeError,
} from './requestBodyErrorHandler';
export type { RequestBodyErrorOptions } from './requestBodyErrorHandler';
export {
  readErrorResponseOptions,
  SHOW_STACK_TRACES_KEY,
} from './readErrorResponseOptions';
export type { ErrorResponseOptions } from './readErrorResponseOptions';
export { createSafeErrorHandler } from './createSafeErrorHandler';
export {
  safeErrorsHttpRouterServiceFactory,
  safeErrorsRootHttpRouterServiceFactory,
} from './safeErrorServiceFactories';
export { readableEntityRefs } from './readableEntityRefs';
export { SharedSnapshot } from './SharedSnapshot';
export { compareText, matchesText, pageOf, pagingQueryShape } from './paging';
