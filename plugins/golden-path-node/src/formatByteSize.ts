/**
 * A byte count as people write it: `1 kB`, `16 kB`, `4 MB`, `1.5 kB`,
 * `500 bytes`. Units are 1024-based, as body-parser reads `limit: '16kb'`,
 * so a limit reads back as it was configured.
 * @public
 */
export function formatByteSize(bytes: number): string {
  if (!Number.isFinite(bytes) || bytes < 0) {
    throw new RangeError(`formatByteSize: ${bytes} is not a byte count`);
  }
  const units: Array<[string, number]> = [
    ['GB', 1024 ** 3],
    ['MB', 1024 ** 2],
    ['kB', 1024],
  ];
  for (const [unit, size] of units) {
    if (bytes >= size) {
      // One decimal at most, and none when it is .0: 16 kB, 1.5 kB.
      return `${Number((bytes / size).toFixed(1))} ${unit}`;
    }
  }
  return bytes === 1 ? '1 byte' : `${bytes} bytes`;
}
