import { formatFactValue } from './formatFactValue';

describe('formatFactValue', () => {
  it.each([
    [true, 'true'],
    [0, '0'],
    [2.5, '2.5'],
    ['production', '"production"'],
    ['say "hi"', '"say \\"hi\\""'],
    [['go', 'ts'], '["go", "ts"]'],
    [[], '[]'],
    [[1, 2], '[1, 2]'],
    [null, 'no value'],
    [undefined, 'no value'],
  ])('shows %j as %s', (value, text) => {
    expect(formatFactValue(value)).toBe(text);
  });

  it('cuts long text and long lists', () => {
    expect(formatFactValue('x'.repeat(500))).toBe(`"${'x'.repeat(80)}…"`);
    expect(formatFactValue(['a', 'b', 'c', 'd', 'e', 'f', 'g'])).toBe(
      '["a", "b", "c", "d", "e", … (2 more)]',
    );
  });
});
