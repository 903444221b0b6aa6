import fc from 'fast-check';
import { FACTS } from '../__fixtures__/facts';
import { parseCondition } from './parseCondition';

function parse(raw: unknown) {
  return parseCondition(raw, { path: 'condition', facts: FACTS });
}

function errorsOf(raw: unknown) {
  const result = parse(raw);
  expect(result.condition).toBeUndefined();
  return result.errors;
}

describe('parseCondition: valid conditions', () => {
  it('reads a fact comparison', () => {
    expect(
      parse({ fact: 'catalog.hasRunbook', operator: 'equal', value: true }),
    ).toEqual({
      condition: { fact: 'catalog.hasRunbook', operator: 'equal', value: true },
      errors: [],
    });
  });

  it('reads all, any and not, nested', () => {
    const raw = {
      all: [
        { fact: 'adr.count', operator: 'greaterThanInclusive', value: 1 },
        {
          any: [
            {
              fact: 'catalog.lifecycle',
              operator: 'in',
              value: ['production'],
            },
            { not: { fact: 'catalog.onCall', operator: 'exists' } },
          ],
        },
      ],
    };
    expect(parse(raw)).toEqual({ condition: raw, errors: [] });
  });

  it.each([
    ['equal on a number', { fact: 'adr.count', operator: 'equal', value: 0 }],
    [
      'notEqual on a string',
      { fact: 'catalog.lifecycle', operator: 'notEqual', value: '' },
    ],
    [
      'equal on a string list',
      { fact: 'repository.languages', operator: 'equal', value: ['go'] },
    ],
    ['lessThan', { fact: 'adr.count', operator: 'lessThan', value: 2.5 }],
    ['in numbers', { fact: 'adr.count', operator: 'in', value: [1, 2] }],
    [
      'in booleans',
      { fact: 'catalog.hasRunbook', operator: 'in', value: [true] },
    ],
    [
      'in strings on a list fact',
      { fact: 'repository.languages', operator: 'notIn', value: ['cobol'] },
    ],
    [
      'contains on a list fact',
      { fact: 'repository.languages', operator: 'contains', value: 'go' },
    ],
    [
      'contains on a string fact',
      { fact: 'catalog.onCall', operator: 'doesNotContain', value: 'tbd' },
    ],
    [
      'matches',
      { fact: 'catalog.onCall', operator: 'matches', value: '^https://' },
    ],
    ['notExists', { fact: 'catalog.onCall', operator: 'notExists' }],
  ])('accepts %s', (_, raw) => {
    expect(parse(raw)).toEqual({ condition: raw, errors: [] });
  });

  it('drops nothing and adds nothing to the value', () => {
    const value = ['go', 'typescript'];
    const result = parse({
      fact: 'repository.languages',
      operator: 'in',
      value,
    });
    expect(result.condition).toEqual({
      fact: 'repository.languages',
      operator: 'in',
      value,
    });
    expect((result.condition as { value: unknown }).value).not.toBe(value);
  });
});

describe('parseCondition: unknown facts, operators and fields', () => {
  it('names an unknown fact and suggests the close one', () => {
    expect(
      errorsOf({ fact: 'catalog.hasRunbok', operator: 'equal', value: true }),
    ).toEqual([
      {
        path: 'condition.fact',
        message: expect.stringContaining(
          'unknown fact "catalog.hasRunbok" (did you mean "catalog.hasRunbook"?); known facts: adr.count, catalog.hasRunbook',
        ),
      },
    ]);
  });

  it('says an attestation fact belongs to an attestable check', () => {
    expect(
      errorsOf({ fact: 'attestation.x', operator: 'equal', value: true })[0]
        .message,
    ).toContain('only for a check that sets attestation.validDays');
  });

  it('names an unknown operator and suggests the close one', () => {
    expect(
      errorsOf({ fact: 'adr.count', operator: 'equals', value: 1 }),
    ).toEqual([
      {
        path: 'condition.operator',
        message: expect.stringMatching(
          /^unknown operator "equals" \(did you mean "equal"\?\); expected one of equal, notEqual/,
        ),
      },
    ]);
  });

  it('requires fact and operator', () => {
    expect(errorsOf({ value: 1 }).map(e => e.path)).toEqual([
      'condition.fact',
      'condition.operator',
    ]);
  });

  it('refuses a misspelt field instead of ignoring it', () => {
    expect(
      errorsOf({ fact: 'adr.count', operator: 'exists', vaule: 1 }),
    ).toEqual([
      {
        path: 'condition',
        message: expect.stringContaining(
          'unknown field "vaule" (did you mean "value"?)',
        ),
      },
    ]);
  });

  it('refuses a fact that is not text', () => {
    expect(errorsOf({ fact: 3, operator: 'exists' })[0]).toEqual({
      path: 'condition.fact',
      message: 'must be a fact id such as "catalog.hasRunbook", got 3',
    });
  });
});

describe('parseCondition: malformed shapes', () => {
  it.each([
    [null, 'condition', 'must be a condition'],
    ['catalog.hasRunbook', 'condition', 'must be a condition'],
    [[], 'condition', 'must be a condition'],
    [{}, 'condition', 'is empty'],
    [{ all: [] }, 'condition.all', 'must have at least one condition'],
    [{ any: [] }, 'condition.any', 'must have at least one condition'],
    [{ any: {} }, 'condition.any', 'must be a list of conditions'],
    [{ not: [] }, 'condition.not', 'must be a condition'],
    [{ not: null }, 'condition.not', 'must be a condition'],
  ])('refuses %j', (raw, path, message) => {
    const errors = errorsOf(raw);
    expect(errors).toHaveLength(1);
    expect(errors[0].path).toBe(path);
    expect(errors[0].message).toContain(message);
  });

  it('refuses two keys beside a combinator', () => {
    expect(
      errorsOf({
        all: [{ fact: 'adr.count', operator: 'exists' }],
        any: [{ fact: 'adr.count', operator: 'exists' }],
      }),
    ).toEqual([
      {
        path: 'condition',
        message: expect.stringContaining(
          'must have exactly one key when it uses all, got "all" and "any"',
        ),
      },
    ]);
    expect(
      errorsOf({ fact: 'adr.count', operator: 'exists', not: {} })[0].message,
    ).toContain('must have exactly one key when it uses not');
  });

  it('reports every broken child with its path', () => {
    const errors = errorsOf({
      all: [
        { fact: 'adr.count', operator: 'exists' },
        { fact: 'nope', operator: 'exists' },
        { any: [{ not: { fact: 'adr.count', operator: 'bad' } }] },
      ],
    });
    expect(errors.map(e => e.path)).toEqual([
      'condition.all[1].fact',
      'condition.all[2].any[0].not.operator',
    ]);
  });

  it('refuses nesting deeper than 10 levels, and accepts 10', () => {
    const nest = (levels: number): unknown => {
      let node: unknown = { fact: 'adr.count', operator: 'exists' };
      for (let i = 1; i < levels; i++) node = { not: node };
      return node;
    };
    expect(parse(nest(10)).errors).toEqual([]);
    const errors = errorsOf(nest(11));
    expect(errors).toEqual([
      {
        path: `condition${'.not'.repeat(10)}`,
        message: expect.stringContaining('nests deeper than 10 levels'),
      },
    ]);
  });

  it('refuses more than 100 nodes with one error', () => {
    const leaf = { fact: 'adr.count', operator: 'exists' };
    expect(parse({ any: Array(99).fill(leaf) }).errors).toEqual([]);
    const errors = errorsOf({ any: Array(100).fill(leaf) });
    expect(errors).toEqual([
      {
        path: 'condition',
        message: expect.stringContaining('has more than 100 conditions'),
      },
    ]);
    expect(errorsOf({ any: Array(100000).fill(leaf) })).toHaveLength(1);
  });

  it('uses the path it is given, even an empty one', () => {
    expect(
      parseCondition(
        { fact: 'x', operator: 'exists' },
        { path: '', facts: FACTS },
      ).errors[0].path,
    ).toBe('fact');
  });
});

describe('parseCondition: values against operators and fact types', () => {
  it.each([
    [
      { fact: 'catalog.hasRunbook', operator: 'equal', value: 'yes' },
      'condition.value',
      'must be true or false (catalog.hasRunbook is a boolean fact), got "yes"',
    ],
    [
      { fact: 'catalog.hasRunbook', operator: 'equal' },
      'condition.value',
      'is required with equal',
    ],
    [
      { fact: 'catalog.onCall', operator: 'equal', value: null },
      'condition.value',
      'must not be null; use exists or notExists to test whether catalog.onCall has a value',
    ],
    [
      { fact: 'adr.count', operator: 'equal', value: '3' },
      'condition.value',
      'must be a number (adr.count is a number fact), got "3"',
    ],
    [
      { fact: 'adr.count', operator: 'equal', value: Infinity },
      'condition.value',
      'must be a number',
    ],
    [
      { fact: 'catalog.hasRunbook', operator: 'greaterThan', value: 1 },
      'condition.operator',
      'greaterThan compares numbers, but catalog.hasRunbook is a boolean fact',
    ],
    [
      { fact: 'adr.count', operator: 'greaterThan', value: true },
      'condition.value',
      'must be a number (adr.count is a number fact), got true',
    ],
    [
      { fact: 'adr.count', operator: 'in', value: 1 },
      'condition.value',
      'must be a list of numbers for in',
    ],
    [
      { fact: 'adr.count', operator: 'in', value: [] },
      'condition.value',
      'must have at least one item for in',
    ],
    [
      { fact: 'adr.count', operator: 'notIn', value: [1, '2'] },
      'condition.value[1]',
      'must be a number',
    ],
    [
      { fact: 'repository.languages', operator: 'in', value: [1] },
      'condition.value[0]',
      'must be text (repository.languages is a list of strings fact), got 1',
    ],
    [
      { fact: 'repository.languages', operator: 'equal', value: 'go' },
      'condition.value',
      'must be a list of strings',
    ],
    [
      { fact: 'repository.languages', operator: 'contains', value: ['go'] },
      'condition.value',
      'must be text',
    ],
    [
      { fact: 'catalog.onCall', operator: 'contains', value: '' },
      'condition.value',
      'must not be empty',
    ],
    [
      { fact: 'adr.count', operator: 'contains', value: '1' },
      'condition.operator',
      'contains works on string and string-list facts, but adr.count is a number fact',
    ],
    [
      { fact: 'repository.languages', operator: 'matches', value: 'go' },
      'condition.operator',
      'matches works on string facts, but repository.languages is a list of strings fact',
    ],
    [
      { fact: 'catalog.onCall', operator: 'matches', value: 3 },
      'condition.value',
      'must be a regular expression (text) for matches, got 3',
    ],
    [
      { fact: 'catalog.onCall', operator: 'exists', value: true },
      'condition.value',
      'must be left out: exists takes no value',
    ],
    [
      { fact: 'catalog.onCall', operator: 'notExists', value: null },
      'condition.value',
      'must be left out: notExists takes no value',
    ],
    [
      { fact: 'catalog.onCall', operator: 'equal', value: 'x'.repeat(1001) },
      'condition.value',
      'must be at most 1000 characters, got 1001',
    ],
    [
      { fact: 'adr.count', operator: 'in', value: Array(101).fill(1) },
      'condition.value',
      'must have at most 100 items, got 101',
    ],
  ])('refuses %j', (raw, path, message) => {
    const errors = errorsOf(raw);
    expect(errors).toHaveLength(1);
    expect(errors[0].path).toBe(path);
    expect(errors[0].message).toContain(message);
  });

  it("reports an invalid pattern with the engine's message", () => {
    const source = '(unclosed';
    const errors = errorsOf({
      fact: 'catalog.onCall',
      operator: 'matches',
      value: source,
    });
    let engine = '';
    try {
      // eslint-disable-next-line no-new
      new RegExp(source);
    } catch (error) {
      engine = (error as Error).message;
    }
    expect(engine).not.toBe('');
    expect(errors).toEqual([
      {
        path: 'condition.value',
        message: `is not a valid regular expression: ${engine}`,
      },
    ]);
  });
});

describe('parseCondition: arbitrary input', () => {
  it('never throws, and returns a condition exactly when there is no error', () => {
    const key = fc.constantFrom(
      'fact',
      'operator',
      'value',
      'all',
      'any',
      'not',
      'other',
    );
    const leaf = fc.oneof(
      fc.constantFrom(...FACTS.keys(), 'unknown.fact', 'equal', 'matches'),
      fc.constantFrom('(', '^a$', 'exists', 'in', 'greaterThan'),
      fc.integer(),
      fc.boolean(),
      fc.constant(null),
    );
    const { tree } = fc.letrec(tie => ({
      tree: fc.oneof(
        { depthSize: 'small', withCrossShrink: true },
        leaf,
        fc.array(tie('tree'), { maxLength: 4 }),
        fc.dictionary(key, tie('tree'), { maxKeys: 3 }),
      ),
    }));
    fc.assert(
      fc.property(tree, raw => {
        const result = parse(raw);
        expect(result.errors.length === 0).toBe(result.condition !== undefined);
        for (const error of result.errors) {
          expect(error.path.startsWith('condition')).toBe(true);
          expect(error.message).not.toBe('');
        }
      }),
    );
  });
});
