import { ConfigReader } from '@backstage/config';
import { readLocalRoots } from './readLocalRoots';

describe('readLocalRoots', () => {
  it('is empty by default', () => {
    expect(
      readLocalRoots(new ConfigReader({}), 'goldenPath.slo.localRoots'),
    ).toEqual([]);
  });

  it('resolves the roots and adds the scaffolder publish root', () => {
    expect(
      readLocalRoots(
        new ConfigReader({
          goldenPath: {
            slo: { localRoots: ['../../examples/slo'] },
            scaffolder: { localPublishRoot: '.data/repos' },
          },
        }),
        'goldenPath.slo.localRoots',
        '/work/main/packages/backend',
      ),
    ).toEqual([
      { path: '/work/main/examples/slo', key: 'goldenPath.slo.localRoots' },
      {
        path: '/work/main/packages/backend/.data/repos',
        key: 'goldenPath.scaffolder.localPublishRoot',
      },
    ]);
  });

  it.each([
    [{ slo: { localRoots: 'examples' } }, 'goldenPath.slo.localRoots:'],
    [{ slo: { localRoots: ['ok', ' '] } }, 'goldenPath.slo.localRoots[1]:'],
    [{ slo: { localRoots: ['a\u0000b'] } }, 'goldenPath.slo.localRoots[0]:'],
    [
      { scaffolder: { localPublishRoot: 3 } },
      'goldenPath.scaffolder.localPublishRoot:',
    ],
  ])('fails on %j naming the key', (goldenPath, key) => {
    expect(() =>
      readLocalRoots(
        new ConfigReader({ goldenPath }),
        'goldenPath.slo.localRoots',
      ),
    ).toThrow(`Invalid config ${key}`);
  });
});
