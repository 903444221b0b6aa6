import { createExtensionPoint } from '@backstage/backend-plugin-api';
import { SliSource } from './SliSource';

/**
 * Lets backend modules add SLI sources to the SLO plugin, one per data
 * source type (as the scaffolder's actions extension point adds actions).
 * An SLO whose data source has a type no module registered is shown with
 * status `error`.
 * @public
 */
export interface SloSliSourcesExtensionPoint {
  /**
   * Registers the source of the SLOs whose data source has this `type`
   * (e.g. `prometheus`). A second source for the same type fails start-up.
   */
  addSliSource(type: string, source: SliSource): void;
}

/**
 * The extension point of {@link SloSliSourcesExtensionPoint}.
 * @public
 */
export const sloSliSourcesExtensionPoint =
  createExtensionPoint<SloSliSourcesExtensionPoint>({
    id: 'slo.sli-sources',
  });
