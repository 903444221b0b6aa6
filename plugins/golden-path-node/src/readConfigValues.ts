import {
  readSchedulerServiceTaskScheduleDefinitionFromConfig,
  SchedulerServiceTaskScheduleDefinition,
} from '@backstage/backend-plugin-api';
import { Config } from '@backstage/config';

/**
 * Throws the start-up error for a bad config value, so the message names
 * what to fix: `Invalid config <key>: <why>`.
 * @public
 */
export function configError(key: string, why: string): never {
  throw new Error(`Invalid config ${key}: ${why}`);
}

/**
 * A whole number at `key` within [min, max], or `fallback` when unset;
 * anything else stops start-up naming the key.
 * @public
 */
export function readConfigInteger(
  config: Config,
  key: string,
  options: { fallback: number; min: number; max: number },
): number {
  const { fallback, min, max } = options;
  let value: number | undefined;
  try {
    value = config.getOptionalNumber(key);
  } catch {
    configError(key, 'must be a number');
  }
  if (value === undefined) return fallback;
  if (!Number.isInteger(value) || value < min || value > max) {
    configError(
      key,
      `must be a whole number from ${min} to ${max}, got ${value}`,
    );
  }
  return value;
}

/**
 * A scheduler task definition at `key` (durations, ISO strings or cron), or
 * `fallback` when unset. Note that app-config files merge objects: a later
 * file's `{ seconds: 20 }` adds to an earlier `{ minutes: 2 }`; ISO strings
 * (`PT20S`) replace.
 * @public
 */
export function readConfigSchedule(
  config: Config,
  key: string,
  fallback: SchedulerServiceTaskScheduleDefinition,
): SchedulerServiceTaskScheduleDefinition {
  if (!config.has(key)) return fallback;
  try {
    return readSchedulerServiceTaskScheduleDefinitionFromConfig(
      config.getConfig(key),
    );
  } catch (error) {
    return configError(key, (error as Error).message);
  }
}
