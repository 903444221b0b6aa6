import { TierObjectives } from '@golden-path/plugin-golden-path-common';
import { ResolvedOpenSlo } from './openslo/resolveOpenSlo';
import { SloObjectiveKind, TierViolation } from './SloSummary';
import { tierSlos } from './tierSlos';

/**
 * An objective to hold against a tier.
 * @public
 */
export type TierComparableObjective = {
  sloName: string;
  objective: SloObjectiveKind;
  target: number;
  /** Latency only; null when the objective does not say. */
  thresholdMs?: number | null;
};

/**
 * The label or annotation that says what an OpenSLO SLO measures.
 * @public
 */
export const SLO_OBJECTIVE_ANNOTATION = 'golden-path.io/objective';

/**
 * The annotation giving the latency threshold (ms) of a ratio-metric
 * latency SLO, whose threshold lives in its query.
 * @public
 */
export const SLO_LATENCY_THRESHOLD_ANNOTATION =
  'golden-path.io/latency-threshold-ms';

// Targets are compared after rounding away float noise (0.1 + 0.2 style).
const EPSILON = 1e-12;

/**
 * The tier violations of one objective: a lower availability target, a
 * lower latency target or a higher latency threshold, a lower error-rate
 * target (a higher allowed error rate) than the tier. Tighter or equal is
 * fine; `custom` objectives are never violations.
 * @public
 */
export function compareToTier(
  slo: TierComparableObjective,
  tier: TierObjectives,
): TierViolation[] {
  if (slo.objective === 'custom') return [];
  const objective = slo.objective;
  const implied = tierSlos(tier, slo.sloName).find(
    s => s.objective === objective,
  )!;
  const violations: TierViolation[] = [];
  const percent = (x: number) => `${Number((x * 100).toPrecision(10))} %`;
  if (!(slo.target >= implied.target - EPSILON)) {
    violations.push({
      sloName: slo.sloName,
      objective,
      field: 'target',
      tierValue: implied.target,
      sloValue: slo.target,
      message: `${slo.sloName}: the ${objective} target ${percent(
        slo.target,
      )} is looser than the ${tier.title} tier's ${percent(
        implied.target,
      )}; an OpenSLO file may only tighten the tier`,
    });
  }
  if (objective === 'latency') {
    const threshold = slo.thresholdMs ?? null;
    if (threshold === null || !(threshold <= tier.latencyP99Ms)) {
      violations.push({
        sloName: slo.sloName,
        objective,
        field: 'thresholdMs',
        tierValue: tier.latencyP99Ms,
        sloValue: threshold,
        message:
          threshold === null
            ? `${slo.sloName}: the latency SLO has no threshold in ms (set op: lt/lte and value, or the ${SLO_LATENCY_THRESHOLD_ANNOTATION} annotation), so it cannot be shown to meet the ${tier.title} tier's ${tier.latencyP99Ms} ms`
            : `${slo.sloName}: the latency threshold ${threshold} ms is looser than the ${tier.title} tier's ${tier.latencyP99Ms} ms; an OpenSLO file may only tighten the tier`,
      });
    }
  }
  return violations;
}

function objectiveKind(resolved: ResolvedOpenSlo): SloObjectiveKind {
  const { metadata } = resolved.slo;
  const declared =
    metadata.annotations[SLO_OBJECTIVE_ANNOTATION] ??
    metadata.labels[SLO_OBJECTIVE_ANNOTATION]?.[0];
  const known = ['availability', 'latency', 'error-rate'] as const;
  const fromDeclared = known.find(kind => kind === declared);
  if (fromDeclared) return fromDeclared;
  if (declared !== undefined) return 'custom';
  return known.find(kind => metadata.name.endsWith(`-${kind}`)) ?? 'custom';
}

/**
 * The objectives of a resolved OpenSLO SLO in the form
 * {@link compareToTier} takes. What an SLO measures comes from its
 * `golden-path.io/objective` annotation (or label), else its name suffix
 * (`-availability`, `-latency`, `-error-rate`), else it is `custom`. A
 * latency threshold is an `lt`/`lte` objective's `value` (milliseconds) or
 * the `golden-path.io/latency-threshold-ms` annotation.
 * @public
 */
export function tierComparableObjectives(
  resolved: ResolvedOpenSlo,
): TierComparableObjective[] {
  const kind = objectiveKind(resolved);
  const annotated = Number(
    resolved.slo.metadata.annotations[SLO_LATENCY_THRESHOLD_ANNOTATION],
  );
  return resolved.objectives.map(({ objective }) => {
    let thresholdMs: number | null = null;
    if (kind === 'latency') {
      if (
        (objective.op === 'lt' || objective.op === 'lte') &&
        objective.value !== undefined
      ) {
        thresholdMs = objective.value;
      } else if (Number.isFinite(annotated) && annotated > 0) {
        thresholdMs = annotated;
      }
    }
    return {
      sloName: resolved.slo.metadata.name,
      objective: kind,
      target: objective.target,
      thresholdMs,
    };
  });
}
