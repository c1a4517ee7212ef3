import { neverAbortingCall } from '../internal/never-aborted.js';

/**
 * What a {@link CircuitBreaker} passes to the function it runs.
 *
 * @example
 * ```ts
 * await breaker.execute(({ signal }) => fetch(url, { signal }), { signal: request.signal });
 * ```
 */
export interface CallContext {
  /**
   * The caller's signal, passed through unchanged; a signal that never aborts when the caller
   * gave none, so that `fn` can always hand it on.
   */
  readonly signal: AbortSignal;
  /**
   * The caller's `deadline` ({@link BreakerExecuteOptions}), passed through unchanged; absent when
   * the caller gave none.
   */
  readonly deadline?: number | undefined;
}

/**
 * Options for one {@link CircuitBreaker.execute} call, typed by the call's result `T`.
 *
 * @example
 * ```ts
 * await breaker.execute(callApi, { signal: AbortSignal.timeout(2_000) });
 * // This call's results, judged with their own type: no cast.
 * await breaker.execute(({ signal }) => fetch(url, { signal }), {
 *   isResultFailure: (response) => response.status >= 500,
 * });
 * ```
 */
export interface BreakerExecuteOptions<T = unknown> {
  /**
   * Aborts the call. An already aborted signal rejects with `signal.reason` without running the
   * function; an error that settles the call after the signal aborted counts as neither a success
   * nor a failure. Anything but an `AbortSignal` (the `AbortController` itself, say) rejects the
   * call with a TypeError before it runs.
   */
  readonly signal?: AbortSignal;
  /**
   * When the call must be over, as a time on the breaker's clock: the breaker does not act on it,
   * but hands it on in the function's context (to a timeout or a retry inside, or to the call).
   *
   * @default none
   */
  readonly deadline?: number | undefined;
  /**
   * This call's `isResultFailure`, in place of the breaker's, typed by the call's result: whether
   * a result the call resolved with counts as a failure (it still reaches the caller unchanged). A
   * classifier that throws counts the result as a failure and is reported once as a warning;
   * anything but a function rejects the call with a TypeError before it runs.
   *
   * @default the breaker's `isResultFailure`
   */
  readonly isResultFailure?: (result: T) => boolean;
}

/** @internal The keys of {@link BreakerExecuteOptions} besides `signal`. */
export const PER_CALL_OPTIONS: readonly string[] = ['isResultFailure'];

/** The context for calls without a signal: one shared object, the one `wrap()` recognises. */
export function neverAbortingContext(): CallContext {
  return neverAbortingCall;
}
