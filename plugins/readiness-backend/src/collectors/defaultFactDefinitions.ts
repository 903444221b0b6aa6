import { FactDefinition } from '@golden-path/plugin-readiness-common';
import { ADR_FACTS } from './AdrFactCollector';
import { CATALOG_FACTS } from './CatalogFactCollector';
import { repositoryFactDefinitions } from './RepositoryFactCollector';
import { DEFAULT_REPOSITORY_FILE_RULES } from './repositoryFileRules';
import { GOLDEN_PATH_FACTS } from './GoldenPathFactCollector';
import { SLO_FACTS } from './SloFactCollector';

/**
 * The facts of the built-in collectors with the shipped repository rules
 * (what the shipped checks are written against).
 * @public
 */
export function defaultFactDefinitions(): FactDefinition[] {
  return [
    ...CATALOG_FACTS,
    ...repositoryFactDefinitions(DEFAULT_REPOSITORY_FILE_RULES),
    ...SLO_FACTS,
    ...ADR_FACTS,
    ...GOLDEN_PATH_FACTS,
  ];
}
