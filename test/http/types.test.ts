import { describe, expectTypeOf, it } from 'vitest';
import { CircuitBreaker } from '../../src/breaker/index.js';
import {
  fetchWith,
  HttpStatusError,
  isHttpStatusError,
  isRetryable,
  retryAfterFromError,
  type FetchLike,
  type HttpPolicy,
  type StatusResponse,
} from '../../src/http/index.js';
import { observe, TimeoutPolicy, wrap } from '../../src/policy/index.js';
import { RetryPolicy, type RetryOptions } from '../../src/retry/index.js';
import { SloTracker } from '../../src/slo/index.js';

// The pieces fit one another without a cast: what the docs promise.
describe('ballast/http types', () => {
  it('takes every ballast policy, and their wrap, as an HttpPolicy', () => {
    expectTypeOf<RetryPolicy>().toExtend<HttpPolicy>();
    expectTypeOf<CircuitBreaker>().toExtend<HttpPolicy>();
    expectTypeOf<TimeoutPolicy>().toExtend<HttpPolicy>();
    const slo = new SloTracker({ name: 'x', objective: 0.9, alerts: false });
    const policy = wrap(
      observe(slo),
      new RetryPolicy(),
      new CircuitBreaker(),
      new TimeoutPolicy(1),
    );
    expectTypeOf(policy).toExtend<HttpPolicy>();
    slo.close();
  });

  it('returns a function that is fetch, and takes fetch', () => {
    expectTypeOf(fetchWith).returns.toEqualTypeOf<FetchLike>();
    expectTypeOf<FetchLike>().toExtend<typeof fetch>();
    expectTypeOf<typeof fetch>().toExtend<FetchLike>();
    expectTypeOf(fetchWith).parameter(1).exclude<undefined>().toHaveProperty('fetch');
  });

  it("fits RetryPolicy's shouldRetry and retryAfter", () => {
    expectTypeOf(isRetryable).toExtend<NonNullable<RetryOptions['shouldRetry']>>();
    expectTypeOf(retryAfterFromError).toExtend<NonNullable<RetryOptions['retryAfter']>>();
  });

  it('narrows with the guard, and reads a fetch Response', () => {
    const error: unknown = new HttpStatusError({ status: 500 });
    if (isHttpStatusError(error)) {
      expectTypeOf(error.status).toEqualTypeOf<number>();
      expectTypeOf(error.retryAfterMs).toEqualTypeOf<number | 'stop' | undefined>();
      expectTypeOf(error.headers).toEqualTypeOf<Headers>();
    }
    expectTypeOf<Response>().toExtend<StatusResponse>();
  });
});
