import { FactDefinition } from '@golden-path/plugin-readiness-common';
import { CATALOG_FACTS } from './CatalogFactCollector';
import { repositoryFactDefinitions } from './RepositoryFactCollector';
import { DEFAULT_REPOSITORY_FILE_RULES } from './repositoryFileRules';
import { GOLDEN_PATH_FACTS } from './GoldenPathFactCollector';

/**
 * The facts of the built-in collectors with the shipped repository rules.
 * The shipped checks also read the facts of the `slo` and `adr` collectors,
 * which their backend modules add (`SLO_FACTS`, `ADR_FACTS`); without them
 * those checks are left out.
 * @public
 */
export function defaultFactDefinitions(): FactDefinition[] {
  return [
    ...CATALOG_FACTS,
    ...repositoryFactDefinitions(DEFAULT_REPOSITORY_FILE_RULES),
    ...GOLDEN_PATH_FACTS,
  ];
}
