import type { SloServiceRow } from '@golden-path/plugin-slo-common';
import { sortServices } from './sortServices';

const row = (
  name: string,
  budgetRemaining: number | null,
  burnRate: number | null,
): SloServiceRow => ({
  entityRef: `component:default/${name}`,
  title: null,
  owner: null,
  system: null,
  tier: 'standard',
  status: budgetRemaining === null ? 'no-data' : 'ok',
  budgetRemaining,
  burnRate,
  burnRateWindow: burnRate === null ? null : '1h',
  firingAlerts: 0,
  tierViolations: 0,
  sloCount: 3,
});

const rows = [
  row('a', 0.5, 1),
  row('b', null, null),
  row('c', -0.2, 20),
  row('d', 0.9, 0.1),
  row('e', 0.5, NaN),
];
const names = (sorted: SloServiceRow[]) =>
  sorted.map(r => r.entityRef.replace('component:default/', ''));

describe('sortServices', () => {
  it('sorts by budget, no data last in both directions', () => {
    expect(names(sortServices(rows, 'budget', 'asc'))).toEqual([
      'c',
      'a',
      'e',
      'd',
      'b',
    ]);
    expect(names(sortServices(rows, 'budget', 'desc'))).toEqual([
      'd',
      'a',
      'e',
      'c',
      'b',
    ]);
  });

  it('sorts by burn rate, treating NaN as no data', () => {
    expect(names(sortServices(rows, 'burnRate', 'desc'))).toEqual([
      'c',
      'a',
      'd',
      'b',
      'e',
    ]);
  });

  it('sorts by tier in tier order, no tier last', () => {
    const tiered = [
      { ...row('a', 0.5, 1), tier: 'best-effort' as const },
      { ...row('b', 0.5, 1), tier: null },
      { ...row('c', 0.5, 1), tier: 'critical' as const },
      { ...row('d', 0.5, 1), tier: 'standard' as const },
      { ...row('e', 0.5, 1), tier: 'important' as const },
    ];
    expect(names(sortServices(tiered, 'tier', 'asc'))).toEqual([
      'c',
      'e',
      'd',
      'a',
      'b',
    ]);
    expect(names(sortServices(tiered, 'tier', 'desc'))).toEqual([
      'a',
      'd',
      'e',
      'c',
      'b',
    ]);
  });

  it('sorts by status worst first, and by the names shown for service and owner', () => {
    const mixed = [
      { ...row('a', 0.5, 1), status: 'ok' as const, title: 'Zebra' },
      { ...row('b', 0.5, 1), status: 'breaching' as const, title: 'alpha' },
      { ...row('c', 0.5, 1), status: 'error' as const, title: 'Mango' },
      { ...row('d', 0.5, 1), status: 'no-data' as const, title: null },
    ];
    expect(names(sortServices(mixed, 'status', 'asc'))).toEqual([
      'c',
      'b',
      'd',
      'a',
    ]);
    // By title, case-insensitively; d has no title and sorts by its name.
    expect(names(sortServices(mixed, 'service', 'asc'))).toEqual([
      'b',
      'd',
      'c',
      'a',
    ]);
    const owners = new Map([
      ['component:default/a', 'Checkout team'],
      ['component:default/b', 'Accounts team'],
    ]);
    expect(
      names(
        sortServices(mixed, 'owner', 'asc', {
          service: r => r.entityRef,
          owner: r => owners.get(r.entityRef) ?? null,
        }),
      ),
    ).toEqual(['b', 'a', 'c', 'd']);
  });

  it('does not change its input', () => {
    const copy = [...rows];
    sortServices(rows, 'burnRate', 'asc');
    expect(rows).toEqual(copy);
  });
});
