/**
 * Catalog module that validates Golden Path metadata on ingestion.
 *
 * @packageDocumentation
 */
export { catalogModuleGoldenPath as default } from './module';
export * from './GoldenPathEntityProcessor';
export * from './EntityRefLookup';
