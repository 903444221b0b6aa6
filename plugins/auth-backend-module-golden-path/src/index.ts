/**
 * Auth backend module of Golden Path: OpenID Connect sign-in resolved to
 * catalog users, ownership claims that include the groups below the user's
 * groups, and a start-up guard against guest sign-in and permissions off in
 * production.
 *
 * @packageDocumentation
 */
export { authModuleGoldenPath as default } from './module';
export { ownershipEntityRefsFor } from './ownership/ownershipEntityRefsFor';
export { CatalogOwnershipResolver } from './ownership/CatalogOwnershipResolver';
export {
  assertProductionReady,
  isProductionConfig,
  productionConfigProblems,
} from './productionGuard';
export {
  catalogNameCandidates,
  goldenPathSignInResolvers,
  signInCatalogUserByEmailThenName,
  signInCatalogUserByPreferredUsername,
} from './signIn/catalogUserSignInResolver';
export type {
  CatalogUserSignInOptions,
  OidcSignInInfo,
} from './signIn/catalogUserSignInResolver';
export { oidcAuthenticatorWithRetry } from './signIn/oidcAuthenticatorWithRetry';
export {
  RetryingDiscovery,
  type DiscoveringContext,
} from './signIn/RetryingDiscovery';
