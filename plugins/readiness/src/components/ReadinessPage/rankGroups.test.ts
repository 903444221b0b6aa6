import { groupRow } from '../../__fixtures__/fakeReadinessApi';
import { rankGroups } from './rankGroups';

describe('rankGroups', () => {
  it('ranks by score, then share meeting required, with shared places', () => {
    const ranked = rankGroups([
      groupRow({
        key: 'group:default/c',
        score: 0.5,
        services: 2,
        meetingRequired: 1,
      }),
      groupRow({
        key: 'group:default/a',
        score: 0.9,
        services: 1,
        meetingRequired: 1,
      }),
      groupRow({
        key: 'group:default/d',
        score: 0.5,
        services: 4,
        meetingRequired: 2,
      }),
      groupRow({
        key: 'group:default/b',
        score: 0.5,
        services: 2,
        meetingRequired: 2,
      }),
      groupRow({
        key: 'group:default/e',
        score: NaN,
        services: 1,
        meetingRequired: 0,
      }),
      groupRow({
        key: 'group:default/f',
        score: 0.1 + 0.2,
        services: 1,
        meetingRequired: 0,
      }),
      groupRow({
        key: 'group:default/g',
        score: 0.3,
        services: 1,
        meetingRequired: 0,
      }),
    ]);
    expect(ranked.map(g => [g.key.slice(14), g.rank])).toEqual([
      ['a', 1],
      ['b', 2],
      ['c', 3],
      ['d', 3],
      ['f', 5],
      ['g', 5],
      ['e', 7],
    ]);
  });

  it('handles no groups and groups without services', () => {
    expect(rankGroups([])).toEqual([]);
    expect(
      rankGroups([groupRow({ services: 0, meetingRequired: 0, score: 0 })])[0]
        .rank,
    ).toBe(1);
  });
});
