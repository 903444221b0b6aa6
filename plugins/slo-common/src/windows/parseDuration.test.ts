import {
  durationMilliseconds,
  parseDuration,
  parseDurationShorthand,
} from './parseDuration';

describe('parseDuration', () => {
  it.each([
    ['30m', 30 * 60_000],
    ['1h', 3_600_000],
    ['28d', 28 * 86_400_000],
    ['1w', 7 * 86_400_000],
  ])('reads %s', (text, ms) => {
    expect(parseDuration(text)).toEqual({ ok: true, value: ms });
  });

  it.each([
    '',
    '0d',
    '1.5h',
    '-1d',
    '1s',
    '28 d',
    'd',
    '1D',
    '01d',
    '99999999d',
  ])('rejects %p', text => {
    const result = parseDuration(text);
    expect(result.ok).toBe(false);
  });

  it('rejects values that are not text', () => {
    expect(parseDuration(28)).toEqual({
      ok: false,
      error: 'must be a duration such as "28d" or "1h", got 28',
    });
  });

  it('reads months, quarters and years but gives them no fixed length', () => {
    const month = parseDurationShorthand('1M');
    expect(month).toEqual({
      ok: true,
      value: { amount: 1, unit: 'M', text: '1M' },
    });
    expect(month.ok && durationMilliseconds(month.value)).toBeNull();
    const result = parseDuration('1Q');
    expect(result.ok).toBe(false);
    expect(!result.ok && result.error).toMatch(/no fixed length/);
  });
});
