import { ConfigReader } from '@backstage/config';
import { DEFAULT_BURN_RATE_POLICY } from '@golden-path/plugin-slo-common';
import { readSloConfig } from './readSloConfig';

describe('readSloConfig', () => {
  it('has defaults', () => {
    expect(readSloConfig(new ConfigReader({}), '/srv')).toMatchObject({
      localRoots: [],
      maxFileBytes: 1048576,
      schedule: { frequency: { minutes: 1 }, timeout: { minutes: 5 } },
      burnRatePolicy: DEFAULT_BURN_RATE_POLICY,
      retention: { minuteDays: 8, hourDays: 400 },
      tiers: { critical: { availabilityPercent: 99.99 } },
    });
  });

  it('reads local roots, the publish root, a policy and retention', () => {
    const config = readSloConfig(
      new ConfigReader({
        goldenPath: {
          slo: {
            localRoots: ['../../examples'],
            retention: { minuteDays: 2, hourDays: 90 },
            burnRatePolicy: {
              rules: [
                {
                  name: 'fast',
                  severity: 'page',
                  burnRate: 10,
                  longWindow: '1h',
                  shortWindow: '5m',
                },
              ],
            },
          },
          scaffolder: { localPublishRoot: '.data/repos' },
        },
      }),
      '/work/main/packages/backend',
    );
    expect(config.localRoots).toEqual([
      { path: '/work/main/examples', key: 'goldenPath.slo.localRoots' },
      {
        path: '/work/main/packages/backend/.data/repos',
        key: 'goldenPath.scaffolder.localPublishRoot',
      },
    ]);
    expect(config.retention).toEqual({ minuteDays: 2, hourDays: 90 });
    expect(config.burnRatePolicy.rules.map(r => r.name)).toEqual(['fast']);
  });

  it.each([
    [{ maxFileBytes: 0 }, 'goldenPath.slo.maxFileBytes'],
    [{ maxFileBytes: 'big' }, 'goldenPath.slo.maxFileBytes'],
    [{ retention: { minuteDays: 0 } }, 'goldenPath.slo.retention.minuteDays'],
    [
      { retention: { minuteDays: 10, hourDays: 5 } },
      'goldenPath.slo.retention.hourDays',
    ],
    [{ localRoots: 'examples' }, 'goldenPath.slo.localRoots'],
    [{ schedule: { frequency: 'often' } }, 'goldenPath.slo.schedule'],
    [{ burnRatePolicy: { rules: 'x' } }, 'goldenPath.slo.burnRatePolicy'],
    [
      {
        burnRatePolicy: {
          rules: [
            {
              name: 'x',
              severity: 'sms',
              burnRate: 1,
              longWindow: '1h',
              shortWindow: '5m',
            },
          ],
        },
      },
      'goldenPath.slo.burnRatePolicy: rules[0].severity must be page or ticket',
    ],
  ])('fails on %j naming %s', (slo, key) => {
    expect(() =>
      readSloConfig(new ConfigReader({ goldenPath: { slo } })),
    ).toThrow(`Invalid config ${key}`);
  });
});
