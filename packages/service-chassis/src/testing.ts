/**
 * `@golden-path/service-chassis/testing`: what a service's own tests use —
 * real databases (SQLite in memory, a PostgreSQL database of their own),
 * the broker's availability with a skip reason, and in-memory tracing.
 */
export * from './testing/infra';
export * from './testing/tracing';
export * from './testing/recordingBroker';
export * from './testing/natsServer';
