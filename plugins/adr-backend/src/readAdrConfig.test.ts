import { ConfigReader } from '@backstage/config';
import { readAdrConfig } from './readAdrConfig';

describe('readAdrConfig', () => {
  it('has defaults', () => {
    const config = readAdrConfig(new ConfigReader({}), '/srv');
    expect(config).toMatchObject({
      localRoots: [],
      maxFileBytes: 1048576,
      maxFiles: 1000,
      maxDepth: 5,
      staleProposedDays: 30,
      schedule: {
        frequency: { minutes: 10 },
        timeout: { minutes: 15 },
        initialDelay: { seconds: 5 },
      },
    });
  });

  it('resolves local roots and adds the scaffolder publish root', () => {
    const config = readAdrConfig(
      new ConfigReader({
        goldenPath: {
          adr: { localRoots: ['../../examples/adrs'] },
          scaffolder: { localPublishRoot: '.data/repos' },
        },
      }),
      '/work/main/packages/backend',
    );
    expect(config.localRoots).toEqual([
      { path: '/work/main/examples/adrs', key: 'goldenPath.adr.localRoots' },
      {
        path: '/work/main/packages/backend/.data/repos',
        key: 'goldenPath.scaffolder.localPublishRoot',
      },
    ]);
  });

  it.each([
    [{ maxFileBytes: 0 }, 'goldenPath.adr.maxFileBytes'],
    [{ maxFileBytes: 'big' }, 'goldenPath.adr.maxFileBytes'],
    [{ maxFiles: 1.5 }, 'goldenPath.adr.maxFiles'],
    [{ maxDepth: 99 }, 'goldenPath.adr.maxDepth'],
    [{ staleProposedDays: -1 }, 'goldenPath.adr.staleProposedDays'],
    [{ localRoots: 'examples' }, 'goldenPath.adr.localRoots'],
    [{ localRoots: [' '] }, 'goldenPath.adr.localRoots[0]'],
    [{ schedule: { frequency: 'often' } }, 'goldenPath.adr.schedule'],
    [
      { search: { schedule: { timeout: {} } } },
      'goldenPath.adr.search.schedule',
    ],
  ])('fails on %j naming %s', (adr, key) => {
    expect(() =>
      readAdrConfig(new ConfigReader({ goldenPath: { adr } })),
    ).toThrow(`Invalid config ${key}:`);
  });
});
