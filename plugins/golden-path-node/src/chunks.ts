/**
 * Splits a list into consecutive slices of at most `size` items (the last
 * may be shorter), so bulk inserts and `IN (...)` lists stay under the
 * databases' parameter limits.
 * @public
 */
export function chunks<T>(items: readonly T[], size: number): T[][] {
  if (!Number.isInteger(size) || size < 1) {
    throw new RangeError(`chunk size must be a positive integer, got ${size}`);
  }
  const out: T[][] = [];
  for (let i = 0; i < items.length; i += size) {
    out.push(items.slice(i, i + size));
  }
  return out;
}
