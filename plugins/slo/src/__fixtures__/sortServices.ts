import { TIER_NAMES } from '@golden-path/plugin-golden-path-common';
import type {
  SloServiceRow,
  SloServiceSortKey as ServiceSortKey,
  SloStatus,
} from '@golden-path/plugin-slo-common';

/** Worst first when sorted ascending: what needs attention on top. */
const STATUS_ORDER: Record<SloStatus, number> = {
  error: 0,
  breaching: 1,
  warning: 2,
  'no-data': 3,
  ok: 4,
};

/** What a row shows in each column, for sorting; null sorts last. */
export type SortLabels = {
  /** The service's shown name (its title). */
  service: (row: SloServiceRow) => string;
  /** The owner's shown name (its title); null without an owner. */
  owner: (row: SloServiceRow) => string | null;
};

const DEFAULT_LABELS: SortLabels = {
  service: row => row.title ?? row.entityRef.replace(/^[^/]*\//, ''),
  owner: row => (row.owner ? row.owner.replace(/^[^/]*\//, '') : null),
};

function sortValue(
  row: SloServiceRow,
  key: ServiceSortKey,
  labels: SortLabels,
): number | string | null {
  switch (key) {
    case 'service':
      return labels.service(row).toLocaleLowerCase();
    case 'owner':
      return labels.owner(row)?.toLocaleLowerCase() ?? null;
    case 'tier':
      return row.tier ? TIER_NAMES.indexOf(row.tier) : null;
    case 'status':
      return STATUS_ORDER[row.status] ?? null;
    default: {
      const value = key === 'budget' ? row.budgetRemaining : row.burnRate;
      return value !== null && Number.isFinite(value) ? value : null;
    }
  }
}

function compare(a: number | string, b: number | string): number {
  if (typeof a === 'number' && typeof b === 'number') return a - b;
  return String(a).localeCompare(String(b));
}

/**
 * The fake backend's sort, as `GET /v1/services` sorts: the services in
 * table order: by name, tier (critical first), owner,
 * status (worst first), remaining budget or burn rate; rows without a
 * value (no owner, no tier, no data) always last whatever the direction,
 * ties by entity ref so the order is stable between refreshes.
 */
export function sortServices(
  rows: SloServiceRow[],
  key: ServiceSortKey,
  order: 'asc' | 'desc',
  labels: SortLabels = DEFAULT_LABELS,
): SloServiceRow[] {
  const direction = order === 'asc' ? 1 : -1;
  return [...rows].sort((a, b) => {
    const va = sortValue(a, key, labels);
    const vb = sortValue(b, key, labels);
    if (va === null && vb !== null) return 1;
    if (vb === null && va !== null) return -1;
    if (va !== null && vb !== null) {
      const primary = compare(va, vb);
      if (primary) return primary * direction;
    }
    return a.entityRef.localeCompare(b.entityRef);
  });
}
