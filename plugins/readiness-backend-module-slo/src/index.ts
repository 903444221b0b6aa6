/**
 * A backend module of the readiness plugin that adds
 * the `slo` fact collector: whether each component has SLOs, meets them over
 * their window and has page alerts firing, from the SLO backend
 * (`@golden-path/plugin-slo-backend`).
 *
 * @packageDocumentation
 */

export { readinessModuleSlo as default } from './module';
export { SloFactCollector, SLO_FACTS } from './SloFactCollector';
