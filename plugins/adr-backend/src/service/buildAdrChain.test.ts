import { AdrGraphNode } from '../database/AdrStore';
import { buildAdrChain } from './buildAdrChain';

const link = (path: string) => ({
  entityRef: 'component:default/a',
  path,
  number: null,
  title: null,
  target: path,
});

const node = (
  path: string,
  supersedes: string[],
  supersededBy: string[],
): AdrGraphNode => ({
  path,
  number: parseInt(path, 10),
  title: path,
  status: 'accepted',
  statusRaw: 'Accepted',
  date: '2026-01-02',
  supersedes: supersedes.map(link),
  supersededBy: supersededBy.map(link),
});

describe('buildAdrChain', () => {
  it('walks back and forward, oldest first', () => {
    const graph = [
      node('1.md', [], ['2.md']),
      node('2.md', ['1.md'], ['3.md']),
      node('3.md', ['2.md'], []),
      node('4.md', [], []),
    ];
    expect(
      buildAdrChain('component:default/a', '2.md', graph).map(l => l.path),
    ).toEqual(['1.md', '2.md', '3.md']);
    expect(buildAdrChain('component:default/a', '1.md', graph)[2]).toEqual({
      entityRef: 'component:default/a',
      path: '3.md',
      number: 3,
      title: '3.md',
      target: '3.md',
      status: 'accepted',
      statusRaw: 'Accepted',
      date: '2026-01-02',
    });
    expect(
      buildAdrChain('component:default/a', '4.md', graph).map(l => l.path),
    ).toEqual(['4.md']);
    expect(buildAdrChain('component:default/a', 'nope.md', graph)).toEqual([]);
  });

  it('stops at a cycle', () => {
    const graph = [
      node('1.md', ['2.md'], ['2.md']),
      node('2.md', ['1.md'], ['1.md']),
    ];
    expect(
      buildAdrChain('component:default/a', '1.md', graph).map(l => l.path),
    ).toEqual(['2.md', '1.md']);
  });
});
