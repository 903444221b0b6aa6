import type { SloSummary } from '@golden-path/plugin-slo-common';
import { describeObjective, describeWindow } from './describeSlo';

const slo = (overrides: Partial<SloSummary>): SloSummary =>
  ({
    objective: 'availability',
    target: 0.999,
    thresholdMs: null,
    budgetingMethod: 'Occurrences',
    window: { duration: '30d', isRolling: true, start: '', end: '' },
    ...overrides,
  } as SloSummary);

describe('describeSlo', () => {
  it('says what each objective promises', () => {
    expect(describeObjective(slo({}))).toBe('99.9 % of requests succeed');
    expect(
      describeObjective(
        slo({ objective: 'latency', target: 0.99, thresholdMs: 500 }),
      ),
    ).toBe('99 % of requests within 500 ms');
    expect(
      describeObjective(slo({ objective: 'error-rate', target: 0.9999 })),
    ).toBe('fewer than 0.01 % of requests fail');
    expect(
      describeObjective(
        slo({
          objective: 'custom',
          target: 0.95,
          budgetingMethod: 'Timeslices',
        }),
      ),
    ).toBe('95 % good time slices');
  });

  it('names the window', () => {
    expect(describeWindow(slo({}).window)).toBe('30d rolling');
    expect(
      describeWindow({ duration: '1M', isRolling: false, start: '', end: '' }),
    ).toBe('1M calendar');
  });
});
