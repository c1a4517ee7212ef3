import type { CircuitState } from './circuit-state.js';

/**
 * What a {@link CircuitBreaker} reports of itself at one moment, from
 * {@link CircuitBreaker.metrics}: its state, its trip condition's window, and totals since it was
 * made. A flat object of plain values, new on each reading, to poll from a health check or a
 * metrics collector.
 *
 * The totals count the breaker's events, whether or not anything listens to them: `success`,
 * `failure`, `ignored`, `rejected` and `shadowRejected`. So a call whose outcome no longer moves
 * the state (it started before a state change) still counts, and a call its caller's signal
 * aborted counts nowhere. `reset()` does not clear them.
 *
 * @example
 * ```ts
 * app.get('/health/payments', (_request, response) => {
 *   const { state, failureRate, calls, rejectionsTotal } = breaker.metrics();
 *   response.json({ state, failureRate, calls, rejectionsTotal });
 * });
 * ```
 */
export interface BreakerMetrics {
  /** The state, as {@link CircuitBreaker.state} reads it. */
  readonly state: CircuitState;
  /**
   * The clock's reading at the last state change; the breaker's construction before any. An open
   * circuit whose period has ended moves to half-open on the next call, not at the end of the
   * period: until then, this is still the time it opened.
   */
  readonly stateSinceMs: number;
  /**
   * Counted calls in the trip condition's window: the calls that decide when a closed circuit
   * opens. The window keeps the calls of the current closed period; while open or half-open it
   * still holds the calls that tripped it (a time window ages them), until the circuit closes.
   * What the window is depends on the condition (the last N calls, the last N milliseconds, the
   * current run of failures for `consecutiveFailures`); 0 for a custom condition whose tracker
   * has no {@link TripTracker.window}.
   */
  readonly calls: number;
  /** Failed calls in the trip condition's window. */
  readonly failures: number;
  /** Slow calls (success or failure) in the trip condition's window. */
  readonly slowCalls: number;
  /** `failures / calls`, in [0, 1]; 0 when the window holds no call. */
  readonly failureRate: number;
  /** `slowCalls / calls`, in [0, 1]; 0 when the window holds no call. */
  readonly slowCallRate: number;
  /** Calls that counted as a success since the breaker was made (`success` events). */
  readonly successesTotal: number;
  /** Calls that counted as a failure since the breaker was made (`failure` events). */
  readonly failuresTotal: number;
  /** Calls whose error `isFailure` rejected since the breaker was made (`ignored` events). */
  readonly ignoredTotal: number;
  /** Calls the breaker rejected without running them since it was made (`rejected` events). */
  readonly rejectionsTotal: number;
  /**
   * Calls a shadow breaker would have rejected, and ran, since it was made (`shadowRejected`
   * events); always 0 unless the breaker was made with `shadow: true` (whose `rejectionsTotal`
   * is always 0).
   */
  readonly shadowRejectionsTotal: number;
}
