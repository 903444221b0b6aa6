import { DocumentChecker, join } from './DocumentChecker';
import {
  OpenSloAlertConditionSpec,
  OpenSloAlertNotificationTargetSpec,
  OpenSloAlertPolicySpec,
  OpenSloDataSource,
  OpenSloDocument,
  OpenSloError,
  OpenSloInlineSli,
  OpenSloKind,
  OpenSloMetadata,
  OpenSloMetric,
  OpenSloObjective,
  OpenSloService,
  OpenSloSlo,
} from './OpenSloDocument';

/**
 * An alert policy with its condition and targets looked up.
 * @public
 */
export type ResolvedOpenSloAlertPolicy = {
  metadata: OpenSloMetadata;
  spec: OpenSloAlertPolicySpec;
  condition: { metadata: OpenSloMetadata; spec: OpenSloAlertConditionSpec };
  notificationTargets: Array<{
    metadata: OpenSloMetadata;
    spec: OpenSloAlertNotificationTargetSpec;
  }>;
};

/**
 * An SLO with every reference looked up.
 * @public
 */
export type ResolvedOpenSlo = {
  slo: OpenSloSlo;
  /** The Service document named by `spec.service`, if the set has one. */
  service: OpenSloService | null;
  /** Each objective with the indicator that applies to it. */
  objectives: Array<{
    objective: OpenSloObjective;
    indicator: OpenSloInlineSli;
  }>;
  /** The DataSources the indicators name through `metricSourceRef`. */
  dataSources: OpenSloDataSource[];
  alertPolicies: ResolvedOpenSloAlertPolicy[];
};

/**
 * What {@link resolveOpenSlo} found.
 * @public
 */
export type OpenSloResolution = {
  slos: ResolvedOpenSlo[];
  errors: OpenSloError[];
  warnings: OpenSloError[];
};

function metricsOf(sli: OpenSloInlineSli): OpenSloMetric[] {
  const { ratioMetric, thresholdMetric } = sli.spec;
  if (thresholdMetric) return [thresholdMetric];
  if (!ratioMetric) return [];
  return [
    ratioMetric.good,
    ratioMetric.bad,
    ratioMetric.total,
    ratioMetric.raw,
  ].filter((metric): metric is OpenSloMetric => metric !== undefined);
}

/**
 * Links each SLO to its SLIs, DataSources, AlertPolicies (and their
 * conditions and notification targets) and Service by name. A dangling
 * reference or a duplicate name is an error and leaves that SLO out; a
 * `spec.service` with no Service document is fine (OpenSLO lets it name a
 * service known elsewhere, such as the Backstage component).
 * @public
 */
export function resolveOpenSlo(
  documents: OpenSloDocument[],
  path?: string,
): OpenSloResolution {
  const problems: OpenSloError[] = [];
  const byKind = new Map<OpenSloKind, Map<string, OpenSloDocument>>();
  for (const document of documents) {
    let names = byKind.get(document.kind);
    if (!names) {
      names = new Map();
      byKind.set(document.kind, names);
    }
    const first = names.get(document.metadata.name);
    if (first) {
      const check = new DocumentChecker(problems, document.documentIndex, path);
      check.kind = document.kind;
      check.name = document.metadata.name;
      check.error(
        'metadata.name',
        `is also used by document ${
          first.documentIndex + 1
        }; names must be unique per kind`,
      );
    } else {
      names.set(document.metadata.name, document);
    }
  }
  const find = <D extends OpenSloDocument>(kind: D['kind'], name: string) =>
    byKind.get(kind)?.get(name) as D | undefined;

  const slos: ResolvedOpenSlo[] = [];
  for (const slo of documents) {
    if (slo.kind !== 'SLO') continue;
    if (find<OpenSloSlo>('SLO', slo.metadata.name) !== slo) continue;
    const check = new DocumentChecker(problems, slo.documentIndex, path);
    check.kind = 'SLO';
    check.name = slo.metadata.name;
    const spec = slo.spec;

    const lookUpSli = (name: string, at: string) => {
      const sli = find<OpenSloDocument & { kind: 'SLI' }>('SLI', name);
      if (!sli) check.error(at, `names SLI "${name}", which is not in the set`);
      return sli ? { metadata: sli.metadata, spec: sli.spec } : undefined;
    };
    let shared: OpenSloInlineSli | undefined = spec.indicator;
    if (spec.indicatorRef) {
      shared = lookUpSli(spec.indicatorRef, 'spec.indicatorRef');
    }
    const objectives: ResolvedOpenSlo['objectives'] = [];
    spec.objectives.forEach((objective, i) => {
      const at = `spec.objectives[${i}]`;
      let indicator = objective.indicator ?? shared;
      if (objective.indicatorRef) {
        indicator = lookUpSli(objective.indicatorRef, join(at, 'indicatorRef'));
      }
      if (!indicator) return;
      if (indicator.spec.thresholdMetric) {
        if (objective.op === undefined || objective.value === undefined) {
          check.error(
            at,
            'needs op (lt, lte, gt, gte) and value with a thresholdMetric SLI',
          );
        }
        if (
          spec.objectives.length > 1 &&
          !objective.indicator &&
          !objective.indicatorRef
        ) {
          check.error(
            'spec.objectives',
            'must have exactly one objective with a thresholdMetric SLI',
          );
        }
      }
      objectives.push({ objective, indicator });
    });

    const dataSources = new Map<string, OpenSloDataSource>();
    const checkedRefs = new Set<string>();
    for (const { indicator } of objectives) {
      for (const metric of metricsOf(indicator)) {
        const ref = metric.metricSource.metricSourceRef;
        if (ref === undefined || checkedRefs.has(ref)) continue;
        checkedRefs.add(ref);
        const source = find<OpenSloDataSource>('DataSource', ref);
        if (source) dataSources.set(ref, source);
        else {
          check.error(
            `SLI "${indicator.metadata.name}" metricSource.metricSourceRef`,
            `names DataSource "${ref}", which is not in the set`,
          );
        }
      }
    }

    const alertPolicies: ResolvedOpenSloAlertPolicy[] = [];
    spec.alertPolicies.forEach((entry, i) => {
      const at = `spec.alertPolicies[${i}]`;
      let policy:
        | { metadata: OpenSloMetadata; spec: OpenSloAlertPolicySpec }
        | undefined;
      if ('alertPolicyRef' in entry) {
        policy = find<OpenSloDocument & { kind: 'AlertPolicy' }>(
          'AlertPolicy',
          entry.alertPolicyRef,
        );
        if (!policy) {
          check.error(
            join(at, 'alertPolicyRef'),
            `names AlertPolicy "${entry.alertPolicyRef}", which is not in the set`,
          );
          return;
        }
      } else {
        policy = entry.inline;
      }
      const conditionEntry = policy.spec.conditions[0];
      const condition =
        'conditionRef' in conditionEntry
          ? find<OpenSloDocument & { kind: 'AlertCondition' }>(
              'AlertCondition',
              conditionEntry.conditionRef,
            )
          : conditionEntry.inline;
      if (!condition && 'conditionRef' in conditionEntry) {
        check.error(
          `AlertPolicy "${policy.metadata.name}" spec.conditions[0].conditionRef`,
          `names AlertCondition "${conditionEntry.conditionRef}", which is not in the set`,
        );
      }
      const targets: ResolvedOpenSloAlertPolicy['notificationTargets'] = [];
      for (const target of policy.spec.notificationTargets) {
        if ('inline' in target) {
          targets.push(target.inline);
          continue;
        }
        const found = find<
          OpenSloDocument & { kind: 'AlertNotificationTarget' }
        >('AlertNotificationTarget', target.targetRef);
        if (found) targets.push({ metadata: found.metadata, spec: found.spec });
        else {
          check.error(
            `AlertPolicy "${policy.metadata.name}" spec.notificationTargets`,
            `names AlertNotificationTarget "${target.targetRef}", which is not in the set`,
          );
        }
      }
      if (condition) {
        alertPolicies.push({
          metadata: policy.metadata,
          spec: policy.spec,
          condition: { metadata: condition.metadata, spec: condition.spec },
          notificationTargets: targets,
        });
      }
    });

    if (check.errorCount === 0) {
      slos.push({
        slo,
        service: find<OpenSloService>('Service', spec.service) ?? null,
        objectives,
        dataSources: [...dataSources.values()],
        alertPolicies,
      });
    }
  }
  return {
    slos,
    errors: problems.filter(p => p.severity === 'error'),
    warnings: problems.filter(p => p.severity === 'warning'),
  };
}
