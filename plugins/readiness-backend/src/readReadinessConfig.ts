import { SchedulerServiceTaskScheduleDefinition } from '@backstage/backend-plugin-api';
import { Config } from '@backstage/config';
import {
  isTierName,
  TIER_NAMES,
  TierName,
} from '@golden-path/plugin-golden-path-common';
import {
  configError,
  LocalRoot,
  readConfigInteger,
  readConfigSchedule,
  readLocalRoots,
} from '@golden-path/plugin-golden-path-node';
import {
  DEFAULT_REQUIRED_LEVELS,
  isLevelOrNone,
  LevelOrNone,
} from '@golden-path/plugin-readiness-common';
import {
  CompiledRepositoryFileRule,
  compileRepositoryFileRules,
  DEFAULT_REPOSITORY_FILE_RULES,
} from './collectors/repositoryFileRules';

/** Where the plugin's settings live. */
export const CONFIG_PREFIX = 'goldenPath.readiness';

/** The settings of the readiness backend, read once at start-up. */
export type ReadinessConfig = {
  requiredLevels: Record<TierName, LevelOrNone>;
  /** `goldenPath.readiness.checks` as written; checked with the facts known at start-up. */
  checks: unknown[] | undefined;
  disabledChecks: string[];
  localRoots: LocalRoot[];
  historyDays: number;
  /** When every component is evaluated (task `readiness-evaluate`). */
  schedule: SchedulerServiceTaskScheduleDefinition;
  /** `collectors.<id>.schedule` where set, by collector id. */
  collectorSchedules: Map<string, SchedulerServiceTaskScheduleDefinition>;
  repository: {
    files: CompiledRepositoryFileRule[];
    maxFiles: number;
    maxFileBytes: number;
  };
};

const TOP_LEVEL_KEYS = [
  'requiredLevels',
  'checks',
  'disabledChecks',
  'localRoots',
  'historyDays',
  'schedule',
  'collectors',
];
const REPOSITORY_KEYS = ['schedule', 'files', 'maxFiles', 'maxFileBytes'];
const COLLECTOR_ID = /^[a-z][a-z0-9-]{0,62}$/;

/**
 * Default schedules of the built-in collectors without a schedule of their
 * own (the slo and adr modules' collectors bring theirs).
 */
export const DEFAULT_COLLECTOR_SCHEDULES: Record<
  'catalog' | 'repository',
  SchedulerServiceTaskScheduleDefinition
> = {
  catalog: {
    frequency: { minutes: 10 },
    timeout: { minutes: 10 },
    initialDelay: { seconds: 10 },
  },
  repository: {
    frequency: { minutes: 30 },
    timeout: { minutes: 30 },
    initialDelay: { seconds: 20 },
  },
};

/** The schedule of a collector added by a module that names none. */
export const DEFAULT_ADDED_COLLECTOR_SCHEDULE: SchedulerServiceTaskScheduleDefinition =
  {
    frequency: { minutes: 30 },
    timeout: { minutes: 30 },
    initialDelay: { seconds: 30 },
  };

/** When every component is evaluated, unless `goldenPath.readiness.schedule` says. */
export const DEFAULT_EVALUATION_SCHEDULE: SchedulerServiceTaskScheduleDefinition =
  {
    frequency: { minutes: 5 },
    timeout: { minutes: 10 },
    initialDelay: { seconds: 60 },
  };

/** The schedule of a collector: app-config, else its own, else the defaults. */
export function collectorSchedule(
  config: ReadinessConfig,
  collector: { id: string; schedule?: SchedulerServiceTaskScheduleDefinition },
): SchedulerServiceTaskScheduleDefinition {
  return (
    config.collectorSchedules.get(collector.id) ??
    collector.schedule ??
    (Object.prototype.hasOwnProperty.call(
      DEFAULT_COLLECTOR_SCHEDULES,
      collector.id,
    )
      ? DEFAULT_COLLECTOR_SCHEDULES[
          collector.id as keyof typeof DEFAULT_COLLECTOR_SCHEDULES
        ]
      : DEFAULT_ADDED_COLLECTOR_SCHEDULE)
  );
}

function unknownKeys(config: Config, key: string, known: string[]) {
  const unknown = config.keys().filter(k => !known.includes(k));
  if (unknown.length > 0) {
    configError(
      `${key}.${unknown[0]}`,
      `unknown key; expected one of ${known.join(', ')}`,
    );
  }
}

function readRequiredLevels(config: Config): Record<TierName, LevelOrNone> {
  const key = `${CONFIG_PREFIX}.requiredLevels`;
  const levels = { ...DEFAULT_REQUIRED_LEVELS };
  if (!config.has(key)) return levels;
  let section: Config;
  try {
    section = config.getConfig(key);
  } catch {
    return configError(key, `must be an object of tier: level`);
  }
  for (const tier of section.keys()) {
    if (!isTierName(tier)) {
      configError(
        `${key}.${tier}`,
        `unknown tier; expected one of ${TIER_NAMES.join(', ')}`,
      );
    }
    const value = section.getOptional(tier);
    if (!isLevelOrNone(value)) {
      configError(
        `${key}.${tier}`,
        `must be bronze, silver, gold or none, got ${JSON.stringify(value)}`,
      );
    }
    levels[tier] = value;
  }
  return levels;
}

function readDisabledChecks(config: Config): string[] {
  const key = `${CONFIG_PREFIX}.disabledChecks`;
  try {
    return config.getOptionalStringArray(key) ?? [];
  } catch {
    return configError(key, 'must be a list of check ids');
  }
}

function readCollectorSchedules(
  config: Config,
): Map<string, SchedulerServiceTaskScheduleDefinition> {
  const key = `${CONFIG_PREFIX}.collectors`;
  const schedules = new Map<string, SchedulerServiceTaskScheduleDefinition>();
  if (!config.has(key)) return schedules;
  let section: Config;
  try {
    section = config.getConfig(key);
  } catch {
    return configError(key, 'must be an object of collector id: settings');
  }
  for (const id of section.keys()) {
    if (!COLLECTOR_ID.test(id)) {
      configError(`${key}.${id}`, 'is not a collector id');
    }
    let collector: Config;
    try {
      collector = section.getConfig(id);
    } catch {
      return configError(`${key}.${id}`, 'must be an object');
    }
    unknownKeys(
      collector,
      `${key}.${id}`,
      id === 'repository' ? REPOSITORY_KEYS : ['schedule'],
    );
    if (collector.has('schedule')) {
      // The fallback is never used: the key is set.
      schedules.set(
        id,
        readConfigSchedule(
          config,
          `${key}.${id}.schedule`,
          DEFAULT_ADDED_COLLECTOR_SCHEDULE,
        ),
      );
    }
  }
  return schedules;
}

function readRepositoryFiles(config: Config): CompiledRepositoryFileRule[] {
  const key = `${CONFIG_PREFIX}.collectors.repository.files`;
  if (!config.has(key)) {
    return compileRepositoryFileRules(
      DEFAULT_REPOSITORY_FILE_RULES,
      'the shipped repository rules',
    );
  }
  return compileRepositoryFileRules(config.get(key), key);
}

/**
 * Reads `goldenPath.readiness.*` except the check definitions (checked
 * with the collectors' facts in loadReadinessChecks); a bad value throws an
 * error naming the key, so the backend does not start half-configured.
 * @param cwd - what relative local roots are resolved against
 */
export function readReadinessConfig(
  config: Config,
  cwd: string = process.cwd(),
): ReadinessConfig {
  if (config.has(CONFIG_PREFIX)) {
    let section: Config;
    try {
      section = config.getConfig(CONFIG_PREFIX);
    } catch {
      return configError(CONFIG_PREFIX, 'must be an object');
    }
    unknownKeys(section, CONFIG_PREFIX, TOP_LEVEL_KEYS);
  }
  const checksKey = `${CONFIG_PREFIX}.checks`;
  const checks: unknown = config.getOptional(checksKey);
  if (checks !== undefined && !Array.isArray(checks)) {
    configError(checksKey, 'must be a list of check definitions');
  }
  return {
    requiredLevels: readRequiredLevels(config),
    checks: checks as unknown[] | undefined,
    disabledChecks: readDisabledChecks(config),
    localRoots: readLocalRoots(config, `${CONFIG_PREFIX}.localRoots`, cwd),
    historyDays: readConfigInteger(config, `${CONFIG_PREFIX}.historyDays`, {
      fallback: 90,
      min: 1,
      max: 3650,
    }),
    schedule: readConfigSchedule(
      config,
      `${CONFIG_PREFIX}.schedule`,
      DEFAULT_EVALUATION_SCHEDULE,
    ),
    collectorSchedules: readCollectorSchedules(config),
    repository: {
      files: readRepositoryFiles(config),
      maxFiles: readConfigInteger(
        config,
        `${CONFIG_PREFIX}.collectors.repository.maxFiles`,
        { fallback: 500, min: 1, max: 100_000 },
      ),
      maxFileBytes: readConfigInteger(
        config,
        `${CONFIG_PREFIX}.collectors.repository.maxFileBytes`,
        { fallback: 256 * 1024, min: 1, max: 50 * 1024 * 1024 },
      ),
    },
  };
}
