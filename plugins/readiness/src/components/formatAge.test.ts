import { formatAge, formatDay } from './formatAge';

const now = Date.parse('2026-03-30T12:00:00.000Z');

describe('formatAge', () => {
  it('says how long ago in the largest whole unit', () => {
    expect(formatAge('2026-03-30T11:59:30.000Z', now)).toBe('just now');
    expect(formatAge('2026-03-30T11:57:00.000Z', now)).toBe('3 min ago');
    expect(formatAge('2026-03-30T11:00:01.000Z', now)).toBe('59 min ago');
    expect(formatAge('2026-03-30T07:00:00.000Z', now)).toBe('5 h ago');
    expect(formatAge('2026-03-29T11:00:00.000Z', now)).toBe('1 day ago');
    expect(formatAge('2026-03-18T12:00:00.000Z', now)).toBe('12 days ago');
  });

  it('handles the future, null and garbage without NaN', () => {
    expect(formatAge('2026-03-30T12:00:20.000Z', now)).toBe('just now');
    expect(formatAge('2026-03-30T12:05:00.000Z', now)).toBe('in 5 min');
    expect(formatAge('2026-03-30T15:00:00.000Z', now)).toBe('in 3 h');
    expect(formatAge(null, now)).toBe('never');
    expect(formatAge('yesterday', now)).toBe('unknown');
  });
});

describe('formatDay', () => {
  it('gives the UTC day, or the input when it is not a time', () => {
    expect(formatDay('2026-03-30T23:30:00.000-02:00')).toBe('2026-03-31');
    expect(formatDay('soon')).toBe('soon');
  });
});
