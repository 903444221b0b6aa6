import {
  ConfigError,
  loadChassisConfig,
  type ChassisConfig,
} from '@golden-path/service-chassis';
import { z } from 'zod';
import { SERVICE_DEFAULTS } from './service';

/**
 * Everything the service reads from its environment, validated once at
 * start: the chassis' settings (SERVICE_NAME, SERVICE_TIER, PORT, database,
 * broker, outbox; see the chassis README) and this service's own.
 */
export interface Config extends ChassisConfig {
  /** Base URL the PlaceOrder saga calls for inventory, payment and shipping. */
  dependenciesBaseUrl?: string;
}

/** Reads the configuration from `env` (default: process.env); ConfigError names every bad variable. */
export function loadConfig(env: NodeJS.ProcessEnv = process.env): Config {
  const problems: string[] = [];
  let chassis: ChassisConfig | undefined;
  try {
    chassis = loadChassisConfig(env, SERVICE_DEFAULTS);
  } catch (error) {
    if (!(error instanceof ConfigError)) throw error;
    problems.push(...error.problems);
  }
  const base = z.url().optional().safeParse(env.DEPENDENCIES_BASE_URL);
  if (!base.success) {
    problems.push(
      `DEPENDENCIES_BASE_URL: ${base.error.issues[0]?.message ?? 'invalid'}`,
    );
  }
  if (problems.length > 0 || !chassis) throw new ConfigError(problems);
  return { ...chassis, dependenciesBaseUrl: base.data };
}
