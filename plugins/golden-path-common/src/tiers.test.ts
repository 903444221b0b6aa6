import { ConfigReader } from '@backstage/config';
import { deploymentStrategyForTier } from './deploymentStrategyForTier';
import {
  DEFAULT_TIER_TABLE,
  describeTierObjectives,
  readTierTable,
  tierNamesInWords,
  TIER_NAMES,
} from './tiers';

describe('the tier table', () => {
  it('has the defaults of the design', () => {
    expect(
      TIER_NAMES.map(name => {
        const t = DEFAULT_TIER_TABLE[name];
        return [
          name,
          t.availabilityPercent,
          t.latencyP99Ms,
          t.errorRatePercent,
          t.deploymentStrategy,
        ];
      }),
    ).toEqual([
      ['critical', 99.99, 100, 0.01, 'blue-green'],
      ['important', 99.9, 500, 0.1, 'canary'],
      ['standard', 99.5, 1000, 1, 'rolling'],
      ['best-effort', 99, 5000, 5, 'feature-flags'],
    ]);
  });

  it('is the default without config', () => {
    expect(readTierTable()).toBe(DEFAULT_TIER_TABLE);
    expect(readTierTable(new ConfigReader({}))).toBe(DEFAULT_TIER_TABLE);
  });

  it('takes overrides key by key from goldenPath.tiers', () => {
    const table = readTierTable(
      new ConfigReader({
        goldenPath: {
          tiers: {
            standard: { availability: 99.7, deploymentStrategy: 'canary' },
          },
        },
      }),
    );
    expect(table.standard).toEqual({
      ...DEFAULT_TIER_TABLE.standard,
      availabilityPercent: 99.7,
      deploymentStrategy: 'canary',
      deploymentDescription: 'canary',
    });
    expect(table.critical).toBe(DEFAULT_TIER_TABLE.critical);
    expect(deploymentStrategyForTier('standard', table)).toBe('canary');
    expect(deploymentStrategyForTier('critical')).toBe('blue-green');
  });

  it.each([
    [{ platinum: {} }, "goldenPath.tiers.platinum: unknown tier 'platinum'"],
    [
      { critical: { availability: 120 } },
      'goldenPath.tiers.critical.availability: 120 is not a percentage',
    ],
    [
      { critical: { errorRate: 0 } },
      'goldenPath.tiers.critical.errorRate: 0 is not a percentage',
    ],
    [
      { critical: { latencyP99Ms: -5 } },
      'goldenPath.tiers.critical.latencyP99Ms: -5 is not a positive number',
    ],
    [
      { critical: { deploymentStrategy: 'big-bang' } },
      "goldenPath.tiers.critical.deploymentStrategy: 'big-bang' is not one of",
    ],
    [
      { critical: { availability: 'high' } },
      'goldenPath.tiers.critical.availability',
    ],
  ])('refuses %j with an error naming the key', (tiers, message) => {
    expect(() =>
      readTierTable(new ConfigReader({ goldenPath: { tiers } })),
    ).toThrow(message);
  });
});

describe('describeTierObjectives', () => {
  it('says what each default tier promises', () => {
    expect(describeTierObjectives(DEFAULT_TIER_TABLE.critical)).toBe(
      '99.99 % available · p99 < 100 ms · errors < 0.01 %',
    );
    expect(describeTierObjectives(DEFAULT_TIER_TABLE['best-effort'])).toBe(
      '99 % available · p99 < 5 s · errors < 5 %',
    );
  });
});

describe('tierNamesInWords', () => {
  it('lists the tiers strictest first, the last after "or"', () => {
    expect(tierNamesInWords()).toBe(
      'critical, important, standard or best-effort',
    );
  });
});
