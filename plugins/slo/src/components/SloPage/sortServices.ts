import type { SloServiceRow } from '@golden-path/plugin-slo-common';
import type { ServiceSortKey } from './sloPageSearchParams';

function sortValue(row: SloServiceRow, key: ServiceSortKey): number | null {
  const value = key === 'budget' ? row.budgetRemaining : row.burnRate;
  return value !== null && Number.isFinite(value) ? value : null;
}

/**
 * The services in table order: by remaining budget or burn rate, services
 * without a number (no data, error) always last whatever the direction, ties
 * by entity ref so the order is stable between refreshes.
 */
export function sortServices(
  rows: SloServiceRow[],
  key: ServiceSortKey,
  order: 'asc' | 'desc',
): SloServiceRow[] {
  const direction = order === 'asc' ? 1 : -1;
  return [...rows].sort((a, b) => {
    const va = sortValue(a, key);
    const vb = sortValue(b, key);
    if (va === null && vb !== null) return 1;
    if (vb === null && va !== null) return -1;
    if (va !== null && vb !== null && va !== vb) {
      return (va - vb) * direction;
    }
    return a.entityRef.localeCompare(b.entityRef);
  });
}
