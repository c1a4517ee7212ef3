// docs/http.md's recipe for undici's `request`: the same policies as for fetch; the status is
// checked by hand, and the body is read inside the policy, so that the timeout covers it too.
import { request } from 'undici';
import { CircuitBreaker, failureRate } from 'ballast/breaker';
import { HttpStatusError, isFailingStatus, isRetryable, retryAfterFromError } from 'ballast/http';
import { observe, TimeoutPolicy, wrap } from 'ballast/policy';
import { RetryBudget, RetryPolicy } from 'ballast/retry';
import { SloTracker } from 'ballast/slo';

const CATALOG_URL = process.env['CATALOG_URL'] ?? 'https://catalog.internal';

export const slo = new SloTracker({ name: 'catalog', objective: 0.999, latencyThresholdMs: 300 });
const catalog = wrap(
  observe(slo),
  new RetryPolicy({
    budget: new RetryBudget(),
    shouldRetry: isRetryable,
    retryAfter: retryAfterFromError,
  }),
  new CircuitBreaker({
    trip: failureRate({ threshold: 0.5, minimumCalls: 20, window: { durationMs: 30_000 } }),
  }),
  new TimeoutPolicy(2_000),
);

export interface Product {
  readonly id: string;
  readonly name: string;
}

/** The product, or `undefined` when the catalog has none with that id. */
export function getProduct(id: string): Promise<Product | undefined> {
  const url = `${CATALOG_URL}/products/${encodeURIComponent(id)}`;
  return catalog.execute(async ({ signal }) => {
    const { statusCode, headers, body } = await request(url, { signal });
    if (isFailingStatus(statusCode)) {
      await body.dump(); // frees the connection
      throw new HttpStatusError({ status: statusCode, url, method: 'GET', headers });
    }
    if (statusCode === 404) {
      await body.dump();
      return undefined; // an answer, not a failure: the breaker and the SLO count it good
    }
    return (await body.json()) as Product;
  });
}
