/**
 * Readiness scorecards: the /readiness page (services by level against the
 * level their tier requires, failing checks, leaderboard, trend), the
 * "Readiness" entity tab with the facts behind each check and attestations,
 * and a small card with the level badge (legacy frontend system; see
 * `/alpha` for the new one).
 *
 * @packageDocumentation
 */
export {
  readinessPlugin,
  ReadinessPage,
  EntityReadinessContent,
  EntityReadinessCard,
} from './plugin';
export { isReadinessAvailable } from './isReadinessAvailable';
export { readinessApiRef } from './api/ReadinessApi';
export type {
  ReadinessApi,
  ReadinessOverviewFilters,
  ReadinessServicesQuery,
} from './api/ReadinessApi';
export { ReadinessClient } from './api/ReadinessClient';
export { LevelBadge } from './components/LevelBadge/LevelBadge';
