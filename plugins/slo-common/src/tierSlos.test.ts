import { DEFAULT_TIER_TABLE } from '@golden-path/plugin-golden-path-common';
import { tierSlos } from './tierSlos';

describe('tierSlos', () => {
  it.each([
    ['critical', 0.9999, 100, 0.9999],
    ['important', 0.999, 500, 0.999],
    ['standard', 0.995, 1000, 0.99],
    ['best-effort', 0.99, 5000, 0.95],
  ] as const)(
    'derives the three %s SLOs',
    (tier, availability, latency, errors) => {
      const slos = tierSlos(DEFAULT_TIER_TABLE[tier], 'checkout');
      expect(
        slos.map(s => [s.name, s.objective, s.target, s.thresholdMs]),
      ).toEqual([
        ['checkout-availability', 'availability', availability, null],
        ['checkout-latency', 'latency', 0.99, latency],
        ['checkout-error-rate', 'error-rate', errors, null],
      ]);
      for (const slo of slos) {
        expect(slo.timeWindow).toEqual({
          isRolling: true,
          duration: { amount: 30, unit: 'd', text: '30d' },
        });
        expect(slo.budgetingMethod).toBe('Occurrences');
        expect(slo.tier).toBe(tier);
      }
    },
  );
});
