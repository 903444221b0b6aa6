import { serviceDrift } from '../../__fixtures__/fakeGoldenPathApi';
import { compareVersions } from '../compareVersions';
import { sortServices } from './sortServices';

const rows = [
  serviceDrift({
    entityRef: 'component:default/a',
    title: 'A',
    version: '2.9.1',
    behind: 1,
    tier: 'standard',
  }),
  serviceDrift({
    entityRef: 'component:default/b',
    title: 'B',
    version: '2.10.0',
    behind: 0,
    tier: undefined,
  }),
  serviceDrift({
    entityRef: 'component:default/c',
    title: 'C',
    version: undefined,
    behind: undefined,
    status: 'not-from-template',
    tier: 'critical',
  }),
  serviceDrift({
    entityRef: 'component:default/d',
    title: 'D',
    version: '1.0.0',
    behind: 3,
    status: 'unsupported',
    tier: 'important',
  }),
];
const order = (key: Parameters<typeof sortServices>[1], dir: 'asc' | 'desc') =>
  sortServices(rows, key, dir).map(r => r.title);

describe('sortServices', () => {
  it('sorts versions as semver and puts services without one last either way', () => {
    expect(order('version', 'asc')).toEqual(['D', 'A', 'B', 'C']);
    expect(order('version', 'desc')).toEqual(['B', 'A', 'D', 'C']);
  });

  it('sorts by how far behind, tier strictness and status, worst first', () => {
    expect(order('behind', 'desc')).toEqual(['D', 'A', 'B', 'C']);
    expect(order('tier', 'asc')).toEqual(['C', 'D', 'A', 'B']);
    expect(order('status', 'asc')).toEqual(['D', 'A', 'B', 'C']);
  });
});

describe('compareVersions', () => {
  it('compares numerically, a pre-release before its release', () => {
    expect(compareVersions('2.10.0', '2.9.1')).toBeGreaterThan(0);
    expect(compareVersions('2.0.0-rc.1', '2.0.0')).toBeLessThan(0);
    expect(compareVersions('2.0.0-rc.2', '2.0.0-rc.10')).toBeLessThan(0);
    expect(compareVersions('1.0.0', '1.0.0')).toBe(0);
  });
});
