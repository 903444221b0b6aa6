import { groupServices } from './groupServices';
import { ServiceRow } from './loadServices';

const row = (over: Partial<ServiceRow>): ServiceRow => ({
  entityRef: `component:default/${over.name ?? 'x'}`,
  name: 'x',
  title: 'x',
  type: 'service',
  lifecycle: 'production',
  owner: 'team-a',
  missing: [],
  ...over,
});

const rows = [
  row({ name: 'a', owner: 'team-a', domain: 'payments', tier: 'standard' }),
  row({ name: 'b', owner: 'team-b', domain: 'payments', tier: 'critical' }),
  row({ name: 'c', owner: 'team-b', tier: undefined, missing: ['tier'] }),
  row({ name: 'd', owner: 'team-b', domain: 'logistics', tier: 'critical' }),
];

describe('groupServices', () => {
  it('groups by team, largest first, counting services with missing metadata', () => {
    expect(groupServices(rows, 'team')).toEqual([
      { key: 'team-b', count: 3, missingMetadata: 1 },
      { key: 'team-a', count: 1, missingMetadata: 0 },
    ]);
  });

  it('groups by domain with services without one last', () => {
    expect(groupServices(rows, 'domain').map(g => [g.key, g.count])).toEqual([
      ['payments', 2],
      ['logistics', 1],
      ['no domain', 1],
    ]);
  });

  it('groups by tier in tier order', () => {
    expect(groupServices(rows, 'tier').map(g => g.key)).toEqual([
      'critical',
      'standard',
      'no tier',
    ]);
  });

  it('returns no groups for no services', () => {
    expect(groupServices([], 'team')).toEqual([]);
  });
});
