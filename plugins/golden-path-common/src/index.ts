/**
 * The Golden Path metadata model: annotation names, the tier table and the
 * entity validator, shared by every Golden Path plugin.
 *
 * @packageDocumentation
 */
export * from './annotations';
export * from './tiers';
export * from './validateGoldenPathEntity';
export * from './deploymentStrategyForTier';
export * from './semver';
export * from './permissions';
export * from './drift';
export * from './paging';
export * from './facets';
export * from './services';
