import { formatByteSize } from './formatByteSize';

describe('formatByteSize', () => {
  it.each([
    [0, '0 bytes'],
    [1, '1 byte'],
    [500, '500 bytes'],
    [1023, '1023 bytes'],
    [1024, '1 kB'],
    [1536, '1.5 kB'],
    [10 * 1024, '10 kB'],
    [16 * 1024, '16 kB'],
    [100 * 1024, '100 kB'],
    [4 * 1024 * 1024, '4 MB'],
    [10 * 1024 * 1024, '10 MB'],
    [2 * 1024 ** 3, '2 GB'],
  ])('formats %d bytes as %s', (bytes, text) => {
    expect(formatByteSize(bytes)).toBe(text);
  });

  it.each([-1, NaN, Infinity])('refuses %d', bytes => {
    expect(() => formatByteSize(bytes)).toThrow(RangeError);
  });
});
