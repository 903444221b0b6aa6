import { SloSummary } from '@golden-path/plugin-slo-common';
import { SloDefinition } from '../database/SloDefinition';

/** An SLO's summary before (or without) any counts: status `no-data`. */
export function pendingSummary(definition: SloDefinition): SloSummary {
  return {
    ref: definition.sloRef,
    entityRef: definition.entityRef,
    name: definition.name,
    ...(definition.displayName ? { displayName: definition.displayName } : {}),
    objective: definition.objective,
    source: definition.source,
    tier: definition.tier,
    target: definition.target,
    thresholdMs: definition.thresholdMs,
    window: {
      duration: definition.timeWindow.duration.text,
      isRolling: definition.timeWindow.isRolling,
      start: '',
      end: '',
    },
    budgetingMethod: definition.budgetingMethod,
    attainment: null,
    budgetRemaining: null,
    burnRates: [],
    firingAlerts: [],
    tierViolations: definition.tierViolations,
    status: 'no-data',
    error: null,
  };
}
