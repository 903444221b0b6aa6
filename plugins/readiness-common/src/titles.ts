import type { LevelOrNone, ReadinessCategory } from './model';

/**
 * How a level is shown ("Gold", "None").
 * @public
 */
export const LEVEL_TITLES: Record<LevelOrNone, string> = {
  none: 'None',
  bronze: 'Bronze',
  silver: 'Silver',
  gold: 'Gold',
};

/**
 * How a category is shown ("Traceability").
 * @public
 */
export const CATEGORY_TITLES: Record<ReadinessCategory, string> = {
  ownership: 'Ownership',
  operations: 'Operations',
  traceability: 'Traceability',
  consistency: 'Consistency',
  resilience: 'Resilience',
  contracts: 'Contracts',
  autonomy: 'Autonomy',
  security: 'Security',
};
