import { createExtensionPoint } from '@backstage/backend-plugin-api';
import { FactCollector } from './FactCollector';

/**
 * Lets backend modules add fact collectors to the readiness plugin (as the
 * scaffolder's actions extension point adds actions). Their facts can then
 * be read by checks in app-config.
 * @public
 */
export interface ReadinessFactCollectorsExtensionPoint {
  addFactCollector(...collectors: FactCollector[]): void;
}

/**
 * The extension point of {@link ReadinessFactCollectorsExtensionPoint}.
 * @public
 */
export const readinessFactCollectorsExtensionPoint =
  createExtensionPoint<ReadinessFactCollectorsExtensionPoint>({
    id: 'readiness.fact-collectors',
  });
