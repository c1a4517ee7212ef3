// The README's example: fetch wrapped in a retry (with a budget) around a circuit breaker and a
// timeout, every call measured by an SLO tracker with burn-rate alerts.
import { CircuitBreaker, failureRate } from 'ballast/breaker';
import { observe, TimeoutPolicy, wrap } from 'ballast/policy';
import { isTransientNetworkError, RetryBudget, RetryPolicy } from 'ballast/retry';
import { SloTracker } from 'ballast/slo';

const slo = new SloTracker({ name: 'catalog', objective: 0.999, latencyThresholdMs: 300 });
slo.events.on('alertStart', ({ alert }) => console.error(`${alert.severity}: catalog SLO burning`));

const catalog = wrap(
  observe(slo), // each call as the caller sees it
  new RetryPolicy({ budget: new RetryBudget(), shouldRetry: isTransientNetworkError }),
  new CircuitBreaker({
    trip: failureRate({ threshold: 0.5, minimumCalls: 20, window: { durationMs: 30_000 } }),
  }),
  new TimeoutPolicy(2_000),
);

interface Product {
  readonly id: string;
  readonly name: string;
}

export function getProduct(id: string): Promise<Product> {
  return catalog.execute(async ({ signal }) => {
    const response = await fetch(`https://catalog.internal/products/${id}`, { signal });
    if (!response.ok) throw new Error(`catalog answered ${response.status}`);
    return (await response.json()) as Product;
  });
}
