import { ServiceRow } from './loadServices';
import { sortServices } from './sortServices';

const row = (over: Partial<ServiceRow>): ServiceRow => ({
  entityRef: `component:default/${over.name}`,
  name: 'x',
  title: over.name ?? 'x',
  type: 'service',
  lifecycle: 'production',
  missing: [],
  ...over,
});

const rows = [
  row({ name: 'standard', tier: 'standard' }),
  row({ name: 'none' }),
  row({ name: 'best-effort', tier: 'best-effort' }),
  row({ name: 'critical', tier: 'critical' }),
  row({ name: 'important', tier: 'important' }),
];

describe('sortServices', () => {
  it('sorts the tier in tier order, not alphabetically, without a tier last', () => {
    expect(sortServices(rows, 'tier', 'asc').map(r => r.name)).toEqual([
      'critical',
      'important',
      'standard',
      'best-effort',
      'none',
    ]);
  });

  it('reverses the tier order descending, still without a tier last', () => {
    expect(sortServices(rows, 'tier', 'desc').map(r => r.name)).toEqual([
      'best-effort',
      'standard',
      'important',
      'critical',
      'none',
    ]);
  });

  it('sorts teams by their titles, ties by service title', () => {
    const owned = [
      row({ name: 'b', owner: { ref: 'group:default/z', title: 'Alpha' } }),
      row({ name: 'a', owner: { ref: 'group:default/a', title: 'Zulu' } }),
      row({ name: 'c', owner: { ref: 'group:default/z', title: 'Alpha' } }),
    ];
    expect(sortServices(owned, 'team', 'asc').map(r => r.name)).toEqual([
      'b',
      'c',
      'a',
    ]);
  });

  it('sorts by how much metadata is missing', () => {
    const partial = [
      row({ name: 'two', missing: ['on-call', 'runbook'] }),
      row({ name: 'zero' }),
      row({ name: 'one', missing: ['tier'] }),
    ];
    expect(sortServices(partial, 'missing', 'desc').map(r => r.name)).toEqual([
      'two',
      'one',
      'zero',
    ]);
  });
});
