/**
 * The SLO backend's Prometheus module: SLI counts of SLOs whose OpenSLO
 * DataSource is of type Prometheus, queried from the servers configured at
 * `goldenPath.slo.prometheus`.
 *
 * @packageDocumentation
 */

export { sloModulePrometheus as default } from './module';
export { createPrometheusSliSource } from './createPrometheusSliSource';
