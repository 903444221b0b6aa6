import { fullOpenSlo } from '../__fixtures__/fullOpenSlo';
import { parseOpenSlo } from './parseOpenSlo';
import { resolveOpenSlo } from './resolveOpenSlo';

function resolve(text: string) {
  const parsed = parseOpenSlo(text, 'slo.yaml');
  expect(parsed.errors).toEqual([]);
  return resolveOpenSlo(parsed.documents, 'slo.yaml');
}

describe('resolveOpenSlo', () => {
  it('links SLOs to their SLI, DataSource, Service and alert policies', () => {
    const { slos, errors } = resolve(fullOpenSlo);
    expect(errors).toEqual([]);
    const [availability, latency] = slos;
    expect(availability.slo.metadata.name).toBe('checkout-availability');
    expect(availability.service?.metadata.name).toBe('checkout');
    expect(availability.objectives[0].indicator.metadata.name).toBe(
      'checkout-requests',
    );
    expect(availability.dataSources.map(d => d.metadata.name)).toEqual([
      'prometheus',
    ]);
    expect(availability.alertPolicies).toHaveLength(1);
    expect(availability.alertPolicies[0].condition.metadata.name).toBe(
      'fast-burn',
    );
    expect(
      availability.alertPolicies[0].condition.spec.condition.threshold,
    ).toBe(14.4);
    expect(
      availability.alertPolicies[0].notificationTargets[0].spec.target,
    ).toBe('pagerduty');

    expect(latency.objectives[0].indicator.metadata.name).toBe('checkout-p99');
    expect(latency.dataSources).toEqual([]);
    expect(latency.alertPolicies[0].condition.spec.severity).toBe('ticket');
    expect(latency.alertPolicies[0].notificationTargets[0].metadata.name).toBe(
      'checkout-mail',
    );
  });

  it('reports every dangling reference and leaves the SLO out', () => {
    const broken = fullOpenSlo
      .replace('indicatorRef: checkout-requests', 'indicatorRef: checkout-reqs')
      .replace('alertPolicyRef: checkout-paging', 'alertPolicyRef: paging')
      .replace('conditionRef: fast-burn', 'conditionRef: quick-burn')
      .replace('targetRef: checkout-on-call', 'targetRef: nobody');
    const { slos, errors } = resolve(broken);
    expect(slos.map(s => s.slo.metadata.name)).toEqual(['checkout-latency']);
    expect(errors.map(e => e.message)).toEqual([
      'slo.yaml, document 7, SLO "checkout-availability": spec.indicatorRef names SLI "checkout-reqs", which is not in the set',
      'slo.yaml, document 7, SLO "checkout-availability": spec.alertPolicies[0].alertPolicyRef names AlertPolicy "paging", which is not in the set',
    ]);
    const policyBroken = resolve(
      fullOpenSlo
        .replace('conditionRef: fast-burn', 'conditionRef: quick-burn')
        .replace('targetRef: checkout-on-call', 'targetRef: nobody'),
    );
    expect(policyBroken.errors.map(e => e.message)).toEqual([
      'slo.yaml, document 7, SLO "checkout-availability": AlertPolicy "checkout-paging" spec.conditions[0].conditionRef names AlertCondition "quick-burn", which is not in the set',
      'slo.yaml, document 7, SLO "checkout-availability": AlertPolicy "checkout-paging" spec.notificationTargets names AlertNotificationTarget "nobody", which is not in the set',
    ]);
  });

  it('reports a DataSource that is not in the set', () => {
    const { slos, errors } = resolve(
      fullOpenSlo.replace(
        /metricSourceRef: prometheus/g,
        'metricSourceRef: graphite',
      ),
    );
    expect(slos.map(s => s.slo.metadata.name)).toEqual(['checkout-latency']);
    expect(errors.map(e => e.message)).toEqual([
      'slo.yaml, document 7, SLO "checkout-availability": SLI "checkout-requests" metricSource.metricSourceRef names DataSource "graphite", which is not in the set',
    ]);
  });

  it('reports duplicate names of a kind', () => {
    const twice = `${fullOpenSlo}---\n${fullOpenSlo.split('---\n')[2]}`;
    const { errors } = resolve(twice);
    expect(errors.map(e => e.message)).toEqual([
      'slo.yaml, document 9, SLI "checkout-requests": metadata.name is also used by document 3; names must be unique per kind',
    ]);
  });

  it('accepts a service with no Service document', () => {
    const { slos } = resolve(
      fullOpenSlo.replace(/service: checkout/g, 'service: payments'),
    );
    expect(slos.map(s => s.service)).toEqual([null, null]);
  });

  it('checks op and value against a referenced thresholdMetric SLI', () => {
    const text = `apiVersion: openslo/v1
kind: SLI
metadata:
  name: p99
spec:
  thresholdMetric:
    metricSource:
      type: Prometheus
---
apiVersion: openslo/v1
kind: SLO
metadata:
  name: api-latency
spec:
  service: api
  indicatorRef: p99
  timeWindow:
    - duration: 7d
  budgetingMethod: Occurrences
  objectives:
    - target: 0.99
`;
    expect(resolve(text).errors.map(e => e.message)).toEqual([
      'slo.yaml, document 2, SLO "api-latency": spec.objectives[0] needs op (lt, lte, gt, gte) and value with a thresholdMetric SLI',
    ]);
  });
});
