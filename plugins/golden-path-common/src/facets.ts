/**
 * A value of a filter with how many rows have it.
 * @public
 */
export type FacetCount = { value: string; count: number };

/**
 * The owner team and system choices of an org page's filter pickers, each
 * counted over every service the user may read whatever the filters, so a
 * second owner can be added to a filtered page.
 * @public
 */
export type ServiceChoices = { owner: FacetCount[]; system: FacetCount[] };

/**
 * Each distinct non-empty value of `key` with how many rows have it, most
 * common first, then by value.
 * @public
 */
export function facetCounts<K extends string>(
  rows: Iterable<Partial<Record<K, string | null>>>,
  key: K,
): FacetCount[] {
  const counts = new Map<string, number>();
  for (const row of rows) {
    const value = row[key];
    if (value) counts.set(value, (counts.get(value) ?? 0) + 1);
  }
  return [...counts.entries()]
    .map(([value, count]) => ({ value, count }))
    .sort((a, b) => b.count - a.count || (a.value < b.value ? -1 : 1));
}

/**
 * The {@link ServiceChoices} of `services`.
 * @public
 */
export function serviceChoices(
  services: ReadonlyArray<{ owner: string | null; system: string | null }>,
): ServiceChoices {
  return {
    owner: facetCounts(services, 'owner'),
    system: facetCounts(services, 'system'),
  };
}
