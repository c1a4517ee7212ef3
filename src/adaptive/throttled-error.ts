import { brandBallastError } from '../internal/ballast-error.js';

// A registered symbol, so that the guard also recognises errors from another copy of ballast (the
// ESM and CJS builds loaded side by side), where `instanceof` fails.
const BRAND = Symbol.for('ballast.ThrottledError');

/**
 * The rejection of a call that an {@link AdaptiveThrottle} did not send: the backend has been
 * refusing or failing too many calls lately, and this one was dropped locally, at random, with the
 * throttle's rejection probability. No stack trace is captured: shedding load must stay cheap.
 *
 * @example
 * ```ts
 * try {
 *   await throttle.execute(({ signal }) => fetch(url, { signal }));
 * } catch (error) {
 *   if (isThrottledError(error)) return cached(); // the backend was not asked
 *   throw error;
 * }
 * ```
 */
export class ThrottledError extends Error {
  static {
    Object.defineProperty(this.prototype, 'name', {
      value: 'ThrottledError',
      writable: true,
      configurable: true,
    });
    Object.defineProperty(this.prototype, BRAND, { value: true });
    brandBallastError(this);
  }

  /** The rejection probability the call was dropped with, in (0, 1). */
  readonly probability: number;

  /** @param probability - the throttle's rejection probability when it dropped the call. */
  constructor(probability: number) {
    const limit = Error.stackTraceLimit;
    Error.stackTraceLimit = 0;
    try {
      super(`call throttled locally (rejection probability ${probability.toFixed(3)})`);
    } finally {
      Error.stackTraceLimit = limit;
    }
    this.probability = probability;
  }
}

/**
 * Whether `error` is a {@link ThrottledError} from ballast, from this copy or another (the ESM and
 * CJS builds loaded side by side).
 *
 * @example
 * ```ts
 * const retry = new RetryPolicy({ shouldRetry: (error) => !isThrottledError(error) });
 * ```
 */
export function isThrottledError(error: unknown): error is ThrottledError {
  return typeof error === 'object' && error !== null && BRAND in error;
}
