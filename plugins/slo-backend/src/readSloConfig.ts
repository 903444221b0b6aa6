import {
  readSchedulerServiceTaskScheduleDefinitionFromConfig,
  SchedulerServiceTaskScheduleDefinition,
} from '@backstage/backend-plugin-api';
import { Config } from '@backstage/config';
import {
  readTierTable,
  TierTable,
} from '@golden-path/plugin-golden-path-common';
import {
  LocalRoot,
  readLocalRoots,
} from '@golden-path/plugin-golden-path-node';
import {
  BurnRatePolicy,
  DEFAULT_BURN_RATE_POLICY,
  validateBurnRatePolicy,
} from '@golden-path/plugin-slo-common';

/** The settings of the SLO backend, read once at start-up. */
export type SloConfig = {
  /** Absolute folders local OpenSLO files must lie in. */
  localRoots: LocalRoot[];
  /** OpenSLO files larger than this are refused. */
  maxFileBytes: number;
  schedule: SchedulerServiceTaskScheduleDefinition;
  burnRatePolicy: BurnRatePolicy;
  retention: { minuteDays: number; hourDays: number };
  tiers: TierTable;
};

const PREFIX = 'goldenPath.slo';

const DEFAULT_SCHEDULE: SchedulerServiceTaskScheduleDefinition = {
  frequency: { minutes: 1 },
  timeout: { minutes: 5 },
  initialDelay: { seconds: 0 },
};

function fail(key: string, why: string): never {
  throw new Error(`Invalid config ${key}: ${why}`);
}

function readInteger(
  config: Config,
  key: string,
  fallback: number,
  min: number,
  max: number,
): number {
  const fullKey = `${PREFIX}.${key}`;
  let value: number | undefined;
  try {
    value = config.getOptionalNumber(fullKey);
  } catch {
    fail(fullKey, 'must be a number');
  }
  if (value === undefined) return fallback;
  if (!Number.isInteger(value) || value < min || value > max) {
    fail(fullKey, `must be a whole number from ${min} to ${max}, got ${value}`);
  }
  return value;
}

function readSchedule(config: Config): SchedulerServiceTaskScheduleDefinition {
  const key = `${PREFIX}.schedule`;
  if (!config.has(key)) return DEFAULT_SCHEDULE;
  try {
    return readSchedulerServiceTaskScheduleDefinitionFromConfig(
      config.getConfig(key),
    );
  } catch (error) {
    return fail(key, (error as Error).message);
  }
}

function readPolicy(config: Config): BurnRatePolicy {
  const key = `${PREFIX}.burnRatePolicy`;
  if (!config.has(key)) return DEFAULT_BURN_RATE_POLICY;
  const value = config.getOptional(key);
  const rules = (value as { rules?: unknown } | undefined)?.rules;
  if (
    value === null ||
    typeof value !== 'object' ||
    Array.isArray(value) ||
    !Array.isArray(rules)
  ) {
    fail(key, 'must be an object with a list of rules');
  }
  const policy = value as BurnRatePolicy;
  const problems = validateBurnRatePolicy(policy);
  if (problems.length > 0) fail(key, problems.join('; '));
  return { rules: policy.rules.map(rule => ({ ...rule })) };
}

/**
 * Reads `goldenPath.slo.*` (and the tier table at `goldenPath.tiers`); a bad
 * value throws an error naming the key, so the backend does not start with
 * a half-understood configuration.
 * @param cwd - what relative local roots are resolved against
 */
export function readSloConfig(
  config: Config,
  cwd: string = process.cwd(),
): SloConfig {
  const minuteDays = readInteger(config, 'retention.minuteDays', 8, 1, 400);
  const hourDays = readInteger(config, 'retention.hourDays', 400, 1, 3650);
  if (hourDays < minuteDays) {
    fail(
      `${PREFIX}.retention.hourDays`,
      `must be at least retention.minuteDays (${minuteDays}), got ${hourDays}`,
    );
  }
  return {
    localRoots: readLocalRoots(config, `${PREFIX}.localRoots`, cwd),
    maxFileBytes: readInteger(
      config,
      'maxFileBytes',
      1024 * 1024,
      1,
      1024 * 1024,
    ),
    schedule: readSchedule(config),
    burnRatePolicy: readPolicy(config),
    retention: { minuteDays, hourDays },
    tiers: readTierTable(config),
  };
}
