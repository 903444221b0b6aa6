/**
 * @golden-path/service-chassis: the reliability plumbing of Golden Path
 * services. See README.md for each guarantee and its limits.
 */
export {
  ConfigError,
  loadChassisConfig,
  TierSchema,
  type ChassisConfig,
  type ConfigDefaults,
  type Tier,
} from './config';
export { createLogger, type Logger } from './logger';
export {
  ServiceRuntime,
  isHttpDependencyFailure,
  type ServiceRuntimeOptions,
} from './runtime';

// Database
export { createDb, isPostgres, migrateLatest } from './db/knex';
export {
  chassisMigrations,
  migrationSource,
  type Migration,
} from './db/migrations';

// Events, outbox and inbox
export {
  EventRegistry,
  EventValidationError,
  type EventDefinition,
} from './events/registry';
export {
  asyncApiYaml,
  buildAsyncApi,
  eventId,
  type AsyncApiOptions,
} from './events/asyncapi';
export type { NewEvent, UnitOfWork, UnitOfWorkContext } from './outbox/types';
export { KnexUnitOfWork } from './outbox/unitOfWork';
export {
  OutboxRelay,
  backoffDelay,
  refusalReason,
  type OutboxRelayOptions,
  type PollResult,
  type PublishOutcome,
  type RefusalReason,
  type RelayMetrics,
} from './outbox/relay';
export { outboxStats, runningSagas } from './outbox/stats';
export {
  cleanupMessaging,
  scheduleCleanup,
  DEFAULT_DEAD_LETTER_RETENTION_HOURS,
  type CleanupOptions,
  type CleanupResult,
} from './outbox/cleanup';

// Brokers and consumers
export type {
  Broker,
  IncomingMessage,
  MessageHandler,
  OutgoingMessage,
  SubscribeOptions,
  Subscription,
} from './messaging/types';
export { createBroker } from './messaging/createBroker';
export {
  NatsBroker,
  DEFAULT_DUPLICATE_WINDOW_MS,
  type NatsBrokerOptions,
  type NatsBrokerState,
} from './messaging/nats';
export { KafkaBroker, type KafkaBrokerOptions } from './messaging/kafka';
export {
  InProcessBroker,
  BrokerUnavailableError,
  type InProcessBrokerOptions,
} from './messaging/inProcess';
export { BrokerNotConnectedError } from './messaging/types';
export {
  subjectMatches,
  subjectPatternToRegExp,
  isWildcard,
} from './messaging/subjects';
export {
  createIdempotentConsumer,
  REPLAY_FOR_CONSUMER_HEADER,
  REDELIVERY_MARGIN,
  type IdempotentConsumer,
  type IdempotentConsumerOptions,
  type ProcessOutcome,
} from './messaging/consumer';
export {
  replayDeadLetters,
  type ReplayDeadLettersOptions,
  type DeadLetterReplayResult,
  type ReplayedDeadLetter,
  type ReplayOutcome,
} from './messaging/deadLetters';

// Sagas
export {
  defineSaga,
  isRetryable,
  StepTimeoutError,
  FINAL_STATUSES,
  type SagaDefinition,
  type SagaStepDefinition,
  type SagaStatus,
  type StepContext,
  type StepPhase,
  type SagaOutcomeContext,
  type SagaFailureContext,
} from './saga/define';
export {
  SagaEngine,
  SagaConflictError,
  DEFAULT_LEASE_TTL_MS,
  DEFAULT_RECOVERY_INTERVAL_MS,
  type SagaEngineOptions,
  type SagaRunResult,
  type SagaView,
} from './saga/engine';
export type {
  SagaMetrics,
  SagaHaltReason,
  StepAttemptOutcome,
} from './saga/metrics';
export {
  RetryBudget,
  RETRY_BUDGET_DEFAULTS,
  type RetryBudgetOptions,
} from './saga/retryBudget';
export { defineSagaEvents, SAGA_EVENT_TYPES } from './saga/events';

// Resilience and outbound HTTP
export {
  PolicyRegistry,
  createPolicy,
  resolvePolicySettings,
  policyEnvName,
  worstCaseBackoffMs,
  TIER_POLICY_DEFAULTS,
  POLICY_ENV_SUFFIXES,
  PolicyConfigError,
  DependencyUnavailableError,
  DependencyTimeoutError,
  CircuitOpenError,
  BulkheadFullError,
  type PolicySettings,
  type ResilientPolicy,
  type CreatePolicyOptions,
} from './resilience/policies';
export {
  passthroughPolicy,
  type BreakerState,
  type DependencyPolicy,
} from './resilience/types';
export {
  HttpClient,
  HttpError,
  type HttpClientOptions,
  type HttpRequest,
} from './http/client';
export { createHttpServer, type HttpServerOptions } from './http/server';
export {
  RequestValidationError,
  HttpProblem,
  parseRequest,
  type RequestIssue,
} from './http/validation';
export {
  withIdempotencyKey,
  idempotencyKeyOf,
  idempotencyKeySchema,
  isUniqueViolation,
  type StoredResponse,
} from './http/idempotency';

// Telemetry, health and metrics
export {
  withSpan,
  traceHeaders,
  contextFromHeaders,
  spanContextFromHeaders,
  linksFromHeaders,
  currentTraceId,
  tracer,
  SpanKind,
  type SpanOptions,
} from './telemetry/trace';
export { instrumentKnex } from './telemetry/knex';
export {
  startTelemetry,
  shutdownTelemetry,
  activeTelemetry,
  samplerFromEnv,
  UNTRACED_PATHS,
  type Telemetry,
  type TelemetryOptions,
} from './telemetry/sdk';
export {
  databaseCheck,
  brokerCheck,
  breakersCheck,
  outboxCheck,
  runChecks,
  type OutboxCheckOptions,
  type CheckResult,
  type CheckReport,
  type ReadinessCheck,
} from './ops/health';
export {
  Metrics,
  type OutboxStats,
  type BulkheadSample,
  type SagaCount,
} from './ops/metrics';
export {
  registerOps,
  type OpsDeps,
  type AnyFastifyInstance,
} from './ops/plugin';
