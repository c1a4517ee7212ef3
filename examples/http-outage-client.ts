// The client side of the outage demo: fetch through an SLO tracker, a retry that honours
// Retry-After, a circuit breaker and a timeout per attempt, all on one clock (the system's in
// production, a virtual one in the tests).
import { systemClock, type Clock } from 'ballast/clock';
import { CircuitBreaker, consecutiveFailures } from 'ballast/breaker';
import { fetchWith, isRetryable, retryAfterFromError } from 'ballast/http';
import { observe, TimeoutPolicy, wrap } from 'ballast/policy';
import { exponential, RetryBudget, RetryPolicy } from 'ballast/retry';
import { SloTracker } from 'ballast/slo';

export interface Product {
  readonly id: string;
  readonly name: string;
}

export function createCatalogClient(baseUrl: string, clock: Clock = systemClock) {
  const slo = new SloTracker({ name: 'catalog', objective: 0.99, latencyThresholdMs: 300, clock });
  const retry = new RetryPolicy({
    maxAttempts: 3,
    backoff: exponential({ initialMs: 50, maxMs: 500 }),
    shouldRetry: isRetryable,
    retryAfter: retryAfterFromError,
    budget: new RetryBudget({ clock }),
    clock,
  });
  const breaker = new CircuitBreaker({
    name: 'catalog',
    trip: consecutiveFailures(3),
    openMs: 2_000,
    clock,
  });
  const catalogFetch = fetchWith(
    wrap(observe(slo), retry, breaker, new TimeoutPolicy(2_000, { clock })),
    { clock },
  );

  async function getProduct(id: string): Promise<Product> {
    const response = await catalogFetch(`${baseUrl}/products/${encodeURIComponent(id)}`);
    return (await response.json()) as Product;
  }

  return { getProduct, slo, retry, breaker };
}
