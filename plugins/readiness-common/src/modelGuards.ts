import {
  CONDITION_OPERATORS,
  ConditionOperator,
  LevelOrNone,
  READINESS_CATEGORIES,
  READINESS_LEVELS,
  ReadinessCategory,
  ReadinessLevel,
} from './model';

/**
 * True when `value` is `bronze`, `silver` or `gold`.
 * @public
 */
export function isReadinessLevel(value: unknown): value is ReadinessLevel {
  return (READINESS_LEVELS as readonly unknown[]).includes(value);
}

/**
 * True when `value` is a level or `none` (e.g. a configured required level).
 * @public
 */
export function isLevelOrNone(value: unknown): value is LevelOrNone {
  return value === 'none' || isReadinessLevel(value);
}

/**
 * True when `value` names a check category.
 * @public
 */
export function isReadinessCategory(
  value: unknown,
): value is ReadinessCategory {
  return (READINESS_CATEGORIES as readonly unknown[]).includes(value);
}

/**
 * True when `value` names a condition operator.
 * @public
 */
export function isConditionOperator(
  value: unknown,
): value is ConditionOperator {
  return (CONDITION_OPERATORS as readonly unknown[]).includes(value);
}
