import { assertOptions } from '../internal/validate.js';
import {
  EXECUTE_OPTIONS,
  RETRY_HINTS,
  RETRY_OPTIONS,
  type RetryContext,
  type RetryExecuteOptions,
  type RetryOptions,
} from './retry-options.js';
import { RetryPolicy } from './retry-policy.js';

/**
 * Runs `fn` with retries: a one-off {@link RetryPolicy} for a single call. Its options are the
 * policy's plus the call's `signal` and `deadline`; invalid options (an unknown key, a `null` value, a `signal`
 * that is not an `AbortSignal`) reject the returned promise, which never throws.
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
 * const page = await retry(({ signal }) => fetch(url, { signal }), {
 *   retryOnResult: (response) => response.status === 503, // typed as Response
 * });
 * ```
 */
export async function retry<T>(
  fn: (context: RetryContext) => T | PromiseLike<T>,
  options?: RetryOptions<T> & RetryExecuteOptions<T>,
): Promise<T> {
  if (options === undefined) return new RetryPolicy().execute(fn);
  const given: unknown = options;
  assertOptions(given, 'options', [...RETRY_OPTIONS, ...EXECUTE_OPTIONS], RETRY_HINTS);
  // The call's signal and deadline are not policy options (the policy rejects unknown options);
  // execute checks them.
  const { signal, deadline, ...policyOptions } = options;
  // The policy judges results of this call only, so its predicate may take them as `T`.
  return new RetryPolicy(policyOptions as RetryOptions).execute(
    fn,
    signal === undefined
      ? deadline === undefined
        ? undefined
        : { deadline }
      : deadline === undefined
        ? { signal }
        : { signal, deadline },
  );
}
