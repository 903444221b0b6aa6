import { DEFAULT_TIER_TABLE } from '@golden-path/plugin-golden-path-common';
import { compareToTier, tierComparableObjectives } from './compareToTier';
import { fullOpenSlo } from './__fixtures__/fullOpenSlo';
import { parseOpenSlo } from './openslo/parseOpenSlo';
import { resolveOpenSlo } from './openslo/resolveOpenSlo';

describe('compareToTier', () => {
  const important = DEFAULT_TIER_TABLE.important;

  it.each([
    ['availability', 0.9995, []],
    ['availability', 0.999, []],
    ['availability', 0.995, ['target']],
    ['error-rate', 0.9999, []],
    ['error-rate', 0.999, []],
    ['error-rate', 0.99, ['target']],
    ['custom', 0.5, []],
  ] as const)('%s target %s', (objective, target, fields) => {
    const violations = compareToTier(
      { sloName: 'x', objective, target },
      important,
    );
    expect(violations.map(v => v.field)).toEqual(fields);
  });

  it.each([
    [0.995, 250, []],
    [0.99, 500, []],
    [0.99, 800, ['thresholdMs']],
    [0.95, 500, ['target']],
    [0.95, 800, ['target', 'thresholdMs']],
    [0.99, null, ['thresholdMs']],
  ] as const)(
    'latency target %s under %s ms',
    (target, thresholdMs, fields) => {
      const violations = compareToTier(
        { sloName: 'x', objective: 'latency', target, thresholdMs },
        important,
      );
      expect(violations.map(v => v.field)).toEqual(fields);
    },
  );

  it('says what is looser and by how much', () => {
    expect(
      compareToTier(
        {
          sloName: 'checkout-availability',
          objective: 'availability',
          target: 0.995,
        },
        important,
      ),
    ).toEqual([
      {
        sloName: 'checkout-availability',
        objective: 'availability',
        field: 'target',
        tierValue: 0.999,
        sloValue: 0.995,
        message:
          "checkout-availability: the availability target 99.5 % is looser than the Important tier's 99.9 %; an OpenSLO file may only tighten the tier",
      },
    ]);
    expect(
      compareToTier(
        { sloName: 'l', objective: 'latency', target: 0.99, thresholdMs: 800 },
        important,
      )[0].message,
    ).toBe(
      "l: the latency threshold 800 ms is looser than the Important tier's 500 ms; an OpenSLO file may only tighten the tier",
    );
  });

  it('is not fooled by float noise at equality', () => {
    expect(
      compareToTier(
        { sloName: 'x', objective: 'availability', target: 0.1 + 0.8999 },
        DEFAULT_TIER_TABLE.important,
      ),
    ).toEqual([]);
  });
});

describe('tierComparableObjectives', () => {
  const resolved = resolveOpenSlo(parseOpenSlo(fullOpenSlo).documents).slos;

  it('reads the objective kind from the annotation or the name, and the latency threshold', () => {
    expect(resolved.flatMap(tierComparableObjectives)).toEqual([
      {
        sloName: 'checkout-availability',
        objective: 'availability',
        target: 0.99995,
        thresholdMs: null,
      },
      {
        sloName: 'checkout-latency',
        objective: 'latency',
        target: 0.995,
        thresholdMs: 80,
      },
    ]);
  });

  it('holds the OpenSLO fixture to the critical tier: tighter availability, tighter latency', () => {
    const violations = resolved
      .flatMap(tierComparableObjectives)
      .flatMap(objective =>
        compareToTier(objective, DEFAULT_TIER_TABLE.critical),
      );
    expect(violations).toEqual([]);
  });
});
