import { parseAdr } from '@golden-path/plugin-adr-common';
import { resolveSupersedeLinks } from './resolveSupersedeLinks';

const ref = 'component:default/a';

describe('resolveSupersedeLinks', () => {
  it('resolves by relative path and by number, in both directions', () => {
    const adrs = [
      parseAdr('# 1. One\n\nStatus: accepted\n', 'old/0001-one.md'),
      parseAdr(
        '# 2. Two\n\n## Status\n\nAccepted\n\nSupersedes [One](../old/0001-one.md)\n',
        'new/0002-two.md',
      ),
      parseAdr(
        '# 3. Three\n\n## Status\n\nAccepted\n\nSupersedes ADR-2\n',
        '0003-three.md',
      ),
    ];
    const links = resolveSupersedeLinks(ref, adrs);
    expect(links.get('old/0001-one.md')!.supersededBy.map(l => l.path)).toEqual(
      ['new/0002-two.md'],
    );
    expect(links.get('new/0002-two.md')).toEqual({
      supersedes: [
        {
          entityRef: ref,
          path: 'old/0001-one.md',
          number: 1,
          title: 'One',
          target: '../old/0001-one.md',
        },
      ],
      supersededBy: [
        {
          entityRef: ref,
          path: '0003-three.md',
          number: 3,
          title: 'Three',
          target: '0003-three.md',
        },
      ],
    });
  });

  it('leaves unknown, ambiguous and unsafe targets unresolved', () => {
    const adrs = [
      parseAdr('# 1. A\n', '0001-a.md'),
      parseAdr('# 1. B\n', '0001-b.md'),
      parseAdr(
        '# 5. C\n\n## Status\n\nAccepted\n\nSupersedes ADR-1, ADR-9, [x](javascript:alert(1))\n',
        '0005-c.md',
      ),
    ];
    const links = resolveSupersedeLinks(ref, adrs).get('0005-c.md')!;
    expect(links.supersedes.every(l => l.path === null)).toBe(true);
    expect(JSON.stringify(links)).not.toContain('javascript');
  });
});
