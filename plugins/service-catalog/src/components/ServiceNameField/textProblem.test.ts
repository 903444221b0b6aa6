import { textProblem } from './textProblem';

describe('textProblem', () => {
  const rules = {
    required: true,
    requiredMessage: 'Enter one sentence on what the service does.',
    minLength: 3,
    maxLength: 200,
  };

  it.each([
    ['Café orders: history & more!'],
    ['"quoted", 100 % <b>'],
    ['12345'],
    ['null'],
  ])('accepts any printable text: %s', value => {
    expect(textProblem(value, rules)).toBeUndefined();
  });

  it('says what is wrong in plain words, never a regular expression', () => {
    expect(textProblem('', rules)).toBe(
      'Enter one sentence on what the service does.',
    );
    expect(textProblem('  ', { required: true }, 'Description')).toBe(
      'Enter description.',
    );
    expect(textProblem('ab', rules)).toBe(
      'Write at least 3 characters (now 2).',
    );
    expect(textProblem('x'.repeat(201), rules)).toBe(
      'Write at most 200 characters (now 201).',
    );
    expect(textProblem('a\nb', rules)).toBe(
      'Use one line of text, without tabs or line breaks.',
    );
    expect(
      textProblem('Bad_Name', {
        pattern: '^[a-z][a-z0-9-]*[a-z0-9]$',
        patternMessage: 'Use lower-case letters, digits and dashes.',
      }),
    ).toBe('Use lower-case letters, digits and dashes.');
    expect(textProblem('', { pattern: '^x$' })).toBeUndefined();
  });
});
