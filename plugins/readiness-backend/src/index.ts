/**
 * The readiness backend: collects facts about components (catalog
 * metadata, repository files, golden-path template versions, and the
 * collectors backend modules add through the extension point of
 * `@golden-path/plugin-readiness-node`, e.g. SLO status and ADR count) on
 * scheduler tasks, evaluates the readiness checks into
 * bronze/silver/gold levels with history, records attestations in an
 * append-only audit table, and serves it all under /api/readiness.
 *
 * @packageDocumentation
 */

export { readinessPlugin, readinessPlugin as default } from './plugin';
export {
  DEFAULT_REPOSITORY_FILE_RULES,
  type RepositoryFileRule,
} from './collectors/repositoryFileRules';
export { defaultFactDefinitions } from './collectors/defaultFactDefinitions';
