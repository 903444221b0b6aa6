/**
 * A complete, valid OpenSLO v1 file with one document of every kind,
 * modelled on the examples of the OpenSLO v1 specification.
 */
export const fullOpenSlo = `apiVersion: openslo/v1
kind: Service
metadata:
  name: checkout
  displayName: Checkout
spec:
  description: Takes the money
---
apiVersion: openslo/v1
kind: DataSource
metadata:
  name: prometheus
spec:
  description: The shared Prometheus
  type: Prometheus
  connectionDetails:
    url: http://prometheus.monitoring:9090
---
apiVersion: openslo/v1
kind: SLI
metadata:
  name: checkout-requests
  displayName: Checkout request success
spec:
  ratioMetric:
    counter: true
    good:
      metricSource:
        metricSourceRef: prometheus
        spec:
          query: sum(rate(http_requests_total{job="checkout",code!~"5.."}[1m]))
    total:
      metricSource:
        metricSourceRef: prometheus
        spec:
          query: sum(rate(http_requests_total{job="checkout"}[1m]))
---
apiVersion: openslo/v1
kind: AlertCondition
metadata:
  name: fast-burn
spec:
  description: Budget burning 14.4 times too fast
  severity: page
  condition:
    kind: burnrate
    op: gte
    threshold: 14.4
    lookbackWindow: 1h
    alertAfter: 5m
---
apiVersion: openslo/v1
kind: AlertNotificationTarget
metadata:
  name: checkout-on-call
spec:
  description: The checkout on-call rota
  target: pagerduty
---
apiVersion: openslo/v1
kind: AlertPolicy
metadata:
  name: checkout-paging
spec:
  description: Page when the budget burns fast
  alertWhenBreaching: true
  alertWhenResolved: false
  alertWhenNoData: true
  conditions:
    - conditionRef: fast-burn
  notificationTargets:
    - targetRef: checkout-on-call
---
apiVersion: openslo/v1
kind: SLO
metadata:
  name: checkout-availability
  displayName: Checkout availability
  labels:
    team: [payments, checkout]
    tier: critical
  annotations:
    golden-path.io/objective: availability
spec:
  description: 99.995 % of checkout requests succeed
  service: checkout
  indicatorRef: checkout-requests
  timeWindow:
    - duration: 28d
      isRolling: true
  budgetingMethod: Occurrences
  objectives:
    - displayName: Checkout succeeds
      target: 0.99995
  alertPolicies:
    - alertPolicyRef: checkout-paging
---
apiVersion: openslo/v1
kind: SLO
metadata:
  name: checkout-latency
spec:
  service: checkout
  indicator:
    metadata:
      name: checkout-p99
    spec:
      thresholdMetric:
        metricSource:
          type: Prometheus
          spec:
            query: histogram_quantile(0.99, sum by (le) (rate(http_request_duration_ms_bucket{job="checkout"}[5m])))
  timeWindow:
    - duration: 1M
      calendar:
        startTime: "2026-01-01 00:00:00"
        timeZone: Europe/Berlin
  budgetingMethod: Timeslices
  objectives:
    - op: lte
      value: 80
      targetPercent: 99.5
      timeSliceTarget: 1
      timeSliceWindow: 5m
  alertPolicies:
    - kind: AlertPolicy
      metadata:
        name: latency-ticket
      spec:
        alertWhenBreaching: true
        conditions:
          - kind: AlertCondition
            metadata:
              name: slow-burn
            spec:
              severity: ticket
              condition:
                op: gt
                threshold: 1
                lookbackWindow: 3d
        notificationTargets:
          - kind: AlertNotificationTarget
            metadata:
              name: checkout-mail
            spec:
              target: email
`;
