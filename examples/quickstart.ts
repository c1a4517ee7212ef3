// The README's example: fetch through an SLO tracker, a retry (with a budget), a circuit breaker
// and a timeout per attempt; failing statuses count as failures everywhere, and Retry-After is
// honoured. The README shows this file from its first import on; a test keeps the two identical.
import { CircuitBreaker, failureRate } from 'ballast/breaker';
import { fetchWith, isRetryable, retryAfterFromError } from 'ballast/http';
import { observe, TimeoutPolicy, wrap } from 'ballast/policy';
import { RetryBudget, RetryPolicy } from 'ballast/retry';
import { SloTracker } from 'ballast/slo';

const slo = new SloTracker({ name: 'catalog', objective: 0.999, latencyThresholdMs: 300 });
slo.events.on('alertStart', ({ alert }) => console.error(`${alert.severity}: catalog SLO burning`));

// 408, 429 and 5xx become HttpStatusErrors: the breaker counts them, the SLO counts them bad, the
// retry retries them after their Retry-After; the rest of the responses come back as they are.
const catalogFetch = fetchWith(
  wrap(
    observe(slo), // each call as the caller sees it
    new RetryPolicy({
      budget: new RetryBudget(),
      shouldRetry: isRetryable,
      retryAfter: retryAfterFromError,
    }),
    new CircuitBreaker({
      trip: failureRate({ threshold: 0.5, minimumCalls: 20, window: { durationMs: 30_000 } }),
    }),
    new TimeoutPolicy(2_000), // each attempt
  ),
);

interface Product {
  readonly id: string;
  readonly name: string;
}

export async function getProduct(id: string): Promise<Product> {
  const response = await catalogFetch(`https://catalog.internal/products/${id}`);
  return (await response.json()) as Product;
}
