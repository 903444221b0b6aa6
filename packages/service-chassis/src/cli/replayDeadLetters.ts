#!/usr/bin/env node
import { parseArgs } from 'node:util';
import { ConfigError, loadChassisConfig } from '../config';
import { createDb } from '../db/knex';
import { createLogger } from '../logger';
import { createBroker } from '../messaging/createBroker';
import { replayDeadLetters } from '../messaging/deadLetters';
import { NatsBroker } from '../messaging/nats';

const USAGE = `usage: node node_modules/@golden-path/service-chassis/dist/cli/replayDeadLetters.js
         (--consumer <name> | --id <message id>)... [--limit <n>] [--wait-ms <ms>]

Publishes again the messages a consumer parked in dead_letter, oldest first,
for that consumer only, and deletes their dead_letter and inbox rows. Reads
the service's database and broker from its environment (SERVICE_NAME,
DATABASE_*, BROKER, NATS_*, KAFKA_*, EVENT_PREFIX).

  --consumer <name>  the consumer's parked messages
  --id <message id>  this message (repeat for several)
  --limit <n>        at most n messages (default 1000)
  --wait-ms <ms>     how long to wait for NATS (default 10000)`;

/**
 * The replay CLI: returns the exit code (0 all replayed, 1 a publish failed
 * or NATS did not answer, 2 bad usage or configuration) and prints through
 * `print`.
 */
export async function runReplayDeadLettersCli(
  argv: string[],
  env: NodeJS.ProcessEnv,
  print: (line: string) => void = line => console.log(line),
): Promise<number> {
  let values;
  try {
    ({ values } = parseArgs({
      args: argv,
      options: {
        consumer: { type: 'string' },
        id: { type: 'string', multiple: true },
        limit: { type: 'string' },
        'wait-ms': { type: 'string' },
        help: { type: 'boolean', short: 'h' },
      },
      strict: true,
      allowPositionals: false,
    }));
  } catch (error) {
    print(`${error instanceof Error ? error.message : String(error)}\n`);
    print(USAGE);
    return 2;
  }
  if (values.help) {
    print(USAGE);
    return 0;
  }
  const limit = values.limit === undefined ? undefined : Number(values.limit);
  const waitMs = Number(values['wait-ms'] ?? 10_000);
  // Replaying every consumer's dead letters takes asking for them by name.
  const problems = [
    values.consumer === undefined && values.id === undefined
      ? 'give --consumer or --id'
      : undefined,
    limit !== undefined && !(Number.isInteger(limit) && limit > 0)
      ? '--limit must be a positive integer'
      : undefined,
    !(Number.isFinite(waitMs) && waitMs >= 0)
      ? '--wait-ms must be a number of milliseconds'
      : undefined,
  ].filter(p => p !== undefined);
  if (problems.length > 0) {
    print(`${problems.join('; ')}\n`);
    print(USAGE);
    return 2;
  }

  let config;
  try {
    config = loadChassisConfig(env, {
      serviceName: env.SERVICE_NAME ?? '',
      tier: 'standard',
    });
  } catch (error) {
    if (!(error instanceof ConfigError)) throw error;
    print(error.message);
    return 2;
  }
  if (config.broker.kind === 'in-process') {
    print(
      "BROKER is in-process: a replay from this process would reach no consumer. Run it with the service's BROKER (nats or kafka).",
    );
    return 2;
  }
  // Its own lines are the output; the broker's logs only when they matter.
  const logger = createLogger({
    level: env.LOG_LEVEL ? config.logLevel : 'warn',
    serviceName: config.serviceName,
  }).child({ tool: 'replayDeadLetters' });
  const db = createDb(config.database);
  const broker = createBroker(config, logger);
  try {
    await broker.connect();
    if (broker instanceof NatsBroker && !(await broker.ready(waitMs))) {
      print(
        `NATS did not answer at ${
          config.broker.kind === 'nats' ? config.broker.servers : ''
        } within ${waitMs} ms: nothing replayed.`,
      );
      return 1;
    }
    const result = await replayDeadLetters(db, broker, {
      consumer: values.consumer,
      ids: values.id,
      limit,
    });
    const scope = [
      values.consumer === undefined ? '' : ` of consumer ${values.consumer}`,
      values.id === undefined ? '' : ` with id ${values.id.join(', ')}`,
    ].join('');
    if (result.selected === 0) {
      print(`no parked message${scope} in dead_letter: nothing replayed.`);
      return 0;
    }
    print(
      `replayed ${result.replayed} of ${result.selected} parked message(s)${scope}` +
        (result.failed > 0
          ? `; stopped at a failed publish, ${result.notAttempted} not attempted`
          : '') +
        (result.skipped > 0
          ? `; ${result.skipped} no longer parked (replayed meanwhile)`
          : '') +
        '.',
    );
    for (const m of result.messages) {
      print(
        `  ${m.outcome.padEnd(13)} ${m.consumer} ${m.messageId} ${m.subject}${
          m.error ? `: ${m.error}` : ''
        }`,
      );
    }
    return result.failed > 0 ? 1 : 0;
  } finally {
    await broker.close();
    await db.destroy();
  }
}

// Run as a program (node dist/cli/replayDeadLetters.js), not when imported.
if (typeof require !== 'undefined' && require.main === module) {
  runReplayDeadLettersCli(process.argv.slice(2), process.env).then(
    code => process.exit(code),
    (error: unknown) => {
      console.error(
        `replay failed: ${
          error instanceof Error ? error.message : String(error)
        }`,
      );
      process.exit(1);
    },
  );
}
