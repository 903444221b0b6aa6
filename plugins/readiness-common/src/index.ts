/**
 * The isomorphic core of the Golden Path readiness scorecards: the check
 * model, the declarative condition language over collected facts
 * (`{ fact, operator, value }` with all/any/not), bronze/silver/gold levels
 * per tier (OpsLevel's rubric), check definitions from YAML or app-config,
 * the permissions and the REST types shared by the readiness backend and
 * frontend. Pure functions; nothing here throws on user input.
 *
 * @packageDocumentation
 */

export {
  CONDITION_OPERATORS,
  DEFAULT_REQUIRED_LEVELS,
  READINESS_CATEGORIES,
  READINESS_LEVELS,
  READINESS_STATUSES,
} from './model';
export type {
  CheckDefinitionError,
  CheckEvaluation,
  CheckOutcome,
  Condition,
  ConditionOperator,
  ConditionValue,
  FactCondition,
  FactDefinition,
  FactSnapshot,
  FactType,
  FactValue,
  LevelOrNone,
  ReadinessCategory,
  ReadinessCheck,
  ReadinessLevel,
  ReadinessStatus,
} from './model';
export type * from './api';
export { MAX_ROW_FAILING_CHECKS, READINESS_SERVICE_SORTS } from './api';
export {
  readinessAttestationCreatePermission,
  readinessEntityRefreshPermission,
  readinessPermissions,
  readinessRefreshAllPermission,
} from './permissions';

export { CATEGORY_TITLES, LEVEL_TITLES } from './titles';
export {
  isConditionOperator,
  isLevelOrNone,
  isReadinessCategory,
  isReadinessLevel,
} from './modelGuards';

export { parseCondition } from './conditions/parseCondition';
export type {
  ConditionError,
  ConditionParseResult,
} from './conditions/parseCondition';
export { conditionFacts } from './conditions/conditionFacts';
export { evaluateCondition } from './conditions/evaluateCondition';
export type { ConditionEvaluation } from './conditions/evaluateCondition';
export { formatFactValue } from './conditions/formatFactValue';

export { compareLevels, levelOf, meetsLevel } from './levels/levelOf';
export { requiredLevelFor } from './levels/requiredLevelFor';
export { readinessStatusOf } from './levels/readinessStatusOf';

export {
  ATTESTATION_COLLECTOR,
  attestationFactDefinition,
  attestationFactId,
} from './checks/attestationFactId';
export { parseCheckDefinitions } from './checks/parseCheckDefinitions';
export type { CheckDefinitionsResult } from './checks/parseCheckDefinitions';
export { parseCheckYaml } from './checks/parseCheckYaml';
export { mergeCheckDefinitions } from './checks/mergeCheckDefinitions';
export { evaluateCheck } from './checks/evaluateCheck';
export type { EvaluateCheckInput } from './checks/evaluateCheck';
