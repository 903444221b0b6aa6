import { readinessStatusOf } from './readinessStatusOf';

describe('readinessStatusOf', () => {
  it('never lets a service without a tier meet its level', () => {
    expect(
      readinessStatusOf({
        tier: null,
        level: 'gold',
        requiredLevel: 'none',
        awaiting: 0,
      }),
    ).toBe('no-tier');
    expect(
      readinessStatusOf({
        tier: null,
        level: 'none',
        requiredLevel: 'none',
        awaiting: 3,
      }),
    ).toBe('no-tier');
  });

  it('meets at or above the required level, even with checks awaiting', () => {
    expect(
      readinessStatusOf({
        tier: 'standard',
        level: 'bronze',
        requiredLevel: 'bronze',
        awaiting: 0,
      }),
    ).toBe('meets');
    expect(
      readinessStatusOf({
        tier: 'best-effort',
        level: 'none',
        requiredLevel: 'none',
        awaiting: 2,
      }),
    ).toBe('meets');
  });

  it('awaits when below with checks awaiting, else is below', () => {
    const below = {
      tier: 'critical' as const,
      level: 'none' as const,
      requiredLevel: 'gold' as const,
    };
    expect(readinessStatusOf({ ...below, awaiting: 13 })).toBe('awaiting');
    expect(readinessStatusOf({ ...below, awaiting: 0 })).toBe('below');
  });
});
