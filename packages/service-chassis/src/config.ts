import { z } from 'zod';

/**
 * What the chassis reads from the environment, validated once at start.
 * Runtime choices (database, broker) are configuration, not template branches.
 */
export const TierSchema = z.enum([
  'critical',
  'important',
  'standard',
  'best-effort',
]);
export type Tier = z.infer<typeof TierSchema>;

const ConfigSchema = z.object({
  serviceName: z.string().min(1),
  tier: TierSchema,
  port: z.coerce.number().int().min(0).max(65535),
  host: z.string().min(1),
  logLevel: z.enum([
    'fatal',
    'error',
    'warn',
    'info',
    'debug',
    'trace',
    'silent',
  ]),
  database: z.discriminatedUnion('client', [
    z.object({
      client: z.literal('sqlite'),
      /** A file path, or ':memory:' for tests. */
      filename: z.string().min(1),
    }),
    z.object({
      client: z.literal('pg'),
      connectionString: z.string().url(),
    }),
  ]),
  broker: z.discriminatedUnion('kind', [
    z.object({ kind: z.literal('in-process') }),
    z.object({
      kind: z.literal('nats'),
      servers: z.string().min(1),
      stream: z.string().min(1),
    }),
    z.object({
      kind: z.literal('kafka'),
      brokers: z.array(z.string().min(1)).min(1),
      clientId: z.string().min(1),
    }),
  ]),
  /** Subject/topic prefix for this service's events. */
  eventPrefix: z.string().min(1),
  outbox: z.object({
    pollIntervalMs: z.coerce.number().int().positive(),
    batchSize: z.coerce.number().int().positive().max(10_000),
    retentionHours: z.coerce.number().positive(),
  }),
});
export type ChassisConfig = z.infer<typeof ConfigSchema>;

/** What a service names itself when the environment does not say. */
export interface ConfigDefaults {
  serviceName: string;
  tier: Tier;
}

/** Thrown with every problem found, each naming its environment variable. */
export class ConfigError extends Error {
  constructor(readonly problems: string[]) {
    super(`Invalid configuration:\n  - ${problems.join('\n  - ')}`);
    this.name = 'ConfigError';
  }
}

const ENV_NAMES: Record<string, string> = {
  serviceName: 'SERVICE_NAME',
  tier: 'SERVICE_TIER',
  port: 'PORT',
  host: 'HOST',
  logLevel: 'LOG_LEVEL',
  'database.client': 'DATABASE_CLIENT',
  'database.filename': 'DATABASE_FILENAME',
  'database.connectionString': 'DATABASE_URL',
  'broker.kind': 'BROKER',
  'broker.servers': 'NATS_URL',
  'broker.stream': 'NATS_STREAM',
  'broker.brokers': 'KAFKA_BROKERS',
  'broker.clientId': 'KAFKA_CLIENT_ID',
  eventPrefix: 'EVENT_PREFIX',
  'outbox.pollIntervalMs': 'OUTBOX_POLL_INTERVAL_MS',
  'outbox.batchSize': 'OUTBOX_BATCH_SIZE',
  'outbox.retentionHours': 'OUTBOX_RETENTION_HOURS',
};

/**
 * Reads the chassis' configuration (service name and tier, HTTP, database,
 * broker, outbox) from `env`; ConfigError names every bad variable.
 */
export function loadChassisConfig(
  env: NodeJS.ProcessEnv,
  defaults: ConfigDefaults,
): ChassisConfig {
  const serviceName = env.SERVICE_NAME ?? defaults.serviceName;
  const databaseClient = env.DATABASE_CLIENT ?? 'sqlite';
  const brokerKind = env.BROKER ?? 'in-process';
  const raw = {
    serviceName,
    tier: env.SERVICE_TIER ?? defaults.tier,
    port: env.PORT ?? '3000',
    host: env.HOST ?? '0.0.0.0',
    logLevel: env.LOG_LEVEL ?? 'info',
    database:
      databaseClient === 'pg'
        ? { client: 'pg', connectionString: env.DATABASE_URL }
        : {
            client: databaseClient,
            filename: env.DATABASE_FILENAME ?? `./data/${serviceName}.sqlite`,
          },
    broker:
      brokerKind === 'nats'
        ? {
            kind: 'nats',
            servers: env.NATS_URL ?? 'nats://127.0.0.1:4222',
            stream:
              env.NATS_STREAM ??
              serviceName.toUpperCase().replace(/[^A-Z0-9]/g, '_'),
          }
        : brokerKind === 'kafka'
        ? {
            kind: 'kafka',
            brokers: (env.KAFKA_BROKERS ?? '')
              .split(',')
              .map(s => s.trim())
              .filter(Boolean),
            clientId: env.KAFKA_CLIENT_ID ?? serviceName,
          }
        : { kind: brokerKind },
    eventPrefix: env.EVENT_PREFIX ?? serviceName,
    outbox: {
      pollIntervalMs: env.OUTBOX_POLL_INTERVAL_MS ?? '200',
      batchSize: env.OUTBOX_BATCH_SIZE ?? '500',
      retentionHours: env.OUTBOX_RETENTION_HOURS ?? '72',
    },
  };
  const parsed = ConfigSchema.safeParse(raw);
  if (!parsed.success) {
    throw new ConfigError(
      parsed.error.issues.map(issue => {
        const key = issue.path.join('.');
        const name = ENV_NAMES[key] ?? key;
        return `${name}: ${issue.message}`;
      }),
    );
  }
  return parsed.data;
}
