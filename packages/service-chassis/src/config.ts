import { z } from 'zod';
import { DEFAULT_DUPLICATE_WINDOW_MS } from './messaging/nats';

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
      /** JetStream's de-duplication window (default DEFAULT_DUPLICATE_WINDOW_MS: why 10 min). */
      duplicateWindowMs: z.coerce.number().int().positive().optional(),
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
    /** Dead letters are kept longer than the rest: a person has to look at each. */
    deadLetterRetentionHours: z.coerce.number().positive(),
    /** Cap of the relay's backoff after real broker failures. */
    backoffMaxMs: z.coerce.number().int().positive(),
    /** The outbox readiness check flags a relay stuck this long (see outboxCheck). */
    stuckAfterMs: z.coerce.number().int().positive(),
  }),
  saga: z.object({
    /** How often the saga engine looks for sagas whose owner is gone. */
    recoveryIntervalMs: z.coerce.number().int().positive(),
    /**
     * How long an engine's claim on a saga holds without renewal (renewed
     * every third of it): a crashed replica's sagas wait this long.
     */
    leaseTtlMs: z.coerce.number().int().positive(),
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
  'broker.duplicateWindowMs': 'NATS_DUPLICATE_WINDOW_MS',
  'broker.brokers': 'KAFKA_BROKERS',
  'broker.clientId': 'KAFKA_CLIENT_ID',
  eventPrefix: 'EVENT_PREFIX',
  'outbox.pollIntervalMs': 'OUTBOX_POLL_INTERVAL_MS',
  'outbox.batchSize': 'OUTBOX_BATCH_SIZE',
  'outbox.retentionHours': 'OUTBOX_RETENTION_HOURS',
  'outbox.deadLetterRetentionHours': 'DEAD_LETTER_RETENTION_HOURS',
  'outbox.backoffMaxMs': 'OUTBOX_BACKOFF_MAX_MS',
  'outbox.stuckAfterMs': 'OUTBOX_STUCK_AFTER_MS',
  'saga.recoveryIntervalMs': 'SAGA_RECOVERY_INTERVAL_MS',
  'saga.leaseTtlMs': 'SAGA_LEASE_TTL_MS',
};

/**
 * Reads the chassis' configuration (service name and tier, HTTP, database,
 * broker, outbox, sagas) from `env`; ConfigError names every bad variable.
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
            duplicateWindowMs:
              env.NATS_DUPLICATE_WINDOW_MS ??
              String(DEFAULT_DUPLICATE_WINDOW_MS),
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
      deadLetterRetentionHours: env.DEAD_LETTER_RETENTION_HOURS ?? '720',
      backoffMaxMs: env.OUTBOX_BACKOFF_MAX_MS ?? '30000',
      stuckAfterMs: env.OUTBOX_STUCK_AFTER_MS ?? '120000',
    },
    saga: {
      recoveryIntervalMs: env.SAGA_RECOVERY_INTERVAL_MS ?? '5000',
      leaseTtlMs: env.SAGA_LEASE_TTL_MS ?? '30000',
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
