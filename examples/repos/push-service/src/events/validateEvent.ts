import Ajv from 'ajv';
import schemas from '../../asyncapi.json';

const ajv = new Ajv({ allErrors: true });

export class EventValidationError extends Error {}

/** Refuses an event that does not match its AsyncAPI schema before it is written to the outbox. */
export function validateEvent(type: string, payload: unknown): void {
  const validate = ajv.getSchema(type) ?? ajv.compile((schemas as any)[type]);
  if (!validate(payload)) {
    throw new EventValidationError(`${type}: ${ajv.errorsText(validate.errors)}`);
  }
}
