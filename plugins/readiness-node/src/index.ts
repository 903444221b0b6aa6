/**
 * Node.js types and extension points of the readiness backend: what a
 * backend module implements to add a fact collector
 * ({@link FactCollector}), the extension point it registers it with
 * ({@link readinessFactCollectorsExtensionPoint}), and a helper to read
 * another backend plugin's JSON with the plugin's service token.
 *
 * @packageDocumentation
 */

export {
  readinessFactCollectorsExtensionPoint,
  type ReadinessFactCollectorsExtensionPoint,
} from './extensions';
export type {
  FactCollector,
  FactCollectorContext,
  FactCollectorResult,
} from './FactCollector';
export { fetchPluginJson, PluginRequestError } from './fetchPluginJson';
