import type { TierName } from '@golden-path/plugin-golden-path-common';

/**
 * What a check is about.
 * @public
 */
export const READINESS_CATEGORIES = [
  'ownership',
  'operations',
  'traceability',
  'consistency',
  'resilience',
  'contracts',
  'autonomy',
  'security',
] as const;

/** @public */
export type ReadinessCategory = (typeof READINESS_CATEGORIES)[number];

/**
 * Maturity levels, lowest first (OpsLevel-style rubric).
 * @public
 */
export const READINESS_LEVELS = ['bronze', 'silver', 'gold'] as const;

/** @public */
export type ReadinessLevel = (typeof READINESS_LEVELS)[number];

/**
 * A service's level: `none` when it does not pass every bronze check.
 * @public
 */
export type LevelOrNone = ReadinessLevel | 'none';

/**
 * The level each tier requires by default (configurable per tier in
 * `goldenPath.readiness.requiredLevels`).
 * @public
 */
export const DEFAULT_REQUIRED_LEVELS: Record<TierName, LevelOrNone> = {
  critical: 'gold',
  important: 'silver',
  standard: 'bronze',
  'best-effort': 'none',
};

/**
 * A collected fact's value.
 * @public
 */
export type FactValue = boolean | number | string | string[] | null;

/** @public */
export type FactType = 'boolean' | 'number' | 'string' | 'string[]';

/**
 * A fact a collector provides, e.g. `catalog.hasRunbook` (boolean) or
 * `adr.count` (number). Ids are `<collector>.<name>`.
 * @public
 */
export type FactDefinition = {
  id: string;
  type: FactType;
  description: string;
  /** The collector that provides it (`catalog`, `repository`, `slo`, `adr`, `attestation`). */
  collector: string;
};

/**
 * Operators of a fact condition. `exists`/`notExists` take no value;
 * `in`/`notIn` take an array; `contains`/`doesNotContain` work on string
 * arrays (element) and strings (substring); `matches` takes a regular
 * expression source for string facts; the comparisons take numbers.
 * @public
 */
export const CONDITION_OPERATORS = [
  'equal',
  'notEqual',
  'lessThan',
  'lessThanInclusive',
  'greaterThan',
  'greaterThanInclusive',
  'in',
  'notIn',
  'contains',
  'doesNotContain',
  'exists',
  'notExists',
  'matches',
] as const;

/** @public */
export type ConditionOperator = (typeof CONDITION_OPERATORS)[number];

/**
 * The value a condition compares a fact with: a fact value, or for
 * `in`/`notIn` a list of the fact's scalar type (e.g. `[1, 2]` for a
 * number fact).
 * @public
 */
export type ConditionValue = FactValue | Array<boolean | number | string>;

/**
 * One comparison of a fact with a value.
 * @public
 */
export type FactCondition = {
  fact: string;
  operator: ConditionOperator;
  value?: ConditionValue;
};

/**
 * A declarative condition: a fact comparison, or all/any/not of conditions.
 * No code in config.
 * @public
 */
export type Condition =
  | FactCondition
  | { all: Condition[] }
  | { any: Condition[] }
  | { not: Condition };

/**
 * One readiness check, as defined in the shipped YAML or app-config.
 * @public
 */
export type ReadinessCheck = {
  /** Kebab-case, unique, e.g. `runbook-linked`. */
  id: string;
  title: string;
  description: string;
  category: ReadinessCategory;
  level: ReadinessLevel;
  /** The tiers that require this check; services of other tiers skip it. */
  tiers: TierName[];
  condition: Condition;
  /** Every fact id the condition reads (derived, sorted, unique). */
  facts: string[];
  remediation: {
    hint: string;
    /** The golden-path template or doc that fixes it. */
    url?: string;
  };
  /**
   * Set when a person may attest this check (it cannot be collected):
   * the condition then reads the fact `attestation.<id>`, true while an
   * unexpired attestation exists. `validDays` is the default validity.
   */
  attestation?: { validDays: number };
};

/**
 * A check's result for one service.
 * - `pass` / `fail`: the condition held or not;
 * - `error`: the check could not be evaluated (e.g. a fact of the wrong
 *   type); it counts as not passed;
 * - `not-applicable`: the service's tier does not require the check;
 * - `awaiting`: a fact it reads comes from a collector that has not run for
 *   the service yet (a service just created): neither passed nor failed,
 *   it counts as not passed for the level until the facts arrive.
 * @public
 */
export type CheckOutcome =
  | 'pass'
  | 'fail'
  | 'error'
  | 'not-applicable'
  | 'awaiting';

/**
 * Where a service stands against the level its tier requires:
 * - `meets`: its level is the required one or higher;
 * - `below`: it is not, with every fact collected;
 * - `awaiting`: it is not yet, and some of its checks await the first
 *   collection of their facts (a level only follows then);
 * - `no-tier`: it has no (valid) tier, so nothing says which level it
 *   needs: it never counts as meeting it.
 * @public
 */
export type ReadinessStatus = 'meets' | 'below' | 'awaiting' | 'no-tier';

/**
 * The statuses in the order the pages list them.
 * @public
 */
export const READINESS_STATUSES: readonly ReadinessStatus[] = [
  'meets',
  'below',
  'awaiting',
  'no-tier',
];

/**
 * A fact as it stood when a check was evaluated.
 * @public
 */
export type FactSnapshot = {
  id: string;
  /** null when never collected for this service. */
  value: FactValue;
  /** ISO time of collection; null when never collected. */
  collectedAt: string | null;
  collector: string;
};

/**
 * What {@link evaluateCheck} returns.
 * @public
 */
export type CheckEvaluation = {
  checkId: string;
  outcome: CheckOutcome;
  /**
   * Why, in words: e.g. "catalog.hasRunbook is false (expected true)",
   * "repository.dockerfile was never collected", "not required for the
   * Best effort tier".
   */
  message: string;
  facts: FactSnapshot[];
};

/**
 * A problem in a check definition; `path` names the field
 * (`checks[3].condition.all[1].operator`).
 * @public
 */
export type CheckDefinitionError = {
  /** Where the definitions came from (file name or `app-config`). */
  source: string;
  checkId?: string;
  path: string;
  message: string;
};
