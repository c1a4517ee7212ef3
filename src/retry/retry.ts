import type { RetryContext, RetryExecuteOptions, RetryOptions } from './retry-options.js';
import { RetryPolicy } from './retry-policy.js';

/**
 * Runs `fn` with retries: a one-off {@link RetryPolicy} for a single call. Its options are the
 * policy's plus the call's `signal`; invalid options reject the returned promise.
 *
 * Prefer one `RetryPolicy` per dependency when calls are frequent: it checks its options once and
 * carries the `events` to observe.
 *
 * @example
 * ```ts
 * import { retry, isTransientNetworkError } from 'ballast/retry';
 *
 * const res = await retry(({ signal }) => fetch(url, { signal }), {
 *   maxAttempts: 5,
 *   shouldRetry: (error) => isTransientNetworkError(error),
 *   signal: AbortSignal.timeout(30_000),
 * });
 * ```
 */
export async function retry<T>(
  fn: (context: RetryContext) => T | PromiseLike<T>,
  options?: RetryOptions & RetryExecuteOptions,
): Promise<T> {
  if (options === undefined) return new RetryPolicy().execute(fn);
  // The call's signal is not a policy option (the policy rejects unknown options).
  const policyOptions: Record<string, unknown> = { ...options };
  delete policyOptions['signal'];
  return new RetryPolicy(policyOptions as RetryOptions).execute(fn, options);
}
