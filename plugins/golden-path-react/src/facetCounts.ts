// The counting lives in golden-path-common, where the backends' read models
// count the same choices; re-exported here for the pages.
export { facetCounts } from '@golden-path/plugin-golden-path-common';
export type { FacetCount } from '@golden-path/plugin-golden-path-common';
