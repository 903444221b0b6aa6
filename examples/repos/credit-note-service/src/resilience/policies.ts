import {
  bulkhead,
  circuitBreaker,
  ConsecutiveBreaker,
  handleAll,
  timeout,
  TimeoutStrategy,
  wrap,
} from 'cockatiel';

/** Every outbound call goes through a timeout, a circuit breaker and a bulkhead. */
export const outboundPolicy = wrap(
  timeout(2_000, TimeoutStrategy.Aggressive),
  circuitBreaker(handleAll, {
    halfOpenAfter: 10_000,
    breaker: new ConsecutiveBreaker(5),
  }),
  bulkhead(20, 50),
);
