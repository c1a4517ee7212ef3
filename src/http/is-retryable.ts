import { someInChain, isTransientNetworkError } from '../internal/network-errors.js';
import { isHttpStatusError } from './http-status-error.js';
import { isRetryableStatus } from './status.js';

// ballast's TimeoutError (ballast/policy), recognised by its registered brand rather than imported:
// modules do not import each other.
const TIMEOUT_BRAND = Symbol.for('ballast.TimeoutError');

/**
 * Whether an HTTP request's failure is worth another attempt, for `RetryPolicy`'s `shouldRetry`:
 * - a transient network error (a reset or refused connection, a DNS server that did not answer:
 *   see `isTransientNetworkError` in `ballast/retry`);
 * - an {@link HttpStatusError} with status 408, 429, 500, 502, 503 or 504, unless its
 *   `retryAfterMs` is `'stop'` (the server asked not to retry);
 * - ballast's `TimeoutError` (a `TimeoutPolicy` inside the retry cut the attempt short).
 *
 * The error itself, or one in its `cause` chain, is looked at. Not retried: other statuses, an
 * abort of the caller's own (an `AbortSignal.timeout` is the caller's deadline, not an attempt's),
 * a `BrokenCircuitError` (an open breaker answers at once: waiting belongs to the caller), and
 * anything else.
 *
 * @example
 * ```ts
 * import { isRetryable, retryAfterFromError } from 'ballast/http';
 * import { RetryPolicy } from 'ballast/retry';
 *
 * const retry = new RetryPolicy({ shouldRetry: isRetryable, retryAfter: retryAfterFromError });
 * ```
 */
export function isRetryable(error: unknown): boolean {
  return isTransientNetworkError(error) || someInChain(error, isRetryableNode);
}

function isRetryableNode(node: object): boolean {
  if (TIMEOUT_BRAND in node) return true;
  return isHttpStatusError(node) && isRetryableStatus(node.status) && node.retryAfterMs !== 'stop';
}

/**
 * The retry hint an error carries in `retryAfterMs`, for `RetryPolicy`'s `retryAfter`: an
 * {@link HttpStatusError}'s `Retry-After` (or pushback header), a `BrokenCircuitError`'s time left
 * open, or any error's own. The error itself or the first in its `cause` chain that has one: a
 * number of milliseconds (finite, >= 0) or `'stop'`; anything else is no hint (`undefined`).
 *
 * The policy waits the hint when it is longer than its backoff's delay, up to its
 * `maxRetryAfterMs` (a minute by default), and gives up on `'stop'`.
 *
 * @example
 * ```ts
 * import { isRetryable, retryAfterFromError } from 'ballast/http';
 * import { RetryPolicy } from 'ballast/retry';
 *
 * // A 503 with `Retry-After: 2` waits two seconds before the next attempt.
 * const retry = new RetryPolicy({ shouldRetry: isRetryable, retryAfter: retryAfterFromError });
 * ```
 */
export function retryAfterFromError(error: unknown): number | 'stop' | undefined {
  let hint: number | 'stop' | undefined;
  someInChain(error, (node) => {
    const value = (node as { retryAfterMs?: unknown }).retryAfterMs;
    if (value === 'stop' || (typeof value === 'number' && Number.isFinite(value) && value >= 0)) {
      hint = value;
      return true;
    }
    return false;
  });
  return hint;
}
