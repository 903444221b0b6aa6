/**
 * Golden Path service catalog: the Ownership & operations card, the tier
 * badge and the catalog table columns with the tier (legacy frontend system;
 * see `/alpha` for the new one).
 *
 * @packageDocumentation
 */
export {
  serviceCatalogPlugin,
  EntityOwnershipCard,
  ServicesPage,
  GoldenPathServiceNameFieldExtension,
  GoldenPathTextFieldExtension,
  GoldenPathEntityPickerFieldExtension,
} from './plugin';
export type { EntityTitlePickerOptions } from './components/ServiceNameField/EntityTitlePicker';
export {
  TierBadge,
  describeObjectives,
} from './components/TierBadge/TierBadge';
export {
  goldenPathCatalogColumns,
  readableColumn,
  withDescriptionUnderName,
} from './components/CatalogColumns/goldenPathCatalogColumns';
