/**
 * Scaffolder actions of the Golden Path: preflight checks, catalog-info
 * validation, ADRs, local git publishing and local catalog registration.
 *
 * @packageDocumentation
 */
import { createBackendFeatureLoader } from '@backstage/backend-plugin-api';
import {
  catalogModuleGoldenPathLocalRepos,
  scaffolderModuleGoldenPath,
} from './module';

/**
 * The scaffolder module with the golden-path:* actions, and the catalog
 * module that lets golden-path:catalog:register-local register `file`
 * locations under the local publish root.
 */
export default createBackendFeatureLoader({
  *loader() {
    yield scaffolderModuleGoldenPath;
    yield catalogModuleGoldenPathLocalRepos;
  },
});

export { catalogModuleGoldenPathLocalRepos, scaffolderModuleGoldenPath };
export { LocalPublishRoot } from './LocalPublishRoot';
export { LocalFileLocationGuard } from './LocalFileLocationGuard';
export { createPreflightAction } from './actions/preflight';
export { createProvenanceAction, PROVENANCE_FILE } from './actions/provenance';
export { createCatalogValidateAction } from './actions/catalogValidate';
export { createAdrCreateAction } from './actions/adrCreate';
export { createPublishLocalAction } from './actions/publishLocal';
export { createRegisterLocalAction } from './actions/registerLocal';
export { createUpgradeAction, upgradeSummary } from './actions/upgrade';
export {
  describeCounts,
  parseProvenance,
  ServiceUpgrader,
  upgradeBranch,
} from './upgrade/ServiceUpgrader';
export type {
  ProvenanceRecord,
  UpgradeResult,
} from './upgrade/ServiceUpgrader';
export {
  TemplateRenderer,
  renderingSteps,
  type TemplateStep,
} from './upgrade/renderTemplate';
export type { RenderedFile } from './upgrade/renderTemplate';
export { createServiceRepository } from './upgrade/createServiceRepository';
export { planMerge } from './upgrade/planMerge';
export type { MergePlan, FileState, Conflict } from './upgrade/planMerge';
export { mergeText, type TextMerge } from './upgrade/mergeText';
