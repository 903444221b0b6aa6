import { EventCounts } from './attainment';
import {
  DEFAULT_BURN_RATE_POLICY,
  evaluateBurnRateAlerts,
  validateBurnRatePolicy,
} from './evaluateBurnRateAlerts';

/** Counts of 1,000,000 events whose error ratio burns a 99.9 % SLO at `rate`. */
function burning(rate: number): EventCounts {
  const total = 1_000_000;
  return { good: total - Math.round(rate * 0.001 * total), total };
}

function evaluate(rates: Record<string, number | null>) {
  const asked: string[] = [];
  const result = evaluateBurnRateAlerts({
    target: 0.999,
    windows: ({ duration }) => {
      asked.push(duration);
      const rate = rates[duration];
      return rate === undefined || rate === null ? null : burning(rate);
    },
  });
  return { result: result!, asked };
}

describe('evaluateBurnRateAlerts (SRE Workbook multiwindow, multi-burn-rate)', () => {
  it('pages at 15x over 1h and 20x over 5m', () => {
    const { result } = evaluate({ '1h': 15, '5m': 20 });
    expect(result.firing.map(alert => alert.rule.name)).toEqual(['page-1h']);
    expect(result.firing[0].long.burnRate).toBeCloseTo(15, 9);
    expect(result.firing[0].short.burnRate).toBeCloseTo(20, 9);
  });

  it('does not page once the short window has recovered', () => {
    const { result } = evaluate({ '1h': 15, '5m': 0.5 });
    expect(result.firing).toEqual([]);
  });

  it('opens a ticket at 1.2x over 3d and 1.1x over 6h', () => {
    const { result } = evaluate({ '3d': 1.2, '6h': 1.1 });
    expect(
      result.firing.map(alert => [alert.rule.name, alert.rule.severity]),
    ).toEqual([['ticket-3d', 'ticket']]);
  });

  it('pages on the 6h rule at 7x over 6h and 30m', () => {
    const { result } = evaluate({ '6h': 7, '30m': 7 });
    expect(result.firing.map(alert => alert.rule.name)).toEqual(['page-6h']);
  });

  it('needs the factor exceeded, not just reached', () => {
    const { result } = evaluate({ '3d': 1, '6h': 1 });
    expect(result.firing).toEqual([]);
  });

  it('never fires without data and reports each window once, shortest first', () => {
    const { result, asked } = evaluate({});
    expect(result.firing).toEqual([]);
    expect(asked).toEqual(['1h', '5m', '6h', '30m', '3d']);
    expect(result.windows.map(w => [w.duration, w.burnRate])).toEqual([
      ['5m', null],
      ['30m', null],
      ['1h', null],
      ['6h', null],
      ['3d', null],
    ]);
  });

  it('passes each window its length in milliseconds', () => {
    const lengths: number[] = [];
    evaluateBurnRateAlerts({
      target: 0.999,
      windows: window => {
        lengths.push(window.milliseconds);
        return null;
      },
    });
    expect(lengths).toContain(3 * 86_400_000);
    expect(lengths).toContain(5 * 60_000);
  });

  it('takes a configured policy', () => {
    const result = evaluateBurnRateAlerts({
      target: 0.99,
      windows: () => ({ good: 97, total: 100 }),
      policy: {
        rules: [
          {
            name: 'custom',
            severity: 'page',
            burnRate: 2,
            longWindow: '2h',
            shortWindow: '10m',
          },
        ],
      },
    });
    expect(result?.firing.map(alert => alert.rule.name)).toEqual(['custom']);
  });

  it('refuses an invalid target or policy', () => {
    expect(
      evaluateBurnRateAlerts({ target: 1, windows: () => null }),
    ).toBeNull();
    expect(
      evaluateBurnRateAlerts({
        target: 0.9,
        windows: () => null,
        policy: {
          rules: [
            {
              name: 'x',
              severity: 'page',
              burnRate: 2,
              longWindow: '5m',
              shortWindow: '1h',
            },
          ],
        },
      }),
    ).toBeNull();
  });
});

describe('validateBurnRatePolicy', () => {
  it('accepts the default policy', () => {
    expect(validateBurnRatePolicy(DEFAULT_BURN_RATE_POLICY)).toEqual([]);
  });

  it('names every problem', () => {
    expect(
      validateBurnRatePolicy({
        rules: [
          {
            name: 'a',
            severity: 'page',
            burnRate: 0,
            longWindow: '1M',
            shortWindow: '5m',
          },
          {
            name: 'a',
            severity: 'sms' as 'page',
            burnRate: 2,
            longWindow: '1h',
            shortWindow: '2h',
          },
        ],
      }),
    ).toEqual([
      'rules[0].burnRate must be a positive number',
      'rules[0].longWindow "1M" has no fixed length (months, quarters and years vary); use days or weeks, e.g. "30d", or a calendar window',
      'rules[1].name "a" is used by another rule',
      'rules[1].severity must be page or ticket',
      'rules[1].shortWindow must be shorter than longWindow',
    ]);
  });
});
