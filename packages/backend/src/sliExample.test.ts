import path from 'node:path';

/**
 * The example SLI generator (examples/sli/generate-sli.js): its scenarios
 * must produce what the dashboard is meant to show, and a re-run must write
 * the same numbers into the same buckets.
 */
const generator = require(path.resolve(
  __dirname,
  '../../../examples/sli/generate-sli.js',
));

const NOW = Date.parse('2026-11-25T12:00:00Z');
const MINUTE = 60_000;
const catalog = path.resolve(__dirname, '../../../catalog-info');
const targets: Record<string, number> = {
  critical: 0.9999,
  important: 0.999,
  standard: 0.995,
  'best-effort': 0.99,
};

type Point = { sloRef: string; timestamp: string; good: number; total: number };

function errorRatio(points: Point[], from = -Infinity) {
  const window = points.filter(p => Date.parse(p.timestamp) >= from);
  const total = window.reduce((sum, p) => sum + p.total, 0);
  const bad = window.reduce((sum, p) => sum + p.total - p.good, 0);
  return bad / total;
}

describe('examples/sli/generate-sli.js', () => {
  const components: Array<{
    name: string;
    tier: string;
    openSlos: Array<{ name: string; target: number }>;
  }> = generator.readComponents(catalog);

  it('covers the last 30 days without gaps or overlaps, per minute for the last six hours', () => {
    const buckets: Array<[number, number]> = generator.buckets(NOW, 30);
    for (let i = 1; i < buckets.length; i++) {
      const [start, minutes] = buckets[i - 1];
      expect(buckets[i][0]).toBe(start + minutes * MINUTE);
    }
    const [lastStart, lastMinutes] = buckets[buckets.length - 1];
    expect(lastStart + lastMinutes * MINUTE).toBe(NOW);
    expect(NOW - buckets[0][0]).toBeLessThanOrEqual(30 * 24 * 60 * MINUTE);
    expect(buckets.filter(([start]) => start >= NOW - 6 * 60 * MINUTE)).toEqual(
      expect.arrayContaining([[NOW - MINUTE, 1]]),
    );
    expect(
      buckets
        .filter(([start]) => start >= NOW - 6 * 60 * MINUTE)
        .every(([, minutes]) => minutes === 1),
    ).toBe(true);
  });

  it('writes valid, identical points on every run', () => {
    const component = components[0];
    const first = generator.pointsOf(component, NOW, 30).points as Point[];
    const again = generator.pointsOf(component, NOW, 30).points as Point[];
    expect(again).toEqual(first);
    for (const point of first) {
      expect(Number.isInteger(point.good)).toBe(true);
      expect(point.good).toBeGreaterThanOrEqual(0);
      expect(point.good).toBeLessThanOrEqual(point.total);
      expect(Date.parse(point.timestamp)).toBeLessThan(NOW);
    }
  });

  it('gives each scenario the budget situation it is named after', () => {
    const rows = components.map(component => {
      const { scenario, points } = generator.pointsOf(component, NOW, 30) as {
        scenario: string;
        points: Point[];
      };
      const availability = points.filter(p =>
        p.sloRef.endsWith(`#${component.name}-availability`),
      );
      const allowed = 1 - targets[component.tier];
      const burn = (from?: number) =>
        availability.length ? errorRatio(availability, from) / allowed : null;
      return {
        name: component.name,
        scenario,
        points: points.length,
        month: burn(),
        lastHour: burn(NOW - 60 * MINUTE),
        lastFiveMinutes: burn(NOW - 5 * MINUTE),
      };
    });
    const of = (scenario: string) => rows.filter(r => r.scenario === scenario);
    // Each list holds the services that do NOT show what they should.
    expect(of('no-data').filter(r => r.points > 0)).toEqual([]);
    expect(
      of('healthy').filter(r => !(r.month! < 0.6 && r.lastHour! < 6)),
    ).toEqual([]);
    expect(of('breaching').filter(r => !(r.month! > 1))).toEqual([]);
    expect(
      of('burning').filter(
        r => !(r.lastHour! > 14.4 && r.lastFiveMinutes! > 14.4),
      ),
    ).toEqual([]);
    expect([...new Set(rows.map(r => r.scenario))].sort()).toEqual([
      'breaching',
      'burning',
      'healthy',
      'no-data',
    ]);
  });

  it("writes the example OpenSLO files' SLOs under their openslo refs, at their own targets", () => {
    const withFiles = components.filter(c => c.openSlos.length > 0);
    expect(
      withFiles.map(c => [c.name, c.openSlos.map(s => s.name)]).sort(),
    ).toEqual([
      ['notification-service', ['delivery-availability']],
      ['order-service', ['place-order-availability', 'place-order-latency']],
    ]);
    const order = withFiles.find(c => c.name === 'order-service')!;
    const { scenario, points } = generator.pointsOf(order, NOW, 30) as {
      scenario: string;
      points: Point[];
    };
    expect(scenario).toBe('healthy');
    const ref =
      'component:default/order-service#openslo.place-order-availability';
    const placeOrder = points.filter(p => p.sloRef === ref);
    expect(placeOrder.length).toBeGreaterThan(1000);
    // Healthy against its own, tighter target (99.995 %), not the tier's.
    const burn = errorRatio(placeOrder) / (1 - 0.99995);
    expect(burn).toBeGreaterThan(0);
    expect(burn).toBeLessThan(0.6);
  });

  it('skips OpenSLO SLOs read from Prometheus (the backend queries those itself)', () => {
    const fs = require('node:fs');
    const os = require('node:os');
    const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'gp-sli-'));
    const file = path.join(dir, 'openslo.yaml');
    fs.writeFileSync(
      file,
      [
        'apiVersion: openslo/v1',
        'kind: DataSource',
        'metadata: { name: prom }',
        'spec: { type: Prometheus, connectionDetails: {} }',
        '---',
        'apiVersion: openslo/v1',
        'kind: SLO',
        'metadata: { name: from-prometheus }',
        'spec:',
        '  indicator:',
        '    metadata: { name: x }',
        '    spec:',
        '      ratioMetric:',
        '        good: { metricSource: { metricSourceRef: prom, spec: { query: a } } }',
        '        total: { metricSource: { metricSourceRef: prom, spec: { query: b } } }',
        '  objectives: [{ target: 0.99 }]',
        '---',
        'apiVersion: openslo/v1',
        'kind: SLO',
        'metadata: { name: pushed }',
        'spec:',
        '  indicator:',
        '    metadata: { name: y }',
        '    spec:',
        '      ratioMetric:',
        '        good: { metricSource: { type: Custom, spec: {} } }',
        '        total: { metricSource: { type: Custom, spec: {} } }',
        '  objectives: [{ target: 0.99 }, { target: 0.999 }]',
      ].join('\n'),
    );
    try {
      expect(generator.readOpenSlos(file)).toEqual([
        { name: 'pushed.1', target: 0.99 },
        { name: 'pushed.2', target: 0.999 },
      ]);
    } finally {
      fs.rmSync(dir, { recursive: true, force: true });
    }
  });
});
