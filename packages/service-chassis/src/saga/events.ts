import { z } from 'zod';
import type { EventRegistry } from '../events/registry';

/**
 * The saga engine's lifecycle events (aggregate = the saga instance). A
 * service that runs sagas defines them in its event registry (its AsyncAPI
 * document then lists them); the engine refuses to start without them.
 */
export const SAGA_EVENT_TYPES = [
  'saga.started',
  'saga.step-completed',
  'saga.step-failed',
  'saga.compensating',
  'saga.completed',
  'saga.compensated',
  'saga.failed',
] as const;

const id = z.string().min(1).max(64);

/** Adds the saga lifecycle events to `events`. */
export function defineSagaEvents(events: EventRegistry): void {
  const sagaRef = { sagaId: id, sagaName: z.string().min(1).max(200) };
  const phase = z.enum(['invoke', 'compensate']);

  events.define({
    type: 'saga.started',
    aggregateType: 'saga',
    description: 'A saga instance was created; its steps run in this order.',
    schema: z.object({ ...sagaRef, steps: z.array(z.string().min(1)).min(1) }),
  });

  events.define({
    type: 'saga.step-completed',
    aggregateType: 'saga',
    description:
      "A step's invoke (or, while compensating, its compensation) succeeded and was recorded.",
    schema: z.object({
      ...sagaRef,
      step: z.string().min(1),
      phase,
      attempt: z.number().int().positive(),
    }),
  });

  events.define({
    type: 'saga.step-failed',
    aggregateType: 'saga',
    description:
      'An attempt of a step (invoke or compensation) failed or timed out; willRetry says whether another attempt follows.',
    schema: z.object({
      ...sagaRef,
      step: z.string().min(1),
      phase,
      attempt: z.number().int().positive(),
      error: z.string(),
      timedOut: z.boolean(),
      willRetry: z.boolean(),
    }),
  });

  events.define({
    type: 'saga.compensating',
    aggregateType: 'saga',
    description:
      'A step failed for good (or the saga passed its deadline): the steps are being compensated in reverse order, from the failed step itself when its invoke was attempted.',
    schema: z.object({
      ...sagaRef,
      failedStep: z.string().min(1),
      error: z.string(),
    }),
  });

  events.define({
    type: 'saga.completed',
    aggregateType: 'saga',
    description: 'Every step of the saga succeeded.',
    schema: z.object(sagaRef),
  });

  events.define({
    type: 'saga.compensated',
    aggregateType: 'saga',
    description:
      'A step failed and every step whose invoke was attempted, the failed one included, was compensated.',
    schema: z.object({
      ...sagaRef,
      failedStep: z.string().min(1),
      error: z.string(),
    }),
  });

  events.define({
    type: 'saga.failed',
    aggregateType: 'saga',
    description:
      'A compensation kept failing: the saga stopped and needs an operator (the error says which step).',
    schema: z.object({
      ...sagaRef,
      failedStep: z.string().min(1),
      error: z.string(),
    }),
  });
}
