import { Config } from '@backstage/config';

/**
 * The tier names, strictest first.
 * @public
 */
export const TIER_NAMES = [
  'critical',
  'important',
  'standard',
  'best-effort',
] as const;

/**
 * A service tier.
 * @public
 */
export type TierName = (typeof TIER_NAMES)[number];

/**
 * The deployment strategies a tier can require.
 * @public
 */
export const DEPLOYMENT_STRATEGIES = [
  'blue-green',
  'canary',
  'rolling',
  'feature-flags',
] as const;

/**
 * How a service is rolled out.
 * @public
 */
export type DeploymentStrategy = (typeof DEPLOYMENT_STRATEGIES)[number];

/**
 * What a tier promises. Percentages are 0-100 (99.9 means 99.9 %).
 * @public
 */
export type TierObjectives = {
  name: TierName;
  title: string;
  availabilityPercent: number;
  latencyP99Ms: number;
  errorRatePercent: number;
  deploymentStrategy: DeploymentStrategy;
  deploymentDescription: string;
};

/**
 * The objectives of every tier.
 * @public
 */
export type TierTable = Record<TierName, TierObjectives>;

/**
 * The defaults from DESIGN.md; app-config `goldenPath.tiers` overrides them.
 * @public
 */
export const DEFAULT_TIER_TABLE: TierTable = {
  critical: {
    name: 'critical',
    title: 'Critical',
    availabilityPercent: 99.99,
    latencyP99Ms: 100,
    errorRatePercent: 0.01,
    deploymentStrategy: 'blue-green',
    deploymentDescription: 'blue-green with extensive validation',
  },
  important: {
    name: 'important',
    title: 'Important',
    availabilityPercent: 99.9,
    latencyP99Ms: 500,
    errorRatePercent: 0.1,
    deploymentStrategy: 'canary',
    deploymentDescription: 'canary with monitoring',
  },
  standard: {
    name: 'standard',
    title: 'Standard',
    availabilityPercent: 99.5,
    latencyP99Ms: 1000,
    errorRatePercent: 1,
    deploymentStrategy: 'rolling',
    deploymentDescription: 'rolling with health checks',
  },
  'best-effort': {
    name: 'best-effort',
    title: 'Best effort',
    availabilityPercent: 99,
    latencyP99Ms: 5000,
    errorRatePercent: 5,
    deploymentStrategy: 'feature-flags',
    deploymentDescription: 'feature flags',
  },
};

/**
 * The palette colour a tier is shown in (a Material UI chip colour), the
 * same on every page.
 * @public
 */
export const TIER_COLORS: Record<
  TierName,
  'error' | 'warning' | 'info' | 'default'
> = {
  critical: 'error',
  important: 'warning',
  standard: 'info',
  'best-effort': 'default',
};

/**
 * `99.99 % available · p99 < 100 ms · errors < 0.01 %` for a tier.
 * @public
 */
export function describeTierObjectives(
  tier: Pick<
    TierObjectives,
    'availabilityPercent' | 'latencyP99Ms' | 'errorRatePercent'
  >,
): string {
  const latency =
    tier.latencyP99Ms >= 1000
      ? `${tier.latencyP99Ms / 1000} s`
      : `${tier.latencyP99Ms} ms`;
  return `${tier.availabilityPercent} % available · p99 < ${latency} · errors < ${tier.errorRatePercent} %`;
}

/**
 * The tiers in a sentence, strictest first: "critical, important, standard or best-effort".
 * @public
 */
export function tierNamesInWords(): string {
  return `${TIER_NAMES.slice(0, -1).join(', ')} or ${
    TIER_NAMES[TIER_NAMES.length - 1]
  }`;
}

/**
 * True when `value` names a tier.
 * @public
 */
export function isTierName(value: unknown): value is TierName {
  return (TIER_NAMES as readonly unknown[]).includes(value);
}

/**
 * True when `value` names a deployment strategy.
 * @public
 */
export function isDeploymentStrategy(
  value: unknown,
): value is DeploymentStrategy {
  return (DEPLOYMENT_STRATEGIES as readonly unknown[]).includes(value);
}

function readPercent(config: Config, key: string, path: string) {
  const value = config.getOptionalNumber(key);
  if (value !== undefined && !(value > 0 && value <= 100)) {
    throw new Error(
      `Invalid config ${path}.${key}: ${value} is not a percentage above 0 and at most 100`,
    );
  }
  return value;
}

/**
 * The tier table from app-config `goldenPath.tiers`, each key overriding the
 * default. Throws an error naming the key for an unknown tier or a bad value.
 * @public
 */
export function readTierTable(config?: Config): TierTable {
  const tiersConfig = config?.getOptionalConfig('goldenPath.tiers');
  if (!tiersConfig) return DEFAULT_TIER_TABLE;

  const table = { ...DEFAULT_TIER_TABLE };
  for (const key of tiersConfig.keys()) {
    const path = `goldenPath.tiers.${key}`;
    if (!isTierName(key)) {
      throw new Error(
        `Invalid config ${path}: unknown tier '${key}', expected one of ${TIER_NAMES.join(
          ', ',
        )}`,
      );
    }
    const tier = tiersConfig.getConfig(key);
    const latency = tier.getOptionalNumber('latencyP99Ms');
    if (latency !== undefined && !(latency > 0)) {
      throw new Error(
        `Invalid config ${path}.latencyP99Ms: ${latency} is not a positive number of milliseconds`,
      );
    }
    const strategy = tier.getOptionalString('deploymentStrategy');
    if (strategy !== undefined && !isDeploymentStrategy(strategy)) {
      throw new Error(
        `Invalid config ${path}.deploymentStrategy: '${strategy}' is not one of ${DEPLOYMENT_STRATEGIES.join(
          ', ',
        )}`,
      );
    }
    const defaults = DEFAULT_TIER_TABLE[key];
    table[key] = {
      ...defaults,
      title: tier.getOptionalString('title') ?? defaults.title,
      availabilityPercent:
        readPercent(tier, 'availability', path) ?? defaults.availabilityPercent,
      latencyP99Ms: latency ?? defaults.latencyP99Ms,
      errorRatePercent:
        readPercent(tier, 'errorRate', path) ?? defaults.errorRatePercent,
      deploymentStrategy: strategy ?? defaults.deploymentStrategy,
      deploymentDescription:
        tier.getOptionalString('deploymentDescription') ??
        (strategy ? strategy : defaults.deploymentDescription),
    };
  }
  return table;
}
