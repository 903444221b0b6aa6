import type {
  LevelOrNone,
  ReadinessServiceRow,
} from '@golden-path/plugin-readiness-common';
import { serviceRow } from '../../__fixtures__/fakeReadinessApi';
import { serviceScore, sortServices } from './sortServices';

const row = (
  name: string,
  level: LevelOrNone,
  passed: number,
  applicable: number,
): ReadinessServiceRow =>
  serviceRow({
    entityRef: `component:default/${name}`,
    level,
    passed,
    applicable,
  });

const rows = [
  row('a', 'silver', 8, 10),
  row('b', 'gold', 0, 0),
  row('c', 'none', 1, 10),
  row('d', 'bronze', 8, 10),
  row('e', 'gold', 10, 10),
];
const names = (sorted: ReadinessServiceRow[]) =>
  sorted.map(r => r.entityRef.replace('component:default/', ''));

describe('sortServices', () => {
  it('sorts by score, ties by level, no score last in both directions', () => {
    expect(names(sortServices(rows, 'score', 'asc'))).toEqual([
      'c',
      'd',
      'a',
      'e',
      'b',
    ]);
    expect(names(sortServices(rows, 'score', 'desc'))).toEqual([
      'e',
      'a',
      'd',
      'c',
      'b',
    ]);
  });

  it('sorts by level, ties by score (no score last) then entity ref', () => {
    expect(names(sortServices(rows, 'level', 'asc'))).toEqual([
      'c',
      'd',
      'a',
      'e',
      'b',
    ]);
    expect(names(sortServices(rows, 'level', 'desc'))).toEqual([
      'e',
      'b',
      'a',
      'd',
      'c',
    ]);
  });

  it('does not change its input', () => {
    const copy = [...rows];
    sortServices(rows, 'level', 'desc');
    expect(rows).toEqual(copy);
  });
});

describe('serviceScore', () => {
  it('is passed over applicable, null without applicable checks', () => {
    expect(serviceScore(row('x', 'none', 3, 4))).toBe(0.75);
    expect(serviceScore(row('x', 'gold', 0, 0))).toBeNull();
  });
});
