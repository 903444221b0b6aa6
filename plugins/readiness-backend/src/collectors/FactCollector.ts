// The collector interface lives in @golden-path/plugin-readiness-node, where
// backend modules import it from. This re-export only keeps the imports of
// src/service (being split at the same time) working; import from the node
// package in new code.
export type {
  FactCollector,
  FactCollectorContext,
  FactCollectorResult,
} from '@golden-path/plugin-readiness-node';
