/**
 * The Golden Path SLO backend: SLOs from component tiers and OpenSLO files,
 * SLI data from its ingestion API or SLI sources added by modules
 * (`sloSliSourcesExtensionPoint` of `@golden-path/plugin-slo-node`), error budgets and
 * burn-rate alerts computed on a schedule, served under /api/slo.
 *
 * @packageDocumentation
 */

export { sloPlugin as default } from './plugin';
