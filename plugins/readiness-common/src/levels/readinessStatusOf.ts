import type { TierName } from '@golden-path/plugin-golden-path-common';
import type { LevelOrNone, ReadinessStatus } from '../model';
import { meetsLevel } from './levelOf';

/**
 * A service's status against the level its tier requires (see
 * {@link ReadinessStatus}). A service without a tier is `no-tier` whatever
 * its level; one below its level with checks awaiting their first
 * collection is `awaiting` (an awaiting check counts as not passed, so
 * collecting its facts can only raise the level: `meets` stays `meets`).
 * @public
 */
export function readinessStatusOf(input: {
  tier: TierName | null;
  level: LevelOrNone;
  requiredLevel: LevelOrNone;
  /** How many applicable checks await their first collection. */
  awaiting: number;
}): ReadinessStatus {
  if (input.tier === null) return 'no-tier';
  if (meetsLevel(input.level, input.requiredLevel)) return 'meets';
  return input.awaiting > 0 ? 'awaiting' : 'below';
}
