import { parse } from 'yaml';
import { describe, expect, it } from 'vitest';
import { z } from 'zod';
import { asyncApiYaml, buildAsyncApi, eventId } from '../src/events/asyncapi';
import { EventRegistry } from '../src/events/registry';

function registry(): EventRegistry {
  const events = new EventRegistry();
  events.define({
    type: 'order.placed',
    aggregateType: 'order',
    description: 'An order was placed.',
    schema: z.object({
      orderId: z.string().min(1),
      items: z
        .array(
          z.object({ sku: z.string(), quantity: z.number().int().positive() }),
        )
        .min(1),
      note: z.string().optional(),
    }),
  });
  events.define({
    type: 'saga.step-completed',
    aggregateType: 'saga',
    description: 'A step completed.',
    schema: z.object({
      sagaId: z.string(),
      phase: z.enum(['invoke', 'compensate']),
    }),
  });
  return events;
}

/** Follows a local `#/a/b` reference in the document. */
function resolve(doc: Record<string, unknown>, ref: string): unknown {
  return ref
    .replace(/^#\//, '')
    .split('/')
    .reduce<unknown>(
      (node, key) => (node as Record<string, unknown> | undefined)?.[key],
      doc,
    );
}

describe('AsyncAPI document', () => {
  const options = {
    serviceName: 'orders',
    version: '1.2.3',
    eventPrefix: 'orders',
  };

  it('has a channel, a send operation and a message per event type', () => {
    const doc = buildAsyncApi(registry(), options) as Record<string, any>;
    expect(doc.asyncapi).toBe('3.0.0');
    expect(doc.info).toMatchObject({
      title: 'orders events',
      version: '1.2.3',
    });
    expect(Object.keys(doc.channels)).toEqual([
      'orderPlaced',
      'sagaStepCompleted',
    ]);
    expect(doc.channels.orderPlaced.address).toBe('orders.order.placed');
    expect(doc.channels.sagaStepCompleted.address).toBe(
      'orders.saga.step-completed',
    );
    expect(doc.operations.sendOrderPlaced).toMatchObject({
      action: 'send',
      channel: { $ref: '#/channels/orderPlaced' },
    });
    // Every reference points at something.
    for (const operation of Object.values(doc.operations) as Array<
      Record<string, any>
    >) {
      expect(resolve(doc, operation.channel.$ref)).toBeDefined();
      for (const m of operation.messages) {
        const channelMessage = resolve(doc, m.$ref) as { $ref: string };
        expect(resolve(doc, channelMessage.$ref)).toBeDefined();
      }
    }
  });

  it('carries each payload schema as JSON Schema from zod, and the relay headers', () => {
    const events = registry();
    const doc = buildAsyncApi(events, options) as Record<string, any>;
    const message = doc.components.messages.orderPlaced;
    expect(message.name).toBe('order.placed');
    expect(message.payload.schemaFormat).toBe(
      'application/schema+json;version=draft-2020-12',
    );
    expect(message.payload.schema).toEqual(
      z.toJSONSchema(events.get('order.placed')!.schema),
    );
    expect(message.payload.schema.required).toEqual(['orderId', 'items']);
    expect(message.headers.properties['event-type']).toEqual({
      type: 'string',
      const: 'order.placed',
    });
    expect(message.headers.required).toContain('aggregate-id');
  });

  it('derives ids from event types', () => {
    expect(eventId('order.placed')).toBe('orderPlaced');
    expect(eventId('saga.step-completed')).toBe('sagaStepCompleted');
  });

  it('writes YAML that parses back to the document', () => {
    const text = asyncApiYaml(registry(), options);
    expect(text.startsWith('# Generated')).toBe(true);
    expect(parse(text)).toEqual(buildAsyncApi(registry(), options));
  });
});
