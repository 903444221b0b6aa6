/**
 * A value of a filter with how many rows have it.
 * @public
 */
export type FacetCount = { value: string; count: number };

/**
 * Each distinct non-empty value of `key` with how many rows have it, most
 * common first, then by value.
 * @public
 */
export function facetCounts<K extends string>(
  rows: ReadonlyArray<Partial<Record<K, string | null>>>,
  key: K,
): FacetCount[] {
  const counts = new Map<string, number>();
  for (const row of rows) {
    const value = row[key];
    if (value) counts.set(value, (counts.get(value) ?? 0) + 1);
  }
  return [...counts.entries()]
    .map(([value, count]) => ({ value, count }))
    .sort((a, b) => b.count - a.count || a.value.localeCompare(b.value));
}
