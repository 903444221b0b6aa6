/**
 * The Golden Path SLO backend: SLOs from component tiers and OpenSLO files,
 * SLI data from its ingestion API or Prometheus, error budgets and
 * burn-rate alerts computed on a schedule, served under /api/slo.
 *
 * @packageDocumentation
 */

export { sloPlugin as default } from './plugin';
export type {
  SliCounts,
  SliSource,
  SloDefinitionForSource,
} from './sources/SliSource';
export { SliSourceError } from './sources/SliSource';
