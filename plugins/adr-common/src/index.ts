/**
 * Reads Architecture Decision Records (MADR 2, 3 and 4, Nygard and
 * adr-tools) into one typed shape.
 *
 * @packageDocumentation
 */

export { parseAdr } from './parseAdr';
export { normaliseStatus } from './normaliseStatus';
export { isAdrFileName } from './isAdrFileName';
export { ADR_STATUS_FILTERS } from './ParsedAdr';
export { ADR_LIST_SORTS } from './AdrRecord';
export type {
  AdrFormat,
  AdrReference,
  AdrStatus,
  ParsedAdr,
} from './ParsedAdr';
export type {
  AdrChainStep,
  AdrEntityResponse,
  AdrFacets,
  AdrFacetValue,
  AdrLink,
  AdrListQuery,
  AdrListSort,
  AdrListResponse,
  AdrRecord,
  AdrSourceStatus,
  AdrStats,
  AdrStatusCounts,
  AdrSummary,
} from './AdrRecord';
export {
  ADR_RESOURCE_TYPE,
  adrEntityRefreshPermission,
  adrPermissions,
  adrReadPermission,
  adrRecordCreatePermission,
  adrRefreshAllPermission,
} from './permissions';
