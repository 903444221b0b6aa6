/**
 * React pieces shared by the Golden Path frontend plugins.
 *
 * @packageDocumentation
 */
export { entityName } from './entityName';
export { useEntityTitles } from './useEntityTitles';
export { facetCounts } from './facetCounts';
export type { FacetCount } from './facetCounts';
export { EntityRefPicker } from './EntityRefPicker';
export type { EntityRefPickerProps } from './EntityRefPicker';
export { ToggleChipGroup } from './ToggleChipGroup';
export type { ToggleChipGroupProps, ToggleChipOption } from './ToggleChipGroup';
export { SortableHeader } from './SortableHeader';
export type { SortableHeaderProps } from './SortableHeader';
export { TierChip } from './TierChip';
export { useFilteredOverview } from './useFilteredOverview';
export type { FilteredOverviewOptions } from './useFilteredOverview';
export { ServiceFilters } from './ServiceFilters';
export type { ServiceFilterValues } from './ServiceFilters';
export { PageSection } from './PageSection';
export { OrgPage } from './OrgPage';
export type { OrgPageProps, OrgPageState } from './OrgPage';
export { refreshRateLimitMessage } from './refreshRateLimitMessage';
export { TimeSeriesChart } from './TimeSeriesChart';
export type {
  TimeSeries,
  TimeSeriesBand,
  TimeSeriesChartProps,
  TimeSeriesReference,
} from './TimeSeriesChart';
export type { TimeSeriesPoint, TimeSeriesYAxis } from './timeSeriesGeometry';
