/** The extension id of the tier filter (`catalogTierFilter` in alpha.tsx). */
export const TIER_FILTER_ID = 'catalog-filter:service-catalog/tier';

/** The filters the tier filter goes right after, the first one present wins. */
const AFTER = ['catalog-filter:catalog/type', 'catalog-filter:catalog/kind'];

/**
 * The catalog page's filters with the tier filter moved up, right after the
 * type filter (or the kind filter), where it is seen without scrolling: the
 * frontend system attaches plugin filters after Backstage's own seven.
 */
export function placeTierFilter<T extends { node: { spec: { id: string } } }>(
  filters: T[],
): T[] {
  const tier = filters.filter(f => f.node.spec.id === TIER_FILTER_ID);
  if (tier.length === 0) {
    return filters;
  }
  const rest = filters.filter(f => f.node.spec.id !== TIER_FILTER_ID);
  const anchor = AFTER.map(id =>
    rest.findIndex(f => f.node.spec.id === id),
  ).find(index => index !== -1);
  const at = anchor === undefined ? 0 : anchor + 1;
  return [...rest.slice(0, at), ...tier, ...rest.slice(at)];
}
