import {
  DEFAULT_TIER_TABLE,
  DeploymentStrategy,
  TierName,
  TierTable,
} from './tiers';

/**
 * The deployment strategy a tier requires.
 * @public
 */
export function deploymentStrategyForTier(
  tier: TierName,
  tiers: TierTable = DEFAULT_TIER_TABLE,
): DeploymentStrategy {
  return tiers[tier].deploymentStrategy;
}
