// docs/http.md's recipe for axios: every status resolves (`validateStatus`), and the failing ones
// are thrown as HttpStatusError inside the policy; axios has read the body already.
import axios from 'axios';
import { CircuitBreaker, failureRate } from 'ballast/breaker';
import { HttpStatusError, isFailingStatus, isRetryable, retryAfterFromError } from 'ballast/http';
import { observe, TimeoutPolicy, wrap } from 'ballast/policy';
import { RetryBudget, RetryPolicy } from 'ballast/retry';
import { SloTracker } from 'ballast/slo';

const catalogApi = axios.create({
  baseURL: process.env['CATALOG_URL'] ?? 'https://catalog.internal',
  validateStatus: () => true,
});

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
export async function getProduct(id: string): Promise<Product | undefined> {
  const response = await catalog.execute(async ({ signal }) => {
    const res = await catalogApi.get<Product>(`/products/${encodeURIComponent(id)}`, { signal });
    if (isFailingStatus(res.status)) {
      throw HttpStatusError.fromResponse(res, {
        method: 'GET',
        url: catalogApi.getUri(res.config),
      });
    }
    return res;
  });
  return response.status === 404 ? undefined : response.data;
}
