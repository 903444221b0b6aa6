import { CustomErrorBase } from '@backstage/errors';

/**
 * A call made again sooner than its endpoint allows (HTTP 429). The status
 * is a getter, as in {@link PayloadTooLargeError}, so Backstage's error
 * handler answers 429 without repeating it in the body; `retryAfterSeconds`
 * is a field on purpose: it is serialized into the body's `error`, where a
 * browser on another origin can read it (it cannot read the `Retry-After`
 * header unless CORS exposes it).
 * @public
 */
export class TooManyRequestsError extends CustomErrorBase {
  /** Whole seconds until the call may be made again (the `Retry-After` header). */
  readonly retryAfterSeconds: number;

  constructor(message: string, retryAfterSeconds: number) {
    super(message);
    this.retryAfterSeconds = retryAfterSeconds;
  }

  get statusCode(): number {
    return 429;
  }
}
