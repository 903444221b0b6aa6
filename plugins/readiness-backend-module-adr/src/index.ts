/**
 * A backend module of the readiness plugin that adds
 * the `adr` fact collector: `adr.count`, how many Architecture Decision Records
 * the ADR backend (`@golden-path/plugin-adr-backend`) indexed for each component.
 *
 * @packageDocumentation
 */

export { readinessModuleAdr as default } from './module';
export { AdrFactCollector, ADR_FACTS } from './AdrFactCollector';
