/**
 * SLO tier dashboard: the /slo page (tiers, alerts firing, services by
 * budget and burn rate, tier violations) and the "SLOs" entity card with a
 * 30-day budget burn-down (legacy frontend system; see `/alpha` for the new
 * one).
 *
 * @packageDocumentation
 */
export { sloPlugin, SloPage, EntitySloCard } from './plugin';
export { isSloAvailable } from './isSloAvailable';
export { sloApiRef } from './api/SloApi';
export type { SloApi, SloOverviewFilters } from './api/SloApi';
export { SloClient } from './api/SloClient';
export { SloStatusChip } from './components/SloStatusChip/SloStatusChip';
