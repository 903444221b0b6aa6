/**
 * Test helpers of the Prometheus SLI source: find the Prometheus binaries
 * the tests use and start one backfilled with per-minute SLI points (used
 * by the SLO backend's benchmark).
 *
 * @packageDocumentation
 */

export { backfillSelectors, startBackfilledPrometheus } from './backfill';
export type { MinutePoint } from './backfill';
export { findPrometheus } from './prometheusTestServer';
export type { RunningPrometheus } from './prometheusTestServer';
