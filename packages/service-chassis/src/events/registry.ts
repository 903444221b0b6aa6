import { z } from 'zod';

/** An event type: its name, the aggregate it belongs to and its payload schema. */
export interface EventDefinition<S extends z.ZodType = z.ZodType> {
  type: string;
  aggregateType: string;
  description: string;
  schema: S;
}

/** Thrown when a payload does not match its event schema: nothing reaches the outbox. */
export class EventValidationError extends Error {
  constructor(readonly eventType: string, readonly issues: z.core.$ZodIssue[]) {
    super(
      `Event '${eventType}' refused: ${issues
        .map(i => `${i.path.join('.') || '(payload)'}: ${i.message}`)
        .join('; ')}`,
    );
    this.name = 'EventValidationError';
  }
}

/** The service's event contracts; the AsyncAPI document is generated from it. */
export class EventRegistry {
  private readonly definitions = new Map<string, EventDefinition>();

  define<S extends z.ZodType>(
    definition: EventDefinition<S>,
  ): EventDefinition<S> {
    if (this.definitions.has(definition.type)) {
      throw new Error(`Event type '${definition.type}' is defined twice`);
    }
    this.definitions.set(definition.type, definition);
    return definition;
  }

  get(type: string): EventDefinition | undefined {
    return this.definitions.get(type);
  }

  all(): EventDefinition[] {
    return [...this.definitions.values()].sort((a, b) =>
      a.type.localeCompare(b.type),
    );
  }

  /** The parsed payload, or EventValidationError (also for an unknown type). */
  validate(type: string, payload: unknown): unknown {
    const definition = this.definitions.get(type);
    if (!definition) {
      throw new EventValidationError(type, [
        {
          code: 'custom',
          path: [],
          message: `unknown event type '${type}'`,
          input: payload,
        } as z.core.$ZodIssue,
      ]);
    }
    const result = definition.schema.safeParse(payload);
    if (!result.success)
      throw new EventValidationError(type, result.error.issues);
    return result.data;
  }
}
