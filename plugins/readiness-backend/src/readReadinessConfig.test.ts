import { ConfigReader } from '@backstage/config';
import { readReadinessConfig, collectorSchedule } from './readReadinessConfig';

const read = (readiness: unknown, extra: Record<string, unknown> = {}) =>
  readReadinessConfig(
    new ConfigReader({ goldenPath: { readiness, ...extra } } as any),
    '/srv/backend',
  );

describe('readReadinessConfig', () => {
  it('has defaults', () => {
    const config = readReadinessConfig(new ConfigReader({}), '/srv');
    expect(config).toMatchObject({
      requiredLevels: {
        critical: 'gold',
        important: 'silver',
        standard: 'bronze',
        'best-effort': 'none',
      },
      checks: undefined,
      disabledChecks: [],
      localRoots: [],
      historyDays: 90,
      schedule: { frequency: { minutes: 5 }, timeout: { minutes: 10 } },
      repository: { maxFiles: 500, maxFileBytes: 262144 },
    });
    expect(config.repository.files).toHaveLength(13);
    expect(config.collectorSchedules.size).toBe(0);
    expect(
      ['catalog', 'repository', 'sonar'].map(
        id => collectorSchedule(config, { id }).frequency,
      ),
    ).toEqual([{ minutes: 10 }, { minutes: 30 }, { minutes: 30 }]);
    // A collector's own schedule (the slo module's: every 5 minutes).
    expect(
      collectorSchedule(config, {
        id: 'slo',
        schedule: { frequency: { minutes: 5 }, timeout: { minutes: 5 } },
      }).frequency,
    ).toEqual({ minutes: 5 });
  });

  it('reads every setting', () => {
    const config = read(
      {
        requiredLevels: { critical: 'silver', 'best-effort': 'bronze' },
        checks: [{ id: 'x' }],
        disabledChecks: ['threat-model'],
        localRoots: ['../repos'],
        historyDays: 30,
        schedule: { frequency: 'PT1M', timeout: 'PT2M' },
        collectors: {
          slo: {
            schedule: { frequency: { minutes: 1 }, timeout: { minutes: 1 } },
          },
          repository: {
            maxFiles: 10,
            maxFileBytes: 1000,
            files: [
              {
                fact: 'repository.helmChart',
                description: 'A Helm chart',
                type: 'fileExists',
                paths: ['charts/*/Chart.yaml'],
              },
            ],
          },
        },
      },
      { scaffolder: { localPublishRoot: '.data/repos' } },
    );
    expect(config.requiredLevels).toEqual({
      critical: 'silver',
      important: 'silver',
      standard: 'bronze',
      'best-effort': 'bronze',
    });
    expect(config.checks).toEqual([{ id: 'x' }]);
    expect(config.disabledChecks).toEqual(['threat-model']);
    expect(config.localRoots).toEqual([
      { path: '/srv/repos', key: 'goldenPath.readiness.localRoots' },
      {
        path: '/srv/backend/.data/repos',
        key: 'goldenPath.scaffolder.localPublishRoot',
      },
    ]);
    expect(config.historyDays).toBe(30);
    expect(config.schedule).toMatchObject({
      frequency: { minutes: 1 },
      timeout: { minutes: 2 },
    });
    expect(collectorSchedule(config, { id: 'slo' }).frequency).toEqual({
      minutes: 1,
    });
    expect(config.repository).toMatchObject({
      maxFiles: 10,
      maxFileBytes: 1000,
    });
    expect(config.repository.files.map(f => f.fact)).toEqual([
      'repository.helmChart',
    ]);
  });

  it.each([
    [
      { requiredLevels: { critical: 'platinum' } },
      'goldenPath.readiness.requiredLevels.critical: must be bronze, silver, gold or none',
    ],
    [
      { requiredLevels: { vital: 'gold' } },
      'goldenPath.readiness.requiredLevels.vital: unknown tier',
    ],
    [
      { checks: { id: 'x' } },
      'goldenPath.readiness.checks: must be a list of check definitions',
    ],
    [
      { disabledChecks: 'threat-model' },
      'goldenPath.readiness.disabledChecks: must be a list of check ids',
    ],
    [{ localRoots: [' '] }, 'goldenPath.readiness.localRoots[0]'],
    [
      { historyDays: 0 },
      'goldenPath.readiness.historyDays: must be a whole number from 1 to 3650',
    ],
    [{ schedule: { frequency: 'often' } }, 'goldenPath.readiness.schedule'],
    [
      { collectors: { slo: { schedule: { timeout: {} } } } },
      'goldenPath.readiness.collectors.slo.schedule',
    ],
    [
      { collectors: { slo: { files: [] } } },
      'goldenPath.readiness.collectors.slo.files: unknown key; expected one of schedule',
    ],
    [
      { collectors: { repository: { maxFiles: -1 } } },
      'goldenPath.readiness.collectors.repository.maxFiles',
    ],
    [
      { collectors: { repository: { maxFileBytes: 'big' } } },
      'goldenPath.readiness.collectors.repository.maxFileBytes: must be a number',
    ],
    [
      {
        collectors: {
          repository: {
            files: [
              {
                fact: 'repository.x',
                description: 'x',
                type: 'fileMatches',
                paths: ['*'],
                pattern: '(?<',
              },
            ],
          },
        },
      },
      'Invalid config goldenPath.readiness.collectors.repository.files[0].pattern: is not a valid regular expression',
    ],
    [
      { histroyDays: 3 },
      'Invalid config goldenPath.readiness.histroyDays: unknown key',
    ],
  ])('refuses %j naming the key', (readiness, message) => {
    expect(() => read(readiness)).toThrow(message);
  });
});
