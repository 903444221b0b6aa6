import fc from 'fast-check';
import type { CheckOutcome, LevelOrNone, ReadinessLevel } from '../model';
import { READINESS_LEVELS } from '../model';
import { compareLevels, levelOf, meetsLevel } from './levelOf';

type Result = { level: ReadinessLevel; outcome: CheckOutcome };

const r = (level: ReadinessLevel, outcome: CheckOutcome): Result => ({
  level,
  outcome,
});

describe('levelOf', () => {
  it('is gold when every applicable check passes', () => {
    expect(
      levelOf([
        r('bronze', 'pass'),
        r('silver', 'pass'),
        r('gold', 'pass'),
        r('gold', 'not-applicable'),
      ]),
    ).toBe('gold');
  });

  it.each<[string, Result[], LevelOrNone]>([
    [
      'a failing bronze check',
      [r('bronze', 'fail'), r('silver', 'pass'), r('gold', 'pass')],
      'none',
    ],
    [
      'an erroring bronze check',
      [r('bronze', 'error'), r('silver', 'pass')],
      'none',
    ],
    [
      'a failing silver check',
      [r('bronze', 'pass'), r('silver', 'fail'), r('gold', 'pass')],
      'bronze',
    ],
    [
      'a failing gold check',
      [r('bronze', 'pass'), r('silver', 'pass'), r('gold', 'fail')],
      'silver',
    ],
    [
      'gold passing but silver failing',
      [r('bronze', 'pass'), r('silver', 'error'), r('gold', 'pass')],
      'bronze',
    ],
  ])('stops below %s', (_, results, level) => {
    expect(levelOf(results)).toBe(level);
  });

  it('ignores not-applicable checks', () => {
    expect(
      levelOf([
        r('bronze', 'pass'),
        r('silver', 'not-applicable'),
        r('gold', 'fail'),
      ]),
    ).toBe('silver');
    expect(levelOf([r('bronze', 'not-applicable'), r('silver', 'fail')])).toBe(
      'bronze',
    );
  });

  it('passes a level without applicable checks only when the lower levels pass', () => {
    expect(levelOf([r('bronze', 'pass')])).toBe('gold');
    expect(levelOf([r('bronze', 'fail')])).toBe('none');
    expect(levelOf([r('gold', 'fail')])).toBe('silver');
    expect(levelOf([])).toBe('gold');
  });

  const outcome = fc.constantFrom<CheckOutcome>(
    'pass',
    'fail',
    'error',
    'not-applicable',
  );
  const results = fc.array(
    fc.record({ level: fc.constantFrom(...READINESS_LEVELS), outcome }),
    { maxLength: 12 },
  );

  it('is monotonic: turning a result into a pass never lowers the level', () => {
    fc.assert(
      fc.property(results, fc.nat(), (list, pick) => {
        if (list.length === 0) return;
        const i = pick % list.length;
        const better = list.map((x, j) =>
          j === i ? { ...x, outcome: 'pass' as const } : x,
        );
        expect(
          compareLevels(levelOf(better), levelOf(list)),
        ).toBeGreaterThanOrEqual(0);
      }),
    );
  });

  it('is monotonic: adding a check never raises the level', () => {
    fc.assert(
      fc.property(
        results,
        fc.record({ level: fc.constantFrom(...READINESS_LEVELS), outcome }),
        (list, extra) => {
          expect(
            compareLevels(levelOf([...list, extra]), levelOf(list)),
          ).toBeLessThanOrEqual(0);
        },
      ),
    );
  });

  it('is L exactly when every applicable check up to L passes and the next level does not', () => {
    fc.assert(
      fc.property(results, list => {
        const level = levelOf(list);
        const passed = (l: ReadinessLevel) =>
          list.every(
            x =>
              x.level !== l ||
              x.outcome === 'pass' ||
              x.outcome === 'not-applicable',
          );
        const reached = READINESS_LEVELS.indexOf(level as ReadinessLevel);
        const passes = READINESS_LEVELS.map(passed);
        expect(passes.slice(0, reached + 1).every(Boolean)).toBe(true);
        // The next level up (if any) is the one that stopped it.
        expect(passes[reached + 1] ?? false).toBe(false);
      }),
    );
  });

  it('does not depend on the order of results', () => {
    fc.assert(
      fc.property(results, list => {
        expect(levelOf([...list].reverse())).toBe(levelOf(list));
      }),
    );
  });
});

describe('compareLevels and meetsLevel', () => {
  const levels: LevelOrNone[] = ['none', 'bronze', 'silver', 'gold'];

  it('orders none < bronze < silver < gold', () => {
    const shuffled: LevelOrNone[] = ['gold', 'none', 'silver', 'bronze'];
    expect([...shuffled].sort(compareLevels)).toEqual(levels);
    expect(compareLevels('gold', 'gold')).toBe(0);
    expect(compareLevels('bronze', 'silver')).toBeLessThan(0);
    expect(compareLevels('silver', 'none')).toBeGreaterThan(0);
  });

  it('meets a level at or above it', () => {
    expect(meetsLevel('gold', 'silver')).toBe(true);
    expect(meetsLevel('silver', 'silver')).toBe(true);
    expect(meetsLevel('bronze', 'silver')).toBe(false);
    expect(meetsLevel('none', 'none')).toBe(true);
    expect(meetsLevel('none', 'bronze')).toBe(false);
  });

  it('is antisymmetric and agrees with meetsLevel', () => {
    const level = fc.constantFrom(...levels);
    fc.assert(
      fc.property(level, level, (a, b) => {
        expect(
          Math.sign(compareLevels(a, b)) + Math.sign(compareLevels(b, a)),
        ).toBe(0);
        expect(meetsLevel(a, b)).toBe(compareLevels(a, b) >= 0);
      }),
    );
  });
});
