import { neverAborted } from '../internal/never-aborted.js';

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
}

/**
 * Options for one {@link CircuitBreaker.execute} call.
 *
 * @example
 * ```ts
 * await breaker.execute(callApi, { signal: AbortSignal.timeout(2_000) });
 * ```
 */
export interface BreakerExecuteOptions {
  /**
   * Aborts the call. An already aborted signal rejects with `signal.reason` without running the
   * function; an error that settles the call after the signal aborted counts as neither a success
   * nor a failure. Anything but an `AbortSignal` (the `AbortController` itself, say) rejects the
   * call with a TypeError before it runs.
   */
  readonly signal?: AbortSignal;
}

let never: CallContext | undefined;

/** The context for calls without a signal: one shared object, created on first use. */
export function neverAbortingContext(): CallContext {
  return (never ??= Object.freeze({ signal: neverAborted }));
}
