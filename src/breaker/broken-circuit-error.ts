import { brandBallastError } from '../internal/ballast-error.js';
import type { RejectingState } from './circuit-state.js';

// A registered symbol, so that the guard also recognises errors from another copy of ballast (the
// ESM and CJS builds loaded side by side), where `instanceof` fails.
const BRAND = Symbol.for('ballast.BrokenCircuitError');

/**
 * The rejection of a call that a {@link CircuitBreaker} did not run because the circuit is open,
 * isolated, or half-open with every probe slot taken.
 *
 * Each rejection gets an error of its own. Its stack trace is not captured: the error is raised by
 * the breaker, not by a fault in the code that called it, and capturing a trace for every
 * rejection of an open circuit would make failing fast slow.
 *
 * When the circuit is open or half-open because a call failed, `cause` (the ES2022 error cause)
 * is what that call failed with: the error of the call that tripped the circuit or of the probe
 * that re-opened it, or the result `isResultFailure` judged a failure. It is the same object,
 * shared by every rejection of that open period. `'cause' in error` is true only when there is
 * one, so a call that rejected with `undefined` still shows as a cause. There is none when the
 * circuit is isolated (timed or not), was restored from a snapshot, was tripped by a success (a
 * slow one, or one that brought a failure-rate window up to `minimumCalls`), or was re-opened by
 * a probe that hung or was slow.
 *
 * @example
 * ```ts
 * try {
 *   await breaker.execute(callApi);
 * } catch (error) {
 *   if (isBrokenCircuitError(error)) {
 *     log.warn({ why: error.cause }, `circuit open, retry in ${error.retryAfterMs} ms`);
 *     return cached();
 *   }
 *   throw error;
 * }
 * ```
 */
export class BrokenCircuitError extends Error {
  static {
    Object.defineProperty(this.prototype, 'name', {
      value: 'BrokenCircuitError',
      writable: true,
      configurable: true,
    });
    Object.defineProperty(this.prototype, BRAND, { value: true });
    brandBallastError(this);
  }

  /** The state that rejected the call. */
  readonly state: RejectingState;
  /**
   * Milliseconds left in the open period, after which the next call is let through as a probe;
   * `undefined` when isolated (no end is known) or half-open (probes are running).
   */
  readonly retryAfterMs: number | undefined;

  /**
   * @param message - the error's message.
   * @param state - the state that rejected the call.
   * @param retryAfterMs - milliseconds left in the open period, if known.
   * @param options - `cause`: what opened the circuit; without the key, the error has no cause.
   */
  constructor(
    message: string,
    state: RejectingState,
    retryAfterMs?: number,
    options?: { readonly cause?: unknown },
  ) {
    const limit = Error.stackTraceLimit;
    Error.stackTraceLimit = 0;
    try {
      super(message, options);
    } finally {
      Error.stackTraceLimit = limit;
    }
    this.state = state;
    this.retryAfterMs = retryAfterMs;
  }
}

/**
 * Whether `error` is a {@link BrokenCircuitError}, from this copy of ballast or another.
 *
 * @example
 * ```ts
 * const result = await breaker.execute(callApi).catch((error: unknown) => {
 *   if (isBrokenCircuitError(error)) return fallback;
 *   throw error;
 * });
 * ```
 */
export function isBrokenCircuitError(error: unknown): error is BrokenCircuitError {
  return (
    typeof error === 'object' && error !== null && (error as { [BRAND]?: unknown })[BRAND] === true
  );
}
