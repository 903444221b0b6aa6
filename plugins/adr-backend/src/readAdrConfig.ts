import {
  readSchedulerServiceTaskScheduleDefinitionFromConfig,
  SchedulerServiceTaskScheduleDefinition,
} from '@backstage/backend-plugin-api';
import { Config } from '@backstage/config';
import { readLocalRoots } from '@golden-path/plugin-golden-path-node';

/** The settings of the ADR backend, read once at start-up. */
export type AdrConfig = {
  /** Absolute folders local ADR folders must lie in. */
  localRoots: Array<{ path: string; key: string }>;
  maxFileBytes: number;
  maxFiles: number;
  maxDepth: number;
  staleProposedDays: number;
  schedule: SchedulerServiceTaskScheduleDefinition;
  searchSchedule: SchedulerServiceTaskScheduleDefinition;
};

const PREFIX = 'goldenPath.adr';
const MAX_FILE_BYTES_LIMIT = 50 * 1024 * 1024;

const DEFAULT_SCHEDULE: SchedulerServiceTaskScheduleDefinition = {
  frequency: { minutes: 10 },
  timeout: { minutes: 15 },
  initialDelay: { seconds: 5 },
};

const DEFAULT_SEARCH_SCHEDULE: SchedulerServiceTaskScheduleDefinition = {
  frequency: { minutes: 10 },
  timeout: { minutes: 15 },
  initialDelay: { seconds: 30 },
};

function fail(key: string, why: string): never {
  throw new Error(`Invalid config ${key}: ${why}`);
}

/** Reads a number with Config's own type check, then a range check. */
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

function readSchedule(
  config: Config,
  key: string,
  fallback: SchedulerServiceTaskScheduleDefinition,
): SchedulerServiceTaskScheduleDefinition {
  const fullKey = `${PREFIX}.${key}`;
  if (!config.has(fullKey)) return fallback;
  try {
    return readSchedulerServiceTaskScheduleDefinitionFromConfig(
      config.getConfig(fullKey),
    );
  } catch (error) {
    return fail(fullKey, (error as Error).message);
  }
}

/**
 * Reads `goldenPath.adr.*`; a bad value throws an error naming the key, so
 * the backend does not start with a half-understood configuration.
 * @param cwd - what relative local roots are resolved against
 */
export function readAdrConfig(
  config: Config,
  cwd: string = process.cwd(),
): AdrConfig {
  const localRoots = readLocalRoots(config, `${PREFIX}.localRoots`, cwd);

  return {
    localRoots,
    maxFileBytes: readInteger(
      config,
      'maxFileBytes',
      1024 * 1024,
      1,
      MAX_FILE_BYTES_LIMIT,
    ),
    maxFiles: readInteger(config, 'maxFiles', 1000, 1, 100_000),
    maxDepth: readInteger(config, 'maxDepth', 5, 1, 32),
    staleProposedDays: readInteger(config, 'staleProposedDays', 30, 1, 36500),
    schedule: readSchedule(config, 'schedule', DEFAULT_SCHEDULE),
    searchSchedule: readSchedule(
      config,
      'search.schedule',
      DEFAULT_SEARCH_SCHEDULE,
    ),
  };
}
