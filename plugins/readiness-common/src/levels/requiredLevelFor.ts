import type { TierName } from '@golden-path/plugin-golden-path-common';
import type { LevelOrNone } from '../model';
import { DEFAULT_REQUIRED_LEVELS } from '../model';

/**
 * The level a service of `tier` must reach: the configured level of its
 * tier (the default when the tier is absent from `requiredLevels`); a
 * service without a tier is required nothing (`none`).
 * @public
 */
export function requiredLevelFor(
  tier: TierName | null,
  requiredLevels: Record<TierName, LevelOrNone>,
): LevelOrNone {
  if (tier === null) return 'none';
  return requiredLevels[tier] ?? DEFAULT_REQUIRED_LEVELS[tier] ?? 'none';
}
