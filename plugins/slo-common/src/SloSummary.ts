import { TierName } from '@golden-path/plugin-golden-path-common';
import { OpenSloBudgetingMethod } from './openslo/OpenSloDocument';

/**
 * What an SLO measures. `custom` SLOs come from OpenSLO files and are not
 * compared with the tier.
 * @public
 */
export type SloObjectiveKind =
  | 'availability'
  | 'latency'
  | 'error-rate'
  | 'custom';

/**
 * Where an SLO comes from: derived from the component's tier, or an OpenSLO
 * file named by the `golden-path.io/slo` annotation.
 * @public
 */
export type SloSource = 'tier' | 'openslo';

/**
 * The state shown for an SLO (see {@link sloStatus}).
 * @public
 */
export type SloStatus = 'ok' | 'warning' | 'breaching' | 'no-data' | 'error';

/**
 * One per-minute SLI bucket as the backend ingests it: `good` of `total`
 * events in the minute starting at `timestamp`.
 * @public
 */
export type SliPoint = {
  sloRef: string;
  /** ISO 8601 with a zone, e.g. `2026-03-01T12:34:00Z`. */
  timestamp: string;
  good: number;
  total: number;
};

/**
 * A burn-rate window as shown in the dashboard.
 * @public
 */
export type SloBurnRate = {
  /** e.g. `1h`. */
  window: string;
  /** null without events in the window. */
  burnRate: number | null;
};

/**
 * A multi-window burn-rate alert that is firing.
 * @public
 */
export type SloFiringAlert = {
  name: string;
  severity: 'page' | 'ticket';
  /** The factor both windows exceeded. */
  threshold: number;
  longWindow: string;
  shortWindow: string;
  longBurnRate: number;
  shortBurnRate: number;
};

/**
 * An objective looser than the component's tier allows.
 * @public
 */
export type TierViolation = {
  sloName: string;
  objective: Exclude<SloObjectiveKind, 'custom'>;
  field: 'target' | 'thresholdMs';
  tierValue: number;
  sloValue: number | null;
  message: string;
};

/**
 * One SLO as the backend reports it to the frontend (REST contract).
 * @public
 */
export type SloSummary = {
  /** Unique id of the SLO, used as `sloRef` when ingesting SLI data. */
  ref: string;
  entityRef: string;
  name: string;
  displayName?: string;
  objective: SloObjectiveKind;
  source: SloSource;
  tier: TierName | null;
  /** In (0, 1), e.g. 0.999. */
  target: number;
  /** For latency objectives: the threshold in milliseconds. */
  thresholdMs: number | null;
  window: {
    /** e.g. `30d` or `1M`. */
    duration: string;
    isRolling: boolean;
    /** ISO times of the current window. */
    start: string;
    end: string;
  };
  budgetingMethod: OpenSloBudgetingMethod;
  /** null without data. */
  attainment: number | null;
  /** 1 untouched, 0 spent, negative overspent; null without data. */
  budgetRemaining: number | null;
  burnRates: SloBurnRate[];
  firingAlerts: SloFiringAlert[];
  tierViolations: TierViolation[];
  status: SloStatus;
  /** Why status is `error` (e.g. an invalid OpenSLO file); else null. */
  error: string | null;
};
