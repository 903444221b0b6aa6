/**
 * Node.js types and extension points of the Golden Path SLO backend: what
 * an SLI source is, and the extension point through which a backend module
 * adds one for a data source type.
 *
 * @packageDocumentation
 */

export type { SliCounts, SliSource, SloDefinitionForSource } from './SliSource';
export { SliSourceError } from './SliSource';
export type { SloSliSourcesExtensionPoint } from './extensions';
export { sloSliSourcesExtensionPoint } from './extensions';
