import { TierName } from '@golden-path/plugin-golden-path-common';
import {
  OpenSloBudgetingMethod,
  SloObjectiveKind,
  SloSource,
  TierViolation,
  TimeWindow,
} from '@golden-path/plugin-slo-common';
import { SloDefinitionForSource } from '@golden-path/plugin-slo-node';

/** One SLO as the backend keeps it: what it promises and where its data come from. */
export type SloDefinition = SloDefinitionForSource & {
  entityRef: string;
  name: string;
  displayName?: string;
  description?: string;
  objective: SloObjectiveKind;
  source: SloSource;
  tier: TierName | null;
  timeWindow: TimeWindow;
  budgetingMethod: OpenSloBudgetingMethod;
  /** Timeslices only: the ratio a slice needs to be good. */
  timeSliceTarget: number | null;
  /** Timeslices and RatioTimeslices only. */
  timeSliceWindowMs: number | null;
  tierViolations: TierViolation[];
};

/** A component with SLOs, as the dashboard lists it. */
export type SloEntity = {
  entityRef: string;
  title: string | null;
  owner: string | null;
  system: string | null;
  tier: TierName | null;
  /** Problems reading its SLO definitions (tier, OpenSLO file). */
  errors: string[];
};
