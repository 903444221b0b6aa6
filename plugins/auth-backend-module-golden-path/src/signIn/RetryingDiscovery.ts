/**
 * An OIDC authenticator context whose `promise` is the IdP's discovery
 * (`Issuer.discover(metadataUrl)`, started when the backend starts).
 * @public
 */
export interface DiscoveringContext {
  promise: Promise<unknown>;
}

/**
 * Holds an authenticator context whose discovery may fail, and starts a new
 * one when a request finds the last one failed. Backstage's OIDC
 * authenticator discovers the IdP once at start-up and keeps a failed
 * discovery for good: an IdP that was down for a moment when the backend
 * started would refuse every sign-in until a restart.
 * @public
 */
export class RetryingDiscovery<TContext extends DiscoveringContext> {
  private current: TContext;

  /** `initialize` runs now, so a config error still fails the start-up. */
  constructor(private readonly initialize: () => TContext) {
    this.current = this.start();
  }

  /** The context once its discovery succeeded; a failed one is retried once per call. */
  async get(): Promise<TContext> {
    const context = this.current;
    try {
      await context.promise;
      return context;
    } catch {
      // Concurrent callers that saw the same failure share one new attempt.
      if (this.current === context) {
        this.current = this.start();
      }
      const retry = this.current;
      await retry.promise;
      return retry;
    }
  }

  private start(): TContext {
    const context = this.initialize();
    // Reported to the request that awaits it, not as an unhandled rejection.
    context.promise.catch(() => {});
    return context;
  }
}
