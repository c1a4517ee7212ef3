import type { Clock } from '../clock/index.js';

/**
 * What a {@link TripCondition} gets when a {@link CircuitBreaker} creates its tracker.
 *
 * @example
 * ```ts
 * const tracker = condition.create({ clock: systemClock });
 * ```
 */
export interface TripContext {
  /** The breaker's clock, for conditions that keep time windows. */
  readonly clock: Clock;
}

/**
 * The calls a {@link TripTracker} judges at one moment (its window), as {@link TripTracker.window}
 * reports them for {@link CircuitBreaker.metrics}.
 *
 * @example
 * ```ts
 * const into: TripWindowCounts = { calls: 0, failures: 0, slowCalls: 0 };
 * tracker.window?.(into, clock.now());
 * ```
 */
export interface TripWindowCounts {
  /** Counted calls in the window. */
  calls: number;
  /** Those of them that failed. */
  failures: number;
  /** Those of them that were slow, whether they succeeded or failed. */
  slowCalls: number;
}

/**
 * The per-breaker counters of a {@link TripCondition}: fed every counted outcome of a call that
 * ran while the breaker was closed, it says when to open.
 *
 * The breaker calls `reset()` each time it closes. Calls that started before the breaker last
 * changed state are never reported, and ignored outcomes (an error `isFailure` rejects, an abort by
 * the caller's signal) never reach it. A tracker is on the hot path of every call: keep both
 * methods O(1) and allocation-free, and never throw (a throw is reported as a process warning and
 * taken as "do not trip").
 *
 * @example
 * ```ts
 * // Trips after `count` failures, whatever came between them.
 * function totalFailures(count: number): TripCondition {
 *   return {
 *     description: `totalFailures(${count})`,
 *     create() {
 *       let failures = 0;
 *       return {
 *         success: () => false,
 *         failure: () => ++failures >= count,
 *         reset: () => void (failures = 0),
 *       };
 *     },
 *   };
 * }
 * ```
 */
export interface TripTracker {
  /**
   * Records a success; returns `true` to open the circuit.
   *
   * @param slow - the call took longer than the breaker's `slowCallMs`.
   * @param now - the clock's reading when the call ended, when the condition set
   * {@link TripCondition.usesTime}; otherwise `NaN` unless the breaker read the clock anyway.
   */
  success(slow: boolean, now: number): boolean;
  /** Records a failure; returns `true` to open the circuit. Parameters as for `success`. */
  failure(slow: boolean, now: number): boolean;
  /** Forgets every outcome: the breaker closed. */
  reset(): void;
  /**
   * Optional: writes the calls the condition judges at `now` (its window) into `into`, for
   * {@link CircuitBreaker.metrics}; a breaker whose tracker lacks it reports 0s. Called when
   * someone reads the metrics, never on a call's path. It must not change what the tracker will
   * decide (a time window leaves out the buckets that have expired at `now` without clearing
   * them), should not allocate, and must not keep `into`, which the breaker reuses. A throw is
   * reported as a process warning and read as 0s.
   *
   * @param into - the counts to write; the breaker sets all three to 0 before the call.
   * @param now - as for `success`: the clock's reading when the condition set
   * {@link TripCondition.usesTime}, otherwise `NaN`.
   */
  window?(into: TripWindowCounts, now: number): void;
}

/**
 * When a closed {@link CircuitBreaker} opens: {@link consecutiveFailures}, {@link failureRate}, or
 * one of your own.
 *
 * A condition is a description, not a counter: {@link TripCondition.create} makes fresh counters
 * for each breaker, so one condition value can configure many breakers without them sharing
 * state.
 *
 * @example
 * ```ts
 * const trip = failureRate({ threshold: 0.5, minimumCalls: 20, window: { durationMs: 30_000 } });
 * const payments = new CircuitBreaker({ name: 'payments', trip });
 * const search = new CircuitBreaker({ name: 'search', trip }); // counters of its own
 * ```
 */
export interface TripCondition {
  /** Names the condition in messages, e.g. `consecutiveFailures(5)`. */
  readonly description: string;
  /**
   * The tracker needs the time of each outcome: the breaker then reads its clock when a call ends
   * and passes the reading as `now`.
   *
   * @default false
   */
  readonly usesTime?: boolean;
  /**
   * Slow calls can trip this condition. The breaker then requires `slowCallMs`, and counts a slow
   * probe in half-open as a failed probe.
   *
   * @default false
   */
  readonly countsSlowCalls?: boolean;
  /** Makes the counters for one breaker. */
  create(context: TripContext): TripTracker;
}
