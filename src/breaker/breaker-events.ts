import type { CircuitState, RejectingState } from './circuit-state.js';

/**
 * The events of a {@link CircuitBreaker}, by name, with their payloads: its metrics hooks.
 *
 * Outcome events (`success`, `failure`, `slowCall`, `ignored`) are emitted for every call that ran,
 * including calls that started before the breaker changed state (whose outcomes no longer move
 * the state) and calls a shadow breaker ran instead of rejecting. A call whose error `isFailure`
 * rejects emits `ignored` instead of `success` or `failure`; a call that the caller's signal
 * aborted emits none. For one call the order is `success` or `failure`, then `slowCall`, then any
 * `stateChange` the outcome causes. {@link CircuitBreaker.reset} emits `reset` first, then the
 * `stateChange` to `closed` when the circuit was not closed. A listener that throws never changes
 * a call's outcome.
 *
 * `durationMs` is measured on the breaker's clock. It is `NaN` for a call that started before the
 * first `success`, `failure` or `ignored` listener was added on a breaker without `slowCallMs`,
 * since such a breaker does not read the clock when nobody listens.
 *
 * @example
 * ```ts
 * breaker.events.on('stateChange', ({ from, to }) => log.warn(`${breaker.name}: ${from} -> ${to}`));
 * breaker.events.on('failure', ({ error, durationMs }) => failures.observe(durationMs));
 * ```
 */
export interface BreakerEvents {
  /** The state changed. Never emitted with `from === to`. */
  stateChange: { readonly from: CircuitState; readonly to: CircuitState };
  /** A call completed and counted as a success. */
  success: { readonly durationMs: number };
  /**
   * A call counted as a failure: it threw or rejected with `error`, or it returned `result` and
   * `isResultFailure` judged that a failure (then `error` is `undefined` and `result` is present).
   */
  failure: { readonly error: unknown; readonly durationMs: number; readonly result?: unknown };
  /** A counted call (success or failure) took longer than `slowCallMs`. */
  slowCall: { readonly durationMs: number };
  /**
   * A call was rejected without running: with a {@link BrokenCircuitError}, or with the RangeError
   * of an `openMs` function that failed (then `state` is `open`).
   */
  rejected: { readonly state: RejectingState };
  /**
   * A breaker created with `shadow: true` would have rejected this call (same payload as
   * `rejected`), and ran it instead.
   */
  shadowRejected: { readonly state: RejectingState };
  /**
   * A call ended with an `error` that `isFailure` rejected: it counts neither as a success nor as
   * a failure. Not emitted for a call its caller's signal aborted.
   */
  ignored: { readonly error: unknown; readonly durationMs: number };
  /**
   * {@link CircuitBreaker.reset} was called; `from` is the state it was in. Emitted before the
   * reset takes effect (and before the `stateChange` it causes).
   */
  reset: { readonly from: CircuitState };
}
