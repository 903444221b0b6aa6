/**
 * The ADR backend: finds the Architecture Decision Records of every catalog
 * entity with golden-path.io/adr-location, indexes them in its own tables and
 * serves them over REST (/api/adr) and Backstage search.
 *
 * @packageDocumentation
 */

export { adrPlugin as default } from './plugin';
export { adrSearchModule } from './search/adrSearchModule';
export {
  AdrCollatorFactory,
  markdownToSearchText,
  type AdrDocument,
} from './search/AdrCollatorFactory';
export {
  adrConditions,
  adrPermissionRules,
  adrResourceRef,
  createAdrConditionalDecision,
  hasOwner,
  isEntity,
  type AdrPermissionQuery,
  type AdrPermissionResource,
} from './permissions/rules';
