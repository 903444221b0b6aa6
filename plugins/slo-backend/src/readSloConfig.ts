import { SchedulerServiceTaskScheduleDefinition } from '@backstage/backend-plugin-api';
import { Config } from '@backstage/config';
import {
  readTierTable,
  TierTable,
} from '@golden-path/plugin-golden-path-common';
import {
  configError,
  LocalRoot,
  readConfigInteger,
  readConfigSchedule,
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
    configError(key, 'must be an object with a list of rules');
  }
  const policy = value as BurnRatePolicy;
  const problems = validateBurnRatePolicy(policy);
  if (problems.length > 0) configError(key, problems.join('; '));
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
  const minuteDays = readConfigInteger(
    config,
    `${PREFIX}.retention.minuteDays`,
    { fallback: 8, min: 1, max: 400 },
  );
  const hourDays = readConfigInteger(config, `${PREFIX}.retention.hourDays`, {
    fallback: 400,
    min: 1,
    max: 3650,
  });
  if (hourDays < minuteDays) {
    configError(
      `${PREFIX}.retention.hourDays`,
      `must be at least retention.minuteDays (${minuteDays}), got ${hourDays}`,
    );
  }
  return {
    localRoots: readLocalRoots(config, `${PREFIX}.localRoots`, cwd),
    maxFileBytes: readConfigInteger(config, `${PREFIX}.maxFileBytes`, {
      fallback: 1024 * 1024,
      min: 1,
      max: 1024 * 1024,
    }),
    schedule: readConfigSchedule(
      config,
      `${PREFIX}.schedule`,
      DEFAULT_SCHEDULE,
    ),
    burnRatePolicy: readPolicy(config),
    retention: { minuteDays, hourDays },
    tiers: readTierTable(config),
  };
}
