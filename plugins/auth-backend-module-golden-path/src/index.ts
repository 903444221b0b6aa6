/**
 * Auth backend module of Golden Path: ownership claims that include the
 * groups below the user's groups.
 *
 * @packageDocumentation
 */
export { authModuleGoldenPath as default } from './module';
export { ownershipEntityRefsFor } from './ownership/ownershipEntityRefsFor';
export { CatalogOwnershipResolver } from './ownership/CatalogOwnershipResolver';
