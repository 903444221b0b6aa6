import {
  DEFAULT_TIER_TABLE,
  TIER_NAMES,
} from '@golden-path/plugin-golden-path-common';
import type { TierName } from '@golden-path/plugin-golden-path-common';
import { conditionFacts } from '../conditions/conditionFacts';
import { evaluateCondition } from '../conditions/evaluateCondition';
import { errorMessage, listWords } from '../describeInput';
import type {
  CheckEvaluation,
  FactSnapshot,
  FactValue,
  ReadinessCheck,
} from '../model';

/**
 * What {@link evaluateCheck} reads: the service's tier (null when it has
 * none) and its collected facts by id.
 * @public
 */
export type EvaluateCheckInput = {
  tier: TierName | null;
  facts: ReadonlyMap<string, FactSnapshot>;
  /**
   * Collectors that have not run for the service yet: a check that fails
   * for want of one of their facts is `awaiting`, not `fail`.
   */
  pendingCollectors?: ReadonlySet<string>;
};

function collectorOf(factId: string): string {
  const dot = factId.indexOf('.');
  return dot > 0 ? factId.slice(0, dot) : factId;
}

function tierTitles(tiers: readonly TierName[]): string {
  return listWords(tiers.map(tier => DEFAULT_TIER_TABLE[tier]?.title ?? tier));
}

function applicability(
  check: ReadinessCheck,
  tier: TierName | null,
): string | null {
  const tiers = Array.isArray(check.tiers) ? check.tiers : [];
  if (tier === null) {
    if (TIER_NAMES.every(name => tiers.includes(name))) return null;
    return `not required for a service without a tier (it applies to the ${tierTitles(
      tiers,
    )} tier${tiers.length === 1 ? '' : 's'} only)`;
  }
  if (tiers.includes(tier)) return null;
  return `not required for the ${DEFAULT_TIER_TABLE[tier]?.title ?? tier} tier`;
}

function snapshotOf(
  id: string,
  facts: ReadonlyMap<string, FactSnapshot>,
): FactSnapshot {
  const snapshot = facts.get(id);
  if (snapshot) return snapshot;
  return {
    id,
    value: null,
    collectedAt: null,
    collector: collectorOf(id),
  };
}

/**
 * Evaluates one check for one service. `not-applicable` when the service's
 * tier is not in `check.tiers`; a service without a tier is held only to
 * the checks that apply to every tier (`tiers: all`). A fact never
 * collected (absent or `collectedAt: null`) fails its comparison and is
 * named in the message; when its collector is among
 * `input.pendingCollectors` the check is `awaiting` instead (its first
 * collection is still to come). A fact of the wrong type gives `error`.
 * Never throws.
 * @public
 */
export function evaluateCheck(
  check: ReadinessCheck,
  input: EvaluateCheckInput,
): CheckEvaluation {
  const checkId = String(check?.id);
  try {
    const ids = conditionFacts(check.condition);
    const snapshots = ids.map(id => snapshotOf(id, input.facts));
    const skipped = applicability(check, input.tier);
    if (skipped !== null) {
      return {
        checkId,
        outcome: 'not-applicable',
        message: skipped,
        facts: snapshots,
      };
    }
    const values: Record<string, FactValue | undefined> = {};
    for (const snapshot of snapshots) {
      values[snapshot.id] =
        snapshot.collectedAt === null ? undefined : snapshot.value;
    }
    const evaluation = evaluateCondition(check.condition, values);
    if (evaluation.problems.length > 0) {
      return {
        checkId,
        outcome: 'error',
        message: `could not be evaluated: ${evaluation.problems.join('; ')}`,
        facts: snapshots,
      };
    }
    if (evaluation.result) {
      return {
        checkId,
        outcome: 'pass',
        message: evaluation.explanation,
        facts: snapshots,
      };
    }
    const awaited = evaluation.missing.filter(id =>
      input.pendingCollectors?.has(collectorOf(id)),
    );
    if (awaited.length > 0) {
      return {
        checkId,
        outcome: 'awaiting',
        message: `awaiting the first collection of ${awaited.join(', ')}`,
        facts: snapshots,
      };
    }
    // The explanation names the missing facts that made it fail; name the
    // others too, so a person knows which collector to look at.
    const unnamed = evaluation.missing.filter(
      id => !evaluation.explanation.includes(id),
    );
    const message =
      unnamed.length === 0
        ? evaluation.explanation
        : `${evaluation.explanation}; never collected: ${unnamed.join(', ')}`;
    return { checkId, outcome: 'fail', message, facts: snapshots };
  } catch (error) {
    return {
      checkId,
      outcome: 'error',
      message: `could not be evaluated: ${errorMessage(error)}`,
      facts: [],
    };
  }
}
