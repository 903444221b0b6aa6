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

  it('does not change its input', () => {
    const copy = [...rows];
    sortServices(rows, 'burnRate', 'asc');
    expect(rows).toEqual(copy);
  });
});
