/**
 * Golden-path drift and upgrades: the /golden-path page (per template,
 * which services are on which version and what changed; every service's
 * template and chassis versions and how far behind it is; fleet upgrades
 * through the upgrade-service template) and the "Golden path" card of a
 * component with "Upgrade to vX" (legacy frontend system; see `/alpha` for
 * the new one).
 *
 * @packageDocumentation
 */
export {
  goldenPathPlugin,
  GoldenPathPage,
  EntityGoldenPathCard,
} from './plugin';
export { isGoldenPathAvailable } from './isGoldenPathAvailable';
export { goldenPathApiRef } from './api/GoldenPathApi';
export type { GoldenPathApi, DriftFilters } from './api/GoldenPathApi';
export { GoldenPathClient } from './api/GoldenPathClient';
export type { DriftCounts, EntityDrift } from './api/types';
