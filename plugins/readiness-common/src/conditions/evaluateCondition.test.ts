import fc from 'fast-check';
import { FACTS } from '../__fixtures__/facts';
import type { Condition, FactValue } from '../model';
import { evaluateCondition } from './evaluateCondition';
import { parseCondition } from './parseCondition';

type Facts = Record<string, FactValue | undefined>;

function holds(condition: Condition, facts: Facts): boolean {
  const evaluation = evaluateCondition(condition, facts);
  expect(evaluation.problems).toEqual([]);
  return evaluation.result;
}

describe('evaluateCondition: comparisons', () => {
  it.each<[string, Condition, FactValue, boolean]>([
    [
      'equal boolean',
      { fact: 'f', operator: 'equal', value: true },
      true,
      true,
    ],
    [
      'equal boolean',
      { fact: 'f', operator: 'equal', value: true },
      false,
      false,
    ],
    ['equal string', { fact: 'f', operator: 'equal', value: 'a' }, 'a', true],
    ['equal string', { fact: 'f', operator: 'equal', value: 'a' }, 'A', false],
    ['notEqual', { fact: 'f', operator: 'notEqual', value: 2 }, 3, true],
    ['notEqual', { fact: 'f', operator: 'notEqual', value: 2 }, 2, false],
    [
      'equal list as a set',
      { fact: 'f', operator: 'equal', value: ['a', 'b'] },
      ['b', 'a', 'a'],
      true,
    ],
    [
      'equal list as a set',
      { fact: 'f', operator: 'equal', value: ['a', 'b'] },
      ['a'],
      false,
    ],
    ['equal empty list', { fact: 'f', operator: 'equal', value: [] }, [], true],
    ['lessThan', { fact: 'f', operator: 'lessThan', value: 2 }, 1, true],
    ['lessThan', { fact: 'f', operator: 'lessThan', value: 2 }, 2, false],
    [
      'lessThanInclusive',
      { fact: 'f', operator: 'lessThanInclusive', value: 2 },
      2,
      true,
    ],
    [
      'lessThanInclusive',
      { fact: 'f', operator: 'lessThanInclusive', value: 2 },
      3,
      false,
    ],
    ['greaterThan', { fact: 'f', operator: 'greaterThan', value: 0 }, 1, true],
    ['greaterThan', { fact: 'f', operator: 'greaterThan', value: 0 }, 0, false],
    [
      'greaterThanInclusive',
      { fact: 'f', operator: 'greaterThanInclusive', value: 1 },
      1,
      true,
    ],
    [
      'greaterThanInclusive',
      { fact: 'f', operator: 'greaterThanInclusive', value: 1 },
      0.5,
      false,
    ],
    [
      'in scalar',
      { fact: 'f', operator: 'in', value: ['production', 'experimental'] },
      'production',
      true,
    ],
    [
      'in scalar',
      { fact: 'f', operator: 'in', value: ['production'] },
      'deprecated',
      false,
    ],
    ['in numbers', { fact: 'f', operator: 'in', value: [1, 2] }, 2, true],
    [
      'notIn scalar',
      { fact: 'f', operator: 'notIn', value: ['deprecated'] },
      'production',
      true,
    ],
    [
      'notIn scalar',
      { fact: 'f', operator: 'notIn', value: ['deprecated'] },
      'deprecated',
      false,
    ],
    [
      'in: every item listed',
      { fact: 'f', operator: 'in', value: ['go', 'typescript'] },
      ['go'],
      true,
    ],
    [
      'in: an item not listed',
      { fact: 'f', operator: 'in', value: ['go'] },
      ['go', 'cobol'],
      false,
    ],
    [
      'in: an empty list holds',
      { fact: 'f', operator: 'in', value: ['go'] },
      [],
      true,
    ],
    [
      'notIn: no item listed',
      { fact: 'f', operator: 'notIn', value: ['cobol'] },
      ['go'],
      true,
    ],
    [
      'notIn: an item listed',
      { fact: 'f', operator: 'notIn', value: ['cobol'] },
      ['go', 'cobol'],
      false,
    ],
    [
      'contains element',
      { fact: 'f', operator: 'contains', value: 'go' },
      ['go', 'java'],
      true,
    ],
    [
      'contains element',
      { fact: 'f', operator: 'contains', value: 'go' },
      ['golang'],
      false,
    ],
    [
      'contains substring',
      { fact: 'f', operator: 'contains', value: 'pager' },
      'https://pager.example',
      true,
    ],
    [
      'contains substring',
      { fact: 'f', operator: 'contains', value: 'pager' },
      'rota',
      false,
    ],
    [
      'doesNotContain element',
      { fact: 'f', operator: 'doesNotContain', value: 'go' },
      ['java'],
      true,
    ],
    [
      'doesNotContain substring',
      { fact: 'f', operator: 'doesNotContain', value: 'tbd' },
      'tbd later',
      false,
    ],
    [
      'matches',
      { fact: 'f', operator: 'matches', value: '^https://' },
      'https://x',
      true,
    ],
    [
      'matches',
      { fact: 'f', operator: 'matches', value: '^https://' },
      'http://x',
      false,
    ],
    ['exists', { fact: 'f', operator: 'exists' }, 'x', true],
    ['exists with false', { fact: 'f', operator: 'exists' }, false, true],
    ['exists with null', { fact: 'f', operator: 'exists' }, null, false],
    ['notExists with null', { fact: 'f', operator: 'notExists' }, null, true],
    ['notExists with a value', { fact: 'f', operator: 'notExists' }, 0, false],
  ])('%s: %j on %j -> %s', (_, condition, value, expected) => {
    expect(holds(condition, { f: value })).toBe(expected);
  });

  it('fails every comparison on a collected null, except notExists', () => {
    for (const condition of [
      { fact: 'f', operator: 'equal', value: true },
      { fact: 'f', operator: 'notEqual', value: 'x' },
      { fact: 'f', operator: 'notIn', value: ['x'] },
      { fact: 'f', operator: 'doesNotContain', value: 'x' },
      { fact: 'f', operator: 'lessThan', value: 1 },
    ] as Condition[]) {
      const evaluation = evaluateCondition(condition, { f: null });
      expect(evaluation).toMatchObject({ result: false, missing: [] });
      expect(evaluation.explanation).toMatch(/^f has no value, expected /);
    }
  });
});

describe('evaluateCondition: explanations', () => {
  it('says what the fact is and what was expected', () => {
    expect(
      evaluateCondition(
        { fact: 'catalog.hasRunbook', operator: 'equal', value: true },
        { 'catalog.hasRunbook': false },
      ),
    ).toEqual({
      result: false,
      missing: [],
      explanation: 'catalog.hasRunbook is false, expected true',
      problems: [],
    });
    expect(
      evaluateCondition(
        { fact: 'catalog.hasRunbook', operator: 'equal', value: true },
        { 'catalog.hasRunbook': true },
      ).explanation,
    ).toBe('catalog.hasRunbook is true');
    expect(
      evaluateCondition(
        { fact: 'adr.count', operator: 'greaterThanInclusive', value: 1 },
        { 'adr.count': 3 },
      ).explanation,
    ).toBe('adr.count is 3 (at least 1)');
    expect(
      evaluateCondition(
        { fact: 'catalog.lifecycle', operator: 'in', value: ['production'] },
        { 'catalog.lifecycle': 'experimental' },
      ).explanation,
    ).toBe(
      'catalog.lifecycle is "experimental", expected one of ["production"]',
    );
  });

  it('says a missing fact was never collected and lists it', () => {
    expect(
      evaluateCondition(
        { fact: 'repository.hasDockerfile', operator: 'equal', value: true },
        {},
      ),
    ).toEqual({
      result: false,
      missing: ['repository.hasDockerfile'],
      explanation: 'repository.hasDockerfile was never collected',
      problems: [],
    });
    expect(
      evaluateCondition({ fact: 'x', operator: 'notExists' }, { x: undefined }),
    ).toEqual({
      result: true,
      missing: ['x'],
      explanation: 'x was never collected (no value, as required)',
      problems: [],
    });
  });

  it('explains all, any and not, naming the parts that decided', () => {
    const condition: Condition = {
      all: [
        { fact: 'a', operator: 'equal', value: true },
        {
          any: [
            { fact: 'b', operator: 'greaterThan', value: 0 },
            { fact: 'c', operator: 'exists' },
          ],
        },
        { not: { fact: 'd', operator: 'equal', value: 'deprecated' } },
      ],
    };
    const failing = evaluateCondition(condition, {
      a: true,
      b: 0,
      d: 'deprecated',
    });
    expect(failing).toEqual({
      result: false,
      missing: ['c'],
      explanation:
        'all of (2 of 3 did not hold): ' +
        '[any of (none held): b is 0, expected more than 0; c was never collected]; ' +
        '[not [d is "deprecated"]: it held]',
      problems: [],
    });
    const passing = evaluateCondition(condition, {
      a: true,
      b: 2,
      c: null,
      d: 'production',
    });
    expect(passing).toEqual({
      result: true,
      missing: [],
      explanation:
        'all of (all held): a is true; ' +
        '[any of (1 of 2 held): b is 2 (more than 0)]; ' +
        '[not [d is "production", expected "deprecated"]: it did not hold]',
      problems: [],
    });
  });

  it('evaluates every branch, so every missing fact is listed', () => {
    expect(
      evaluateCondition(
        {
          any: [
            { fact: 'a', operator: 'equal', value: true },
            { fact: 'z', operator: 'exists' },
            { fact: 'm', operator: 'exists' },
          ],
        },
        { a: true },
      ).missing,
    ).toEqual(['m', 'z']);
  });

  it('cuts long values in explanations', () => {
    const explanation = evaluateCondition(
      { fact: 'f', operator: 'equal', value: 'x' },
      { f: 'y'.repeat(5000) },
    ).explanation;
    expect(explanation.length).toBeLessThan(200);
  });
});

describe('evaluateCondition: problems instead of exceptions', () => {
  it('reports a fact of the wrong type as a problem, not a failure', () => {
    expect(
      evaluateCondition(
        { fact: 'adr.count', operator: 'greaterThan', value: 0 },
        { 'adr.count': '3' },
      ),
    ).toEqual({
      result: false,
      missing: [],
      explanation:
        'adr.count is "3" (a string), but greaterThan needs a number',
      problems: ['adr.count is "3" (a string), but greaterThan needs a number'],
    });
    for (const [condition, value] of [
      [{ fact: 'f', operator: 'equal', value: true }, 'true'],
      [{ fact: 'f', operator: 'equal', value: ['a'] }, 'a'],
      [{ fact: 'f', operator: 'in', value: [1] }, ['1']],
      [{ fact: 'f', operator: 'contains', value: 'a' }, 1],
      [{ fact: 'f', operator: 'matches', value: 'a' }, ['a']],
      [{ fact: 'f', operator: 'lessThan', value: 1 }, NaN],
    ] as Array<[Condition, FactValue]>) {
      const evaluation = evaluateCondition(condition, { f: value });
      expect(evaluation.result).toBe(false);
      expect(evaluation.problems).toHaveLength(1);
    }
  });

  it('does not let not() turn a problem into a pass', () => {
    const evaluation = evaluateCondition(
      { not: { fact: 'f', operator: 'equal', value: true } },
      { f: 'yes' },
    );
    expect(evaluation.result).toBe(false);
    expect(evaluation.problems).toHaveLength(1);
  });

  it('reports malformed hand-built conditions', () => {
    for (const condition of [
      null,
      42,
      { all: [] },
      { nothing: true },
      { fact: 'f', operator: 'bogus', value: 1 },
      { fact: 'f', operator: 'matches', value: '(' },
      { fact: 'f', operator: 'in', value: [] },
    ]) {
      const evaluation = evaluateCondition(condition as unknown as Condition, {
        f: 'x',
      });
      expect(evaluation.result).toBe(false);
      expect(evaluation.problems.length).toBeGreaterThan(0);
    }
  });

  it('stops on a cyclic hand-built condition', () => {
    const cyclic: { not?: unknown } = {};
    cyclic.not = cyclic;
    const evaluation = evaluateCondition(cyclic as Condition, {});
    expect(evaluation.result).toBe(false);
    expect(evaluation.problems[0]).toContain('nests deeper');
  });

  it('reads only own fact properties', () => {
    expect(
      evaluateCondition({ fact: 'constructor', operator: 'exists' }, {})
        .missing,
    ).toEqual(['constructor']);
  });
});

describe('evaluateCondition: properties', () => {
  const factValue: fc.Arbitrary<FactValue | undefined> = fc.oneof(
    fc.boolean(),
    fc.double(),
    fc.string({ maxLength: 12 }),
    fc.array(fc.string({ maxLength: 4 }), { maxLength: 4 }),
    fc.constant(null),
    fc.constant(undefined),
  );
  const factIds = [...FACTS.keys()];
  const facts = fc.dictionary(fc.constantFrom(...factIds), factValue);

  /** Valid conditions over the fixture facts, through parseCondition. */
  const leaf: fc.Arbitrary<Condition> = fc
    .record({
      fact: fc.constantFrom(...factIds),
      operator: fc.constantFrom(
        'equal',
        'notEqual',
        'greaterThan',
        'lessThanInclusive',
        'in',
        'notIn',
        'contains',
        'matches',
        'exists',
        'notExists',
      ),
      value: fc.oneof(
        fc.boolean(),
        fc.integer(),
        fc.constantFrom('go', 'production', '^h', '[a-z]+'),
        fc.constant(['go', 'production']),
        fc.constant(undefined),
      ),
    })
    .map(raw => {
      const { value, ...rest } = raw;
      const candidate = value === undefined ? rest : raw;
      return parseCondition(candidate, { path: '', facts: FACTS }).condition;
    })
    .filter((c): c is Condition => c !== undefined);
  const { condition } = fc.letrec<{ condition: Condition }>(tie => ({
    condition: fc.oneof(
      { depthSize: 'small', withCrossShrink: true },
      leaf,
      fc
        .array(tie('condition'), { minLength: 1, maxLength: 3 })
        .map(all => ({ all })),
      fc
        .array(tie('condition'), { minLength: 1, maxLength: 3 })
        .map(any => ({ any })),
      tie('condition').map(not => ({ not })),
    ),
  }));

  it('never throws for arbitrary facts, and lists only facts it read', () => {
    fc.assert(
      fc.property(condition, facts, (c, f) => {
        const evaluation = evaluateCondition(c, f);
        expect(typeof evaluation.result).toBe('boolean');
        expect(evaluation.explanation).not.toBe('');
        for (const id of evaluation.missing) expect(f[id]).toBeUndefined();
        expect(evaluation.problems.length > 0 && evaluation.result).toBe(false);
      }),
    );
  });

  it('not() negates when there is no problem', () => {
    fc.assert(
      fc.property(condition, facts, (c, f) => {
        const plain = evaluateCondition(c, f);
        fc.pre(plain.problems.length === 0);
        const negated = evaluateCondition({ not: c }, f);
        expect(negated.result).toBe(!plain.result);
        expect(negated.missing).toEqual(plain.missing);
      }),
    );
  });

  it('all/any agree with every/some of their parts', () => {
    fc.assert(
      fc.property(
        fc.array(condition, { minLength: 1, maxLength: 4 }),
        facts,
        (parts, f) => {
          const results = parts.map(p => evaluateCondition(p, f));
          if (results.some(r => r.problems.length > 0)) return;
          expect(evaluateCondition({ all: parts }, f).result).toBe(
            results.every(r => r.result),
          );
          expect(evaluateCondition({ any: parts }, f).result).toBe(
            results.some(r => r.result),
          );
        },
      ),
    );
  });
});
