import { chunks } from './chunks';

describe('chunks', () => {
  it('splits into slices of the size, the last one shorter', () => {
    expect(chunks([1, 2, 3, 4, 5], 2)).toEqual([[1, 2], [3, 4], [5]]);
    expect(chunks([1, 2, 3, 4], 2)).toEqual([
      [1, 2],
      [3, 4],
    ]);
    expect(chunks(['a'], 500)).toEqual([['a']]);
  });

  it('gives no slices for an empty list', () => {
    expect(chunks([], 3)).toEqual([]);
  });

  it('keeps every item once, in order', () => {
    const items = Array.from({ length: 1234 }, (_, i) => i);
    const parts = chunks(items, 500);
    expect(parts.map(part => part.length)).toEqual([500, 500, 234]);
    expect(parts.flat()).toEqual(items);
  });

  it('refuses a size that would loop forever or skip items', () => {
    expect(() => chunks([1], 0)).toThrow(/positive integer, got 0/);
    expect(() => chunks([1], -1)).toThrow(RangeError);
    expect(() => chunks([1], 1.5)).toThrow(RangeError);
  });
});
