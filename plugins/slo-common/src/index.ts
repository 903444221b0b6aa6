/**
 * The isomorphic core of the Golden Path SLO tier dashboard: OpenSLO v1
 * parsing and validation, time windows, error-budget and burn-rate maths,
 * the SLOs a tier implies, and the types and permissions shared by the SLO
 * backend and frontend. Pure functions; nothing here throws on user input.
 *
 * @packageDocumentation
 */

export { parseOpenSlo } from './openslo/parseOpenSlo';
export type { OpenSloParseResult } from './openslo/parseOpenSlo';
export { resolveOpenSlo } from './openslo/resolveOpenSlo';
export type {
  OpenSloResolution,
  ResolvedOpenSlo,
  ResolvedOpenSloAlertPolicy,
} from './openslo/resolveOpenSlo';
export type * from './openslo/OpenSloDocument';

export {
  durationMilliseconds,
  parseDuration,
  parseDurationShorthand,
} from './windows/parseDuration';
export type { Duration, DurationUnit, Result } from './windows/parseDuration';
export { windowBounds } from './windows/windowBounds';
export type {
  CalendarTimeWindow,
  RollingTimeWindow,
  TimeWindow,
  WindowBounds,
} from './windows/windowBounds';

export { attainment, errorAllowance } from './budget/attainment';
export type { EventCounts } from './budget/attainment';
export { errorBudget } from './budget/errorBudget';
export type { ErrorBudget } from './budget/errorBudget';
export {
  ratioTimesliceBudget,
  timesliceBudget,
} from './budget/timesliceBudget';
export type { TimesliceBudget, TimesliceInput } from './budget/timesliceBudget';
export {
  budgetSpentByBurn,
  burnRate,
  burnRateOfCounts,
} from './budget/burnRate';
export {
  DEFAULT_BURN_RATE_POLICY,
  evaluateBurnRateAlerts,
  validateBurnRatePolicy,
} from './budget/evaluateBurnRateAlerts';
export type {
  AlertWindow,
  BurnRateAlertEvaluation,
  BurnRateAlertResult,
  BurnRateAlertRule,
  BurnRatePolicy,
  WindowBurnRate,
} from './budget/evaluateBurnRateAlerts';
export { budgetBurnDown } from './budget/budgetBurnDown';
export type {
  BudgetBurnDown,
  BurnDownPoint,
  TimedCounts,
} from './budget/budgetBurnDown';
export {
  histogramQuantile,
  latencyAttainment,
} from './budget/latencyAttainment';
export type {
  HistogramBucket,
  LatencyAttainment,
} from './budget/latencyAttainment';

export { TIER_LATENCY_TARGET, tierSlos } from './tierSlos';
export type { TierSlo } from './tierSlos';
export {
  compareToTier,
  SLO_LATENCY_THRESHOLD_ANNOTATION,
  SLO_OBJECTIVE_ANNOTATION,
  tierComparableObjectives,
} from './compareToTier';
export type { TierComparableObjective } from './compareToTier';
export { BUDGET_WARNING_FRACTION, sloStatus } from './sloStatus';
export { validateSliBatch } from './validateSliBatch';
export type { SliBatchError, SliBatchOptions } from './validateSliBatch';
export type {
  SliPoint,
  SloBurnRate,
  SloFiringAlert,
  SloObjectiveKind,
  SloSource,
  SloStatus,
  SloSummary,
  TierViolation,
} from './SloSummary';
export {
  sloIngestPermission,
  sloPermissions,
  sloReadPermission,
  sloRefreshAllPermission,
} from './permissions';
export { makeSloRef, parseSloRef, SLO_SERVICE_SORT_KEYS } from './SloApi';
export type {
  SliHistogramPoint,
  SliIngestRequest,
  SliIngestResponse,
  SloEntityDetail,
  SloOverview,
  SloServiceRow,
  SloServiceSortKey,
  SloServicesPage,
  SloServicesQuery,
  SloTierRow,
} from './SloApi';
