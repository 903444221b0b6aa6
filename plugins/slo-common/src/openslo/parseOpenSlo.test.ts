import { fullOpenSlo } from '../__fixtures__/fullOpenSlo';
import { parseOpenSlo } from './parseOpenSlo';

/** A valid one-document SLO; tests replace parts of it. */
const slo = `apiVersion: openslo/v1
kind: SLO
metadata:
  name: checkout-availability
spec:
  service: checkout
  indicator:
    metadata:
      name: checkout-requests
    spec:
      ratioMetric:
        counter: true
        good:
          metricSource:
            type: Prometheus
            spec:
              query: good
        total:
          metricSource:
            type: Prometheus
            spec:
              query: total
  timeWindow:
    - duration: 28d
      isRolling: true
  budgetingMethod: Occurrences
  objectives:
    - target: 0.999
`;

function messages(text: string) {
  const result = parseOpenSlo(text, 'slo.yaml');
  return result.errors.map(error => error.message);
}

describe('parseOpenSlo: valid documents', () => {
  it('reads one document of every kind without a problem', () => {
    const result = parseOpenSlo(fullOpenSlo, 'slo.yaml');
    expect(result.errors).toEqual([]);
    expect(result.warnings).toEqual([]);
    expect(result.documents.map(d => [d.kind, d.metadata.name])).toEqual([
      ['Service', 'checkout'],
      ['DataSource', 'prometheus'],
      ['SLI', 'checkout-requests'],
      ['AlertCondition', 'fast-burn'],
      ['AlertNotificationTarget', 'checkout-on-call'],
      ['AlertPolicy', 'checkout-paging'],
      ['SLO', 'checkout-availability'],
      ['SLO', 'checkout-latency'],
    ]);
  });

  it('types the SLO fields, windows and objectives', () => {
    const [, , , , , , availability, latency] =
      parseOpenSlo(fullOpenSlo).documents;
    expect(availability).toMatchObject({
      kind: 'SLO',
      documentIndex: 6,
      metadata: {
        labels: { team: ['payments', 'checkout'], tier: ['critical'] },
        annotations: { 'golden-path.io/objective': 'availability' },
      },
      spec: {
        service: 'checkout',
        indicatorRef: 'checkout-requests',
        timeWindow: {
          isRolling: true,
          duration: { amount: 28, unit: 'd', text: '28d' },
        },
        budgetingMethod: 'Occurrences',
        objectives: [{ displayName: 'Checkout succeeds', target: 0.99995 }],
        alertPolicies: [{ alertPolicyRef: 'checkout-paging' }],
      },
    });
    expect(latency).toMatchObject({
      spec: {
        timeWindow: {
          isRolling: false,
          duration: { amount: 1, unit: 'M', text: '1M' },
          calendar: {
            startTime: '2026-01-01 00:00:00',
            timeZone: 'Europe/Berlin',
          },
        },
        budgetingMethod: 'Timeslices',
        objectives: [
          {
            op: 'lte',
            value: 80,
            target: 0.995,
            timeSliceTarget: 1,
            timeSliceWindow: { amount: 5, unit: 'm', text: '5m' },
          },
        ],
      },
    });
  });

  it('reads the spec example of an inline SLI with a good/total ratio', () => {
    const result = parseOpenSlo(slo);
    expect(result.errors).toEqual([]);
    expect(result.documents).toHaveLength(1);
  });

  it('reads bad/total and raw ratio metrics and a bare-minutes timeSliceWindow', () => {
    const bad = slo.replace('        good:', '        bad:');
    expect(messages(bad)).toEqual([]);
    const raw = slo.replace(
      / {8}good:[\s\S]*?query: total\n/,
      `        rawType: success
        raw:
          metricSource:
            type: Prometheus
            spec:
              query: ratio
`,
    );
    expect(messages(raw)).toEqual([]);
    const slices = slo
      .replace('Occurrences', 'RatioTimeslices')
      .replace('- target: 0.999', '- target: 0.999\n      timeSliceWindow: 5');
    const result = parseOpenSlo(slices);
    expect(result.errors).toEqual([]);
    expect(result.documents[0]).toMatchObject({
      spec: { objectives: [{ timeSliceWindow: { text: '5m' } }] },
    });
  });

  it('reads a composite SLO whose objectives name their own indicators', () => {
    const composite = slo
      .replace(/ {2}indicator:[\s\S]*?query: total\n/, '')
      .replace(
        '- target: 0.999',
        '- target: 0.999\n      indicatorRef: a\n    - targetPercent: 99\n      indicatorRef: b',
      );
    const result = parseOpenSlo(composite);
    expect(result.errors).toEqual([]);
    expect(result.documents[0]).toMatchObject({
      spec: {
        objectives: [
          { target: 0.999, indicatorRef: 'a' },
          { target: 0.99, indicatorRef: 'b' },
        ],
      },
    });
  });

  it('warns about unknown fields but keeps the document', () => {
    const result = parseOpenSlo(
      slo.replace('  service: checkout', '  service: checkout\n  owner: me'),
      'slo.yaml',
    );
    expect(result.errors).toEqual([]);
    expect(result.documents).toHaveLength(1);
    expect(result.warnings.map(w => w.message)).toEqual([
      'slo.yaml, document 1, SLO "checkout-availability": spec.owner is not an OpenSLO v1 field here; ignored',
    ]);
  });

  it('reads a document whose top level is a list of objects, as the OpenSLO Go SDK and oslo do', () => {
    const asList = (yaml: string) =>
      `- ${yaml.trimEnd().split('\n').join('\n  ')}\n`;
    const dataSource = `apiVersion: openslo/v1
kind: DataSource
metadata:
  name: prometheus
spec:
  type: Prometheus
  connectionDetails:
    url: http://prometheus:9090
`;
    const text = `${asList(dataSource)}${asList(slo)}---\n${slo.replace(
      'checkout-availability',
      'checkout-latency',
    )}`;
    const result = parseOpenSlo(text, 'slo.yaml');
    expect(result.errors).toEqual([]);
    expect(result.warnings).toEqual([]);
    expect(
      result.documents.map(d => [d.kind, d.metadata.name, d.documentIndex]),
    ).toEqual([
      ['DataSource', 'prometheus', 0],
      ['SLO', 'checkout-availability', 0],
      ['SLO', 'checkout-latency', 1],
    ]);

    // A bad item is named by its place in the list; the good ones stay.
    const mixed = parseOpenSlo(
      `${asList(slo)}${asList(slo.replace('target: 0.999', 'target: 2'))}`,
      'slo.yaml',
    );
    expect(mixed.documents.map(d => d.metadata.name)).toEqual([
      'checkout-availability',
    ]);
    expect(mixed.errors.map(e => e.message)).toEqual([
      expect.stringMatching(
        /^slo\.yaml, document 1, item 2, SLO "checkout-availability": spec\.objectives\[0\]\.target /,
      ),
    ]);
    expect(messages('- 42\n')).toEqual([
      'slo.yaml, document 1, item 1: must be an object, got 42',
    ]);
    expect(parseOpenSlo(`[]\n---\n${slo}`, 'slo.yaml').warnings).toEqual([
      expect.objectContaining({
        message: 'slo.yaml, document 1: is an empty list; skipped',
      }),
    ]);
  });

  it('counts list items towards the limit of 500 objects', () => {
    const item = `- ${slo.trimEnd().split('\n').join('\n  ')}\n`;
    expect(messages(item.repeat(501))).toEqual([
      'slo.yaml, document 1: brings the file over the limit of 500 objects; the rest of the file is not read',
    ]);
    expect(parseOpenSlo(item.repeat(500), 'slo.yaml').errors).toEqual([]);
  });

  it.each([
    ['a URL string', '"http://prometheus:9090"', 'http://prometheus:9090'],
    ['a list of hosts', '\n    - a:9090\n    - b:9090', ['a:9090', 'b:9090']],
    ['a number', '9090', 9090],
    ['a mapping', '\n    url: http://p:9090', { url: 'http://p:9090' }],
  ])(
    "accepts any YAML value as a DataSource's connectionDetails: %s",
    (_, yaml, expected) => {
      const result = parseOpenSlo(
        `apiVersion: openslo/v1
kind: DataSource
metadata:
  name: metrics
spec:
  type: Prometheus
  connectionDetails: ${yaml}
`,
        'slo.yaml',
      );
      expect(result.errors).toEqual([]);
      const [source] = result.documents;
      expect(source.kind === 'DataSource' && source.spec).toEqual({
        type: 'Prometheus',
        connectionDetails: expected,
      });
    },
  );

  it("still requires a DataSource's connectionDetails", () => {
    expect(
      messages(`apiVersion: openslo/v1
kind: DataSource
metadata:
  name: metrics
spec:
  type: Prometheus
  connectionDetails:
`),
    ).toEqual([
      'slo.yaml, document 1, DataSource "metrics": spec.connectionDetails is required',
    ]);
  });

  it('only notes an empty document among good ones', () => {
    const result = parseOpenSlo(`${slo}---\n`);
    expect(result.errors).toEqual([]);
    expect(result.documents).toHaveLength(1);
    expect(result.warnings.map(w => w.message)).toEqual([
      'document 2: is empty; skipped',
    ]);
  });
});

describe('parseOpenSlo: invalid documents', () => {
  it.each([
    [
      'wrong kind',
      slo.replace('kind: SLO', 'kind: Slo'),
      'slo.yaml, document 1: kind must be one of SLO, SLI, Service, DataSource, AlertPolicy, AlertCondition, AlertNotificationTarget, got "Slo"',
    ],
    [
      'wrong apiVersion',
      slo.replace('openslo/v1', 'openslo/v1alpha'),
      'slo.yaml, document 1, SLO "checkout-availability": apiVersion must be openslo/v1 (the only version supported), got "openslo/v1alpha"',
    ],
    [
      'target > 1',
      slo.replace('target: 0.999', 'target: 1.5'),
      'slo.yaml, document 1, SLO "checkout-availability": spec.objectives[0].target must be between 0 and 1 (exclusive of both; 0.999 means 99.9 %), got 1.5',
    ],
    [
      'target = 1',
      slo.replace('target: 0.999', 'target: 1'),
      'slo.yaml, document 1, SLO "checkout-availability": spec.objectives[0].target must be between 0 and 1 (exclusive of both; 0.999 means 99.9 %), got 1',
    ],
    [
      'targetPercent = 100',
      slo.replace('target: 0.999', 'targetPercent: 100'),
      'slo.yaml, document 1, SLO "checkout-availability": spec.objectives[0].targetPercent must be between 0 and 100 (exclusive of both), got 100',
    ],
    [
      'target as text',
      slo.replace('target: 0.999', 'target: "99.9%"'),
      'slo.yaml, document 1, SLO "checkout-availability": spec.objectives[0].target must be a number, got "99.9%"',
    ],
    [
      'no target',
      slo.replace('- target: 0.999', '- displayName: x'),
      'slo.yaml, document 1, SLO "checkout-availability": spec.objectives[0] must have a target (0..1) or a targetPercent (0..100)',
    ],
    [
      'missing indicator',
      slo.replace(/ {2}indicator:[\s\S]*?query: total\n/, ''),
      'slo.yaml, document 1, SLO "checkout-availability": spec must have an indicator (inline SLI) or an indicatorRef (name of an SLI); for a composite SLO every objective must have one',
    ],
    [
      'both indicator and indicatorRef',
      slo.replace(
        '  service: checkout',
        '  service: checkout\n  indicatorRef: other',
      ),
      'slo.yaml, document 1, SLO "checkout-availability": spec must have one of indicator and indicatorRef, got both',
    ],
    [
      'ratioMetric with good and bad',
      slo.replace(
        '        total:',
        '        bad:\n          metricSource:\n            type: Prometheus\n        total:',
      ),
      'slo.yaml, document 1, SLO "checkout-availability": spec.indicator.spec.ratioMetric must have exactly one of good and bad, got both',
    ],
    [
      'ratioMetric without total',
      slo.replace('        total:', '        totals:'),
      'slo.yaml, document 1, SLO "checkout-availability": spec.indicator.spec.ratioMetric.total is required (the denominator)',
    ],
    [
      'Timeslices without timeSliceTarget',
      slo
        .replace('Occurrences', 'Timeslices')
        .replace(
          '- target: 0.999',
          '- target: 0.999\n      timeSliceWindow: 1m',
        ),
      'slo.yaml, document 1, SLO "checkout-availability": spec.objectives[0].timeSliceTarget is required with budgetingMethod Timeslices',
    ],
    [
      'unknown budgetingMethod',
      slo.replace('Occurrences', 'Events'),
      'slo.yaml, document 1, SLO "checkout-availability": spec.budgetingMethod must be Occurrences, Timeslices or RatioTimeslices, got "Events"',
    ],
    [
      'bad duration',
      slo.replace('duration: 28d', 'duration: 28 days'),
      'slo.yaml, document 1, SLO "checkout-availability": spec.timeWindow[0].duration must be a duration: a positive whole number followed by one of m (minutes), h, d, w, M (months), Q, Y, e.g. "28d"; got "28 days"',
    ],
    [
      'rolling window of months',
      slo.replace('duration: 28d', 'duration: 1M'),
      'slo.yaml, document 1, SLO "checkout-availability": spec.timeWindow[0].duration must have a fixed length for a rolling window (m, h, d or w, e.g. "28d"), got "1M"',
    ],
    [
      'calendar without timeZone',
      slo.replace(
        '      isRolling: true',
        '      calendar:\n        startTime: 2026-01-01 00:00:00',
      ),
      'slo.yaml, document 1, SLO "checkout-availability": spec.timeWindow[0].calendar.timeZone is required',
    ],
    [
      'calendar with an unknown zone',
      slo.replace(
        '      isRolling: true',
        '      calendar:\n        startTime: 2026-01-01 00:00:00\n        timeZone: Europe/Atlantis',
      ),
      'slo.yaml, document 1, SLO "checkout-availability": spec.timeWindow[0].calendar.timeZone must be an IANA time zone such as "Europe/Berlin", got "Europe/Atlantis"',
    ],
    [
      'rolling and calendar',
      slo.replace(
        '      isRolling: true',
        '      isRolling: true\n      calendar:\n        startTime: 2026-01-01\n        timeZone: UTC',
      ),
      'slo.yaml, document 1, SLO "checkout-availability": spec.timeWindow[0] must be either rolling (isRolling: true) or calendar-aligned (calendar:), not both',
    ],
    [
      'two time windows',
      slo.replace(
        '      isRolling: true',
        '      isRolling: true\n    - duration: 7d',
      ),
      'slo.yaml, document 1, SLO "checkout-availability": spec.timeWindow must have exactly one item, got 2',
    ],
    [
      'name not a DNS label',
      slo.replace('name: checkout-availability', 'name: Checkout_Availability'),
      'slo.yaml, document 1, SLO "Checkout_Availability": metadata.name must be a DNS label (RFC 1123: lower-case letters, digits and "-", starting and ending with a letter or digit, at most 63 characters), got "Checkout_Availability"',
    ],
    [
      'no objectives',
      slo.replace('  objectives:\n    - target: 0.999\n', '  objectives: []\n'),
      'slo.yaml, document 1, SLO "checkout-availability": spec.objectives must have at least one objective',
    ],
  ])('%s', (_, text, message) => {
    const result = parseOpenSlo(text, 'slo.yaml');
    expect(result.documents).toEqual([]);
    expect(result.errors.map(e => e.message)).toContain(message);
  });

  it('gives structured fields with each error', () => {
    const [error] = parseOpenSlo(
      slo.replace('target: 0.999', 'target: 1.5'),
    ).errors;
    expect(error).toEqual({
      severity: 'error',
      documentIndex: 0,
      kind: 'SLO',
      name: 'checkout-availability',
      path: 'spec.objectives[0].target',
      message: expect.stringContaining('got 1.5'),
    });
  });

  it('needs op and value for a thresholdMetric objective', () => {
    const threshold = slo.replace(
      / {6}ratioMetric:[\s\S]*?query: total\n/,
      '      thresholdMetric:\n        metricSource:\n          type: Prometheus\n',
    );
    expect(messages(threshold)).toEqual([
      'slo.yaml, document 1, SLO "checkout-availability": spec.objectives[0] needs op (lt, lte, gt, gte) and value with a thresholdMetric SLI',
    ]);
    expect(
      messages(
        threshold.replace(
          '- target: 0.999',
          '- target: 0.999\n      op: lt\n      value: 100',
        ),
      ),
    ).toEqual([]);
  });

  it('reports invalid YAML', () => {
    const result = parseOpenSlo('kind: [SLO\n', 'slo.yaml');
    expect(result.documents).toEqual([]);
    expect(result.errors[0].message).toMatch(
      /^slo\.yaml, document 1: is not valid YAML: /,
    );
  });

  it('reports duplicate keys and refuses merge keys', () => {
    expect(
      messages(
        slo.replace(
          '  service: checkout',
          '  service: checkout\n  service: other',
        ),
      )[0],
    ).toMatch(/is not valid YAML: Map keys must be unique/);
    const merged = `base: &base\n  apiVersion: openslo/v1\n---\n${slo.replace(
      'apiVersion: openslo/v1\n',
      '<<: {apiVersion: openslo/v1}\n',
    )}`;
    expect(messages(merged)).toContain(
      'slo.yaml, document 2, SLO "checkout-availability": apiVersion must be openslo/v1 (the only version supported), got nothing',
    );
  });

  it('keeps the good documents when one among them is bad', () => {
    const text = [
      slo,
      'apiVersion: openslo/v1\nkind: Service\nmetadata:\n  name: [broken\n',
      slo
        .replace('checkout-availability', 'checkout-errors')
        .replace('target: 0.999', 'target: 2'),
      slo.replace('checkout-availability', 'checkout-latency'),
    ].join('---\n');
    const result = parseOpenSlo(text, 'slo.yaml');
    expect(result.documents.map(d => d.metadata.name)).toEqual([
      'checkout-availability',
      'checkout-latency',
    ]);
    expect(result.errors.map(e => e.documentIndex)).toEqual([1, 2]);
  });

  it.each([
    ['an empty file', ''],
    ['only comments', '# nothing here\n'],
    ['only empty documents', '---\n---\n'],
  ])('reports %s', (_, text) => {
    expect(messages(text)).toEqual([
      'slo.yaml: the file has no OpenSLO documents',
    ]);
  });

  it.each([
    ['a string', 'just text\n', 'must be an object, got "just text"'],
    ['a number', '42\n', 'must be an object, got 42'],
  ])('reports a root that is %s', (_, text, message) => {
    expect(messages(text)).toEqual([`slo.yaml, document 1: ${message}`]);
  });

  it('refuses a 2 MB input without parsing it', () => {
    const big = `${slo}# ${'x'.repeat(2 * 1024 * 1024)}\n`;
    const started = Date.now();
    expect(messages(big)).toEqual([
      `slo.yaml: the file is over the 1 MiB limit for OpenSLO files (at least ${big.length} bytes); not read`,
    ]);
    expect(Date.now() - started).toBeLessThan(500);
  });

  it('counts multi-byte characters towards the limit', () => {
    const text = `# ${'é'.repeat(600 * 1024)}\n`; // 1.2 MB in UTF-8, 600 K characters
    expect(messages(text)[0]).toMatch(/over the 1 MiB limit/);
  });

  it('bounds aliases ("billion laughs")', () => {
    const lines = ['a: &a [x, x, x, x, x, x, x, x, x, x]'];
    for (let i = 1; i < 8; i++) {
      lines.push(
        `${String.fromCharCode(97 + i)}: &${String.fromCharCode(
          97 + i,
        )} [${Array(10)
          .fill(`*${String.fromCharCode(96 + i)}`)
          .join(', ')}]`,
      );
    }
    expect(messages(lines.join('\n'))[0]).toMatch(
      /could not be read|not valid YAML/,
    );
  });

  it('never throws on input that is not text', () => {
    expect(parseOpenSlo(42 as unknown as string).errors[0].message).toBe(
      'the OpenSLO input is not text',
    );
  });
});
