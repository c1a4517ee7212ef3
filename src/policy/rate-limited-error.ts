import { brandBallastError } from '../internal/ballast-error.js';

// A registered symbol, so that the guard also recognises errors from another copy of ballast (the
// ESM and CJS builds loaded side by side), where `instanceof` fails.
const BRAND = Symbol.for('ballast.RateLimitedError');

/**
 * Why a {@link RateLimitPolicy} refused a call:
 *
 * - `'limit'`: no token is left, and the next would come later than `maxWaitMs` from now;
 * - `'queue'`: the call could have waited for its token, but `maxQueue` calls already wait;
 * - `'deadline'`: the call's `deadline` is reached, or would be before its token comes.
 *
 * @example
 * ```ts
 * const reason: RateLimitRejectReason = 'limit';
 * ```
 */
export type RateLimitRejectReason = 'limit' | 'queue' | 'deadline';

/**
 * The rejection of a call that a {@link RateLimitPolicy} did not run: see
 * {@link RateLimitRejectReason}. The function was never called. `retryAfterMs` says when a token
 * will be free (the `Retry-After` to send a client). Its stack trace is not captured: shedding
 * load must be cheap.
 *
 * @example
 * ```ts
 * try {
 *   return await limiter.execute(handle);
 * } catch (error) {
 *   if (!isRateLimitedError(error)) throw error;
 *   res.setHeader('Retry-After', Math.ceil(error.retryAfterMs / 1_000));
 *   return reply(429);
 * }
 * ```
 */
export class RateLimitedError extends Error {
  static {
    Object.defineProperty(this.prototype, 'name', {
      value: 'RateLimitedError',
      writable: true,
      configurable: true,
    });
    Object.defineProperty(this.prototype, BRAND, { value: true });
    brandBallastError(this);
  }

  /**
   * Milliseconds from the rejection until the limiter would have had a token for this call,
   * counting the tokens the calls already waiting will take; 0 when one was free (a call refused
   * only because its deadline was reached).
   */
  readonly retryAfterMs: number;
  /** Why the call was refused. */
  readonly reason: RateLimitRejectReason;

  /**
   * @param retryAfterMs - milliseconds until a token is free.
   * @param reason - why the call was refused. @default 'limit'
   */
  constructor(retryAfterMs: number, reason: RateLimitRejectReason = 'limit') {
    const limit = Error.stackTraceLimit;
    Error.stackTraceLimit = 0;
    try {
      super(`rate limit reached: the next token is free in ${Math.ceil(retryAfterMs)} ms`);
    } finally {
      Error.stackTraceLimit = limit;
    }
    this.retryAfterMs = retryAfterMs;
    this.reason = reason;
  }
}

/**
 * Whether `error` is a {@link RateLimitedError}, from this copy of ballast or another (the ESM and
 * CJS builds side by side).
 *
 * @example
 * ```ts
 * const retryPolicy = new RetryPolicy({
 *   shouldRetry: (error) => isRateLimitedError(error) && error.retryAfterMs < 1_000,
 * });
 * ```
 */
export function isRateLimitedError(error: unknown): error is RateLimitedError {
  return (
    typeof error === 'object' && error !== null && (error as { [BRAND]?: unknown })[BRAND] === true
  );
}
