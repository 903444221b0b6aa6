import { SchedulerServiceTaskScheduleDefinition } from '@backstage/backend-plugin-api';
import { Config } from '@backstage/config';
import {
  readConfigInteger,
  readConfigSchedule,
  readLocalRoots,
} from '@golden-path/plugin-golden-path-node';

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
    maxFileBytes: readConfigInteger(config, `${PREFIX}.maxFileBytes`, {
      fallback: 1024 * 1024,
      min: 1,
      max: MAX_FILE_BYTES_LIMIT,
    }),
    maxFiles: readConfigInteger(config, `${PREFIX}.maxFiles`, {
      fallback: 1000,
      min: 1,
      max: 100_000,
    }),
    maxDepth: readConfigInteger(config, `${PREFIX}.maxDepth`, {
      fallback: 5,
      min: 1,
      max: 32,
    }),
    staleProposedDays: readConfigInteger(
      config,
      `${PREFIX}.staleProposedDays`,
      { fallback: 30, min: 1, max: 36500 },
    ),
    schedule: readConfigSchedule(
      config,
      `${PREFIX}.schedule`,
      DEFAULT_SCHEDULE,
    ),
    searchSchedule: readConfigSchedule(
      config,
      `${PREFIX}.search.schedule`,
      DEFAULT_SEARCH_SCHEDULE,
    ),
  };
}
