import type { Clock } from '../clock/index.js';
import type { RateLimitRejectReason } from './rate-limited-error.js';

/**
 * Options for {@link RateLimitPolicy}: a token bucket that lets `limit` calls through per
 * `intervalMs`, in bursts of up to `burst`.
 *
 * @example
 * ```ts
 * // 100 calls a second, bursts of 20, waiting up to 250 ms for a token.
 * const options: RateLimitOptions = { limit: 100, intervalMs: 1_000, burst: 20, maxWaitMs: 250 };
 * ```
 */
export interface RateLimitOptions {
  /**
   * Calls let through per `intervalMs`, on average: an integer >= 1. Required. (For less than one
   * call a second, lengthen the interval: `{ limit: 1, intervalMs: 2_000 }`.)
   */
  readonly limit: number;
  /** The interval `limit` is counted over, in milliseconds: a finite number > 0. Required. */
  readonly intervalMs: number;
  /**
   * The bucket's size: how many calls may pass at once after a quiet period. An integer >= 1. The
   * bucket starts full, and refills by one token every `intervalMs / limit` milliseconds.
   *
   * @default limit
   */
  readonly burst?: number;
  /**
   * How many calls may wait for their token at once: an integer >= 0, or `Infinity`. Only
   * matters with a `maxWaitMs`, which bounds the queue by itself too.
   *
   * @default Infinity
   */
  readonly maxQueue?: number;
  /**
   * How long a call may wait for its token, in milliseconds: a finite number >= 0. A call whose
   * token would come later is rejected at once with a {@link RateLimitedError}.
   *
   * @default 0 (a call that finds no token is rejected at once)
   */
  readonly maxWaitMs?: number;
  /** @default systemClock */
  readonly clock?: Clock;
  /** Labels the limiter in metrics (an adapter's array of targets) and logs. @default none */
  readonly name?: string;
}

/**
 * The events of a {@link RateLimitPolicy}, by name, with their payloads: its metrics hooks. Each
 * is emitted after the outcome is decided, so that a listener that throws changes nothing, and no
 * payload is built without a listener.
 *
 * - `rejected`: a call was refused, with the reason and the error's `retryAfterMs`; the function
 *   did not run.
 * - `queued`: a call waits `waitMs` for its token; `queued` counts it.
 *
 * A waiting call that its caller's signal aborts leaves the queue without an event.
 *
 * @example
 * ```ts
 * limiter.events.on('rejected', ({ reason, retryAfterMs }) =>
 *   log.info(`throttled (${reason}), next token in ${retryAfterMs} ms`),
 * );
 * ```
 */
export interface RateLimitEvents {
  rejected: { readonly reason: RateLimitRejectReason; readonly retryAfterMs: number };
  queued: { readonly waitMs: number; readonly queued: number };
}
