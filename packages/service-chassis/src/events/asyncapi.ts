import { stringify } from 'yaml';
import { z } from 'zod';
import type { EventDefinition, EventRegistry } from './registry';

export interface AsyncApiOptions {
  /** The service name: the document's title. */
  serviceName: string;
  /** The service version (package.json). */
  version: string;
  /** Subjects are `${eventPrefix}.${event type}` (the relay's EVENT_PREFIX; by default the service name). */
  eventPrefix: string;
}

type JsonObject = { [key: string]: unknown };

/** 'saga.step-completed' -> 'sagaStepCompleted': channel, message and operation ids. */
export function eventId(type: string): string {
  const [first = '', ...rest] = type.split(/[^A-Za-z0-9]+/).filter(Boolean);
  return (
    first.charAt(0).toLowerCase() +
    first.slice(1) +
    rest.map(part => part.charAt(0).toUpperCase() + part.slice(1)).join('')
  );
}

/** The headers the outbox relay puts on every message of this event type. */
function headersSchema(definition: EventDefinition): JsonObject {
  return {
    type: 'object',
    properties: {
      'event-type': { type: 'string', const: definition.type },
      'aggregate-type': { type: 'string', const: definition.aggregateType },
      'aggregate-id': {
        type: 'string',
        description: 'Ordering key: events of one aggregate arrive in order.',
      },
      'idempotency-key': {
        type: 'string',
        description:
          'The writer-supplied key (or the event id); consumers de-duplicate on the message id.',
      },
      traceparent: {
        type: 'string',
        description: 'W3C trace context of the publish span.',
      },
      tracestate: { type: 'string' },
    },
    required: [
      'event-type',
      'aggregate-type',
      'aggregate-id',
      'idempotency-key',
    ],
  };
}

/**
 * An AsyncAPI 3.0 document for the registry: one channel per event type
 * (address = its subject), one `send` operation per channel, and one message
 * per event with its zod schema as a JSON Schema (draft 2020-12) payload.
 */
export function buildAsyncApi(
  registry: EventRegistry,
  options: AsyncApiOptions,
): JsonObject {
  const channels: JsonObject = {};
  const operations: JsonObject = {};
  const messages: JsonObject = {};
  for (const definition of registry.all()) {
    const id = eventId(definition.type);
    if (channels[id]) {
      throw new Error(
        `Event types '${definition.type}' and another one share the id '${id}'`,
      );
    }
    channels[id] = {
      address: `${options.eventPrefix}.${definition.type}`,
      description: definition.description,
      messages: { [id]: { $ref: `#/components/messages/${id}` } },
    };
    operations[`send${id.charAt(0).toUpperCase()}${id.slice(1)}`] = {
      action: 'send',
      summary: `Publishes ${definition.type} through the transactional outbox.`,
      channel: { $ref: `#/channels/${id}` },
      messages: [{ $ref: `#/channels/${id}/messages/${id}` }],
    };
    messages[id] = {
      name: definition.type,
      title: definition.type,
      summary: definition.description,
      contentType: 'application/json',
      headers: headersSchema(definition),
      payload: {
        schemaFormat: 'application/schema+json;version=draft-2020-12',
        schema: z.toJSONSchema(definition.schema),
      },
      bindings: {
        kafka: {
          key: { type: 'string', description: 'The aggregate id.' },
          bindingVersion: '0.5.0',
        },
      },
    };
  }
  return {
    asyncapi: '3.0.0',
    info: {
      title: `${options.serviceName} events`,
      version: options.version,
      description:
        'Events published through the transactional outbox: at least once, in order per aggregate, ' +
        'with the outbox row id as message id (Nats-Msg-Id on NATS, the message-id header on Kafka). ' +
        'Consumers de-duplicate on it. Subjects use the default EVENT_PREFIX (the service name).',
    },
    defaultContentType: 'application/json',
    channels,
    operations,
    components: { messages },
  };
}

/** The document as YAML, with a note that it is generated. */
export function asyncApiYaml(
  registry: EventRegistry,
  options: AsyncApiOptions,
): string {
  return (
    '# Generated from src/events/catalog.ts by `npm run asyncapi`: do not edit by hand.\n' +
    stringify(buildAsyncApi(registry, options), { lineWidth: 0 })
  );
}
