import type { CheckOutcome, LevelOrNone, ReadinessLevel } from '../model';
import { READINESS_LEVELS } from '../model';

const RANK: Record<LevelOrNone, number> = {
  none: 0,
  bronze: 1,
  silver: 2,
  gold: 3,
};

/**
 * Orders levels: negative when `a` is below `b`, 0 when equal, positive
 * when above (from lowest: `none`, `bronze`, `silver`, `gold`).
 * @public
 */
export function compareLevels(a: LevelOrNone, b: LevelOrNone): number {
  return RANK[a] - RANK[b];
}

/**
 * True when `actual` is `required` or higher; every level meets `none`.
 * @public
 */
export function meetsLevel(
  actual: LevelOrNone,
  required: LevelOrNone,
): boolean {
  return compareLevels(actual, required) >= 0;
}

/**
 * A service's level from its check results, by OpsLevel's rubric: the
 * highest level L such that every applicable check of L and of every lower
 * level passes. `not-applicable` results are ignored; `fail` and `error`
 * count as not passed. A level without applicable checks passes trivially
 * when the levels below it pass (so a service with no applicable check at
 * all is `gold`).
 * @public
 */
export function levelOf(
  results: ReadonlyArray<{ level: ReadinessLevel; outcome: CheckOutcome }>,
): LevelOrNone {
  let reached: LevelOrNone = 'none';
  for (const level of READINESS_LEVELS) {
    const passes = results.every(
      result =>
        result.level !== level ||
        result.outcome === 'pass' ||
        result.outcome === 'not-applicable',
    );
    if (!passes) break;
    reached = level;
  }
  return reached;
}
