import type { Logger } from 'pino';
import type { ChassisConfig } from '../config';
import { InProcessBroker } from './inProcess';
import { KafkaBroker } from './kafka';
import { NatsBroker } from './nats';
import type { Broker } from './types';

/** The configured broker, not yet connected (call connect()). */
export function createBroker(
  config: Pick<ChassisConfig, 'broker' | 'eventPrefix'>,
  logger?: Logger,
): Broker {
  const broker = config.broker;
  switch (broker.kind) {
    case 'nats':
      return new NatsBroker({
        servers: broker.servers,
        stream: broker.stream,
        duplicateWindowMs: broker.duplicateWindowMs,
        eventPrefix: config.eventPrefix,
        logger,
      });
    case 'kafka':
      return new KafkaBroker({
        brokers: broker.brokers,
        clientId: broker.clientId,
        eventPrefix: config.eventPrefix,
        logger,
      });
    case 'in-process':
      return new InProcessBroker();
  }
}
