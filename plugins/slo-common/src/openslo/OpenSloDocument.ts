import { Duration } from '../windows/parseDuration';
import { TimeWindow } from '../windows/windowBounds';

/**
 * The OpenSLO v1 kinds this package reads.
 * @public
 */
export type OpenSloKind =
  | 'SLO'
  | 'SLI'
  | 'Service'
  | 'DataSource'
  | 'AlertPolicy'
  | 'AlertCondition'
  | 'AlertNotificationTarget';

/**
 * `metadata` of every OpenSLO object.
 * @public
 */
export type OpenSloMetadata = {
  /** An RFC 1123 DNS label: lower-case letters, digits and `-`, at most 63. */
  name: string;
  displayName?: string;
  /** Label values are always lists (OpenSLO allows a string or a list). */
  labels: Record<string, string[]>;
  annotations: Record<string, string>;
};

/**
 * Where an SLI's numbers come from.
 * @public
 */
export type OpenSloMetricSource = {
  /** Name of a DataSource document. */
  metricSourceRef?: string;
  /** e.g. Prometheus; required when there is no `metricSourceRef`. */
  type?: string;
  /** Query fields for the source, passed through unread. */
  spec: Record<string, unknown>;
};

/**
 * A metric query, `{ metricSource }` in OpenSLO.
 * @public
 */
export type OpenSloMetric = { metricSource: OpenSloMetricSource };

/**
 * An SLI measured as a ratio: `good/total`, `(total - bad)/total`, or a
 * precomputed `raw` ratio.
 * @public
 */
export type OpenSloRatioMetric = {
  counter: boolean;
  good?: OpenSloMetric;
  bad?: OpenSloMetric;
  total?: OpenSloMetric;
  rawType?: 'success' | 'failure';
  raw?: OpenSloMetric;
};

/**
 * The `spec` of an SLI: exactly one of `ratioMetric` and `thresholdMetric`.
 * @public
 */
export type OpenSloSliSpec = {
  description?: string;
  ratioMetric?: OpenSloRatioMetric;
  thresholdMetric?: OpenSloMetric;
};

/**
 * An SLI written inline in an SLO or objective.
 * @public
 */
export type OpenSloInlineSli = {
  metadata: OpenSloMetadata;
  spec: OpenSloSliSpec;
};

/**
 * The comparison of a threshold objective.
 * @public
 */
export type OpenSloOperator = 'lt' | 'lte' | 'gt' | 'gte';

/**
 * How an SLO's budget is counted.
 * @public
 */
export type OpenSloBudgetingMethod =
  | 'Occurrences'
  | 'Timeslices'
  | 'RatioTimeslices';

/**
 * One objective of an SLO.
 * @public
 */
export type OpenSloObjective = {
  displayName?: string;
  /** Required for a thresholdMetric SLI. */
  op?: OpenSloOperator;
  value?: number;
  /** In (0, 1); `targetPercent` is converted to this. */
  target: number;
  /** Required for Timeslices, in (0, 1]. */
  timeSliceTarget?: number;
  /** Required for Timeslices and RatioTimeslices (a bare number is minutes). */
  timeSliceWindow?: Duration;
  /** For composite SLOs: the objective's own indicator. */
  indicator?: OpenSloInlineSli;
  indicatorRef?: string;
  compositeWeight?: number;
};

/**
 * An inline alert policy or a reference to one.
 * @public
 */
export type OpenSloAlertPolicyEntry =
  | { alertPolicyRef: string }
  | { inline: { metadata: OpenSloMetadata; spec: OpenSloAlertPolicySpec } };

/**
 * The `spec` of an SLO.
 * @public
 */
export type OpenSloSloSpec = {
  description?: string;
  service: string;
  indicator?: OpenSloInlineSli;
  indicatorRef?: string;
  timeWindow: TimeWindow;
  budgetingMethod: OpenSloBudgetingMethod;
  objectives: OpenSloObjective[];
  alertPolicies: OpenSloAlertPolicyEntry[];
};

/**
 * A burn-rate condition.
 * @public
 */
export type OpenSloAlertConditionSpec = {
  description?: string;
  severity: string;
  condition: {
    kind: 'burnrate';
    op: OpenSloOperator;
    threshold: number;
    lookbackWindow: Duration;
    alertAfter: Duration | null;
  };
};

/**
 * Where alerts go.
 * @public
 */
export type OpenSloAlertNotificationTargetSpec = {
  description?: string;
  target: string;
};

/**
 * The `spec` of an AlertPolicy: exactly one condition.
 * @public
 */
export type OpenSloAlertPolicySpec = {
  description?: string;
  alertWhenNoData: boolean;
  alertWhenResolved: boolean;
  alertWhenBreaching: boolean;
  conditions: Array<
    | { conditionRef: string }
    | {
        inline: { metadata: OpenSloMetadata; spec: OpenSloAlertConditionSpec };
      }
  >;
  notificationTargets: Array<
    | { targetRef: string }
    | {
        inline: {
          metadata: OpenSloMetadata;
          spec: OpenSloAlertNotificationTargetSpec;
        };
      }
  >;
};

/**
 * The `spec` of a DataSource. `connectionDetails` is any YAML value (its
 * shape belongs to the data source type) and may hold secrets: never log it
 * or send it to a browser.
 * @public
 */
export type OpenSloDataSourceSpec = {
  description?: string;
  type: string;
  connectionDetails: unknown;
};

/**
 * The `spec` of a Service.
 * @public
 */
export type OpenSloServiceSpec = { description?: string };

/**
 * One OpenSLO object of kind `K` with the spec `S`.
 * @public
 */
export type OpenSloObject<K extends OpenSloKind, S> = {
  apiVersion: 'openslo/v1';
  kind: K;
  metadata: OpenSloMetadata;
  spec: S;
  /** Position of the document in its file, from 0. */
  documentIndex: number;
};

/** @public */
export type OpenSloSlo = OpenSloObject<'SLO', OpenSloSloSpec>;
/** @public */
export type OpenSloSli = OpenSloObject<'SLI', OpenSloSliSpec>;
/** @public */
export type OpenSloService = OpenSloObject<'Service', OpenSloServiceSpec>;
/** @public */
export type OpenSloDataSource = OpenSloObject<
  'DataSource',
  OpenSloDataSourceSpec
>;
/** @public */
export type OpenSloAlertPolicy = OpenSloObject<
  'AlertPolicy',
  OpenSloAlertPolicySpec
>;
/** @public */
export type OpenSloAlertCondition = OpenSloObject<
  'AlertCondition',
  OpenSloAlertConditionSpec
>;
/** @public */
export type OpenSloAlertNotificationTarget = OpenSloObject<
  'AlertNotificationTarget',
  OpenSloAlertNotificationTargetSpec
>;

/**
 * A valid OpenSLO v1 document.
 * @public
 */
export type OpenSloDocument =
  | OpenSloSlo
  | OpenSloSli
  | OpenSloService
  | OpenSloDataSource
  | OpenSloAlertPolicy
  | OpenSloAlertCondition
  | OpenSloAlertNotificationTarget;

/**
 * A problem found in an OpenSLO file. `message` is complete and meant for
 * people, e.g.
 * `slo.yaml, document 2, SLO "checkout": spec.objectives[0].target must be ...`.
 * @public
 */
export type OpenSloError = {
  severity: 'error' | 'warning';
  /** Position of the document in the file, from 0; null for the whole file. */
  documentIndex: number | null;
  kind: string | null;
  name: string | null;
  /** The field, e.g. `spec.objectives[0].target`; '' for the document. */
  path: string;
  message: string;
};
