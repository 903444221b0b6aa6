/**
 * ADR browser: the "Decisions" entity tab and the organisation-wide /adrs
 * page (legacy frontend system; see `/alpha` for the new one).
 *
 * @packageDocumentation
 */
export { adrPlugin, AdrIndexPage, EntityAdrContent } from './plugin';
export { isAdrAvailable, ADR_LOCATION_ANNOTATION } from './isAdrAvailable';
export { adrApiRef } from './api/AdrApi';
export type { AdrApi, AdrListFilters, AdrStatusFilter } from './api/AdrApi';
export { AdrClient } from './api/AdrClient';
export { AdrStatusChip } from './components/AdrStatusChip/AdrStatusChip';
export {
  resolveMarkdownLink,
  resolveImageSource,
} from './components/AdrMarkdown/resolveMarkdownLink';
export type { MarkdownTarget } from './components/AdrMarkdown/resolveMarkdownLink';
