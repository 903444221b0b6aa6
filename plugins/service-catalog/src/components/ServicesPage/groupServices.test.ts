import { groupServices, NO_GROUP } from './groupServices';
import { ServiceRow } from './loadServices';

const team = (name: string, title: string) => ({
  ref: `group:default/${name}`,
  title,
});
const domain = (name: string, title: string) => ({
  ref: `domain:default/${name}`,
  title,
});

const row = (over: Partial<ServiceRow>): ServiceRow => ({
  entityRef: `component:default/${over.name ?? 'x'}`,
  name: 'x',
  title: 'x',
  type: 'service',
  lifecycle: 'production',
  missing: [],
  ...over,
});

const rows = [
  row({
    name: 'a',
    owner: team('team-a', 'A team'),
    domain: domain('payments', 'Payments'),
    tier: 'standard',
  }),
  row({
    name: 'b',
    owner: team('team-b', 'B team'),
    domain: domain('payments', 'Payments'),
    tier: 'critical',
  }),
  row({
    name: 'c',
    owner: team('team-b', 'B team'),
    tier: undefined,
    missing: ['tier'],
  }),
  row({
    name: 'd',
    owner: team('team-b', 'B team'),
    domain: domain('logistics', 'Logistics'),
    tier: 'critical',
  }),
  row({ name: 'e', owner: undefined }),
];

describe('groupServices', () => {
  it('groups by team under the team title, largest first, counting services with missing metadata', () => {
    const groups = groupServices(rows, 'team');
    expect(
      groups.map(g => [g.key, g.title, g.count, g.missingMetadata]),
    ).toEqual([
      ['group:default/team-b', 'B team', 3, 1],
      ['group:default/team-a', 'A team', 1, 0],
      [NO_GROUP, 'No team', 1, 0],
    ]);
    expect(groups[0].rows.map(r => r.name)).toEqual(['b', 'c', 'd']);
    expect(groups[0].entityRef).toBe('group:default/team-b');
    expect(groups[2].entityRef).toBeUndefined();
  });

  it('groups by domain title with services without one last', () => {
    expect(groupServices(rows, 'domain').map(g => [g.title, g.count])).toEqual([
      ['Payments', 2],
      ['Logistics', 1],
      ['No domain', 2],
    ]);
  });

  it('groups by tier in tier order, under the tier titles', () => {
    const groups = groupServices(rows, 'tier');
    expect(groups.map(g => g.title)).toEqual([
      'Critical',
      'Standard',
      'No tier',
    ]);
    expect(groups.map(g => g.entityRef)).toEqual([
      undefined,
      undefined,
      undefined,
    ]);
  });

  it('returns no groups for no services', () => {
    expect(groupServices([], 'team')).toEqual([]);
  });
});
