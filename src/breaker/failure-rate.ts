import type { Clock } from '../clock/index.js';
import {
  assertInRange,
  assertInteger,
  assertOptions,
  assertPositive,
  show,
} from '../internal/validate.js';
import { OutcomeRing, RollingCounter } from '../window/index.js';
import type { TripCondition, TripTracker, TripWindowCounts } from './trip-condition.js';

/**
 * A window of the last `calls` counted calls.
 *
 * @example
 * ```ts
 * const window: CountWindow = { calls: 100 };
 * ```
 */
export interface CountWindow {
  /** How many of the most recent calls the rates are computed over, an integer >= 1. */
  readonly calls: number;
}

/**
 * A window of the calls that ended in the last `durationMs` milliseconds, kept in `buckets` time
 * buckets: O(1) per call, exact to one bucket's width (`durationMs / buckets`).
 *
 * @example
 * ```ts
 * const window: TimeWindow = { durationMs: 60_000, buckets: 12 }; // 5-second resolution
 * ```
 */
export interface TimeWindow {
  /** Length of the window in milliseconds, > 0. */
  readonly durationMs: number;
  /** How many buckets the window is cut into, an integer from 1 to 10 000. @default 10 */
  readonly buckets?: number;
}

/**
 * Options for {@link failureRate}.
 *
 * @example
 * ```ts
 * const options: FailureRateOptions = {
 *   threshold: 0.5,
 *   minimumCalls: 20,
 *   window: { durationMs: 30_000 },
 *   slowCallThreshold: 0.8,
 * };
 * ```
 */
export interface FailureRateOptions {
  /** Opens the circuit when failures / calls in the window is at least this, in (0, 1]. */
  readonly threshold: number;
  /**
   * No rate opens the circuit before the window holds this many calls, an integer >= 1 (and at
   * most `window.calls` for a count window), so that one early failure cannot trip it.
   */
  readonly minimumCalls: number;
  /** The calls the rates are computed over: the last N calls, or the last N milliseconds. */
  readonly window: CountWindow | TimeWindow;
  /**
   * Also opens the circuit when slow calls / calls is at least this, in (0, 1]. A call is slow
   * when it takes longer than the breaker's `slowCallMs`, which this option requires; a slow
   * failure counts towards both rates. In half-open, a slow probe then counts as a failed probe.
   *
   * @default undefined (slow calls never trip the circuit)
   */
  readonly slowCallThreshold?: number;
}

const FAILED = 1;
const SLOW = 2;
const CALL = 4;
const DEFAULT_BUCKETS = 10;
const OPTIONS: readonly string[] = ['threshold', 'minimumCalls', 'window', 'slowCallThreshold'];
const WINDOW_OPTIONS: readonly string[] = ['calls', 'durationMs', 'buckets'];
/** Bounds on the windows' memory: a window is allocated whole when the breaker is made. */
const MAX_CALLS = 1_000_000;
const MAX_BUCKETS = 10_000;

/**
 * Opens the circuit when the share of failed calls (or of slow calls) in a window reaches a
 * threshold, once the window holds at least `minimumCalls` calls.
 *
 * The rates are checked after every counted call, success or failure, so a success that brings the
 * window up to `minimumCalls` can open the circuit too. A count window uses a ring of the last
 * `calls` outcomes; a time window a rolling counter of `buckets` buckets. Both cost O(1) per call.
 * {@link CircuitBreaker.metrics} reports the window as the next call would find it: a time window
 * leaves out the buckets that have expired at the time of the reading.
 *
 * @throws RangeError or TypeError naming the option, e.g. `failureRate.threshold`, when an option
 * is missing or out of range.
 *
 * @example
 * ```ts
 * import { CircuitBreaker, failureRate } from 'ballast/breaker';
 *
 * // Open when half of the calls of the last 30 s failed, or 80% took longer than 2 s.
 * const breaker = new CircuitBreaker({
 *   slowCallMs: 2_000,
 *   trip: failureRate({
 *     threshold: 0.5,
 *     minimumCalls: 20,
 *     window: { durationMs: 30_000, buckets: 10 },
 *     slowCallThreshold: 0.8,
 *   }),
 * });
 * ```
 */
export function failureRate(options: FailureRateOptions): TripCondition {
  if (typeof options !== 'object' || options === null || Array.isArray(options)) {
    throw new TypeError(`failureRate options must be an object, got ${show(options)}`);
  }
  // Through an untyped alias: asserting on `options` would narrow it to a plain record.
  const given: unknown = options;
  assertOptions(given, 'failureRate', OPTIONS);
  const { threshold, minimumCalls, window, slowCallThreshold } = options;
  assertInRange(threshold, 'failureRate.threshold', 0, 1, '(]');
  assertInteger(minimumCalls, 'failureRate.minimumCalls', 1);
  if (slowCallThreshold !== undefined) {
    assertInRange(slowCallThreshold, 'failureRate.slowCallThreshold', 0, 1, '(]');
  }
  const rates = new Rates(threshold, minimumCalls, slowCallThreshold ?? Number.POSITIVE_INFINITY);
  const countsSlowCalls = slowCallThreshold !== undefined;
  const slowPart = countsSlowCalls ? `, slowCallThreshold: ${slowCallThreshold}` : '';
  const head = `failureRate({ threshold: ${threshold}, minimumCalls: ${minimumCalls}`;
  const kind = windowKind(window);
  if (kind === 'count') {
    const { calls } = window as CountWindow;
    const { buckets } = window as Partial<TimeWindow>;
    if (buckets !== undefined) {
      throw new TypeError(
        `failureRate.window.buckets is only for a time window (durationMs), got ${show(buckets)}`,
      );
    }
    assertInteger(calls, 'failureRate.window.calls', 1);
    assertAtMost(calls, MAX_CALLS, 'failureRate.window.calls');
    if (minimumCalls > calls) {
      throw new RangeError(
        `failureRate.minimumCalls must be at most window.calls (${calls}), got ${minimumCalls}`,
      );
    }
    return Object.freeze({
      description: `${head}, window: { calls: ${calls} }${slowPart} })`,
      countsSlowCalls,
      create: (): TripTracker => new CountTracker(rates, calls),
    });
  }
  const { durationMs, buckets = DEFAULT_BUCKETS } = window as TimeWindow;
  assertPositive(durationMs, 'failureRate.window.durationMs');
  assertInteger(buckets, 'failureRate.window.buckets', 1);
  assertAtMost(buckets, MAX_BUCKETS, 'failureRate.window.buckets');
  return Object.freeze({
    description: `${head}, window: { durationMs: ${durationMs}, buckets: ${buckets} }${slowPart} })`,
    countsSlowCalls,
    usesTime: true,
    create: ({ clock }: { clock: Clock }): TripTracker =>
      new TimeTracker(
        rates,
        new RollingCounter({ windowMs: durationMs, buckets, channels: 3, clock }),
      ),
  });
}

function windowKind(window: unknown): 'count' | 'time' {
  assertOptions(window, 'failureRate.window', WINDOW_OPTIONS);
  const hasCalls = window['calls'] !== undefined;
  const hasDuration = window['durationMs'] !== undefined;
  if (hasCalls === hasDuration) {
    throw new TypeError(
      'failureRate.window must have exactly one of `calls` (a count window) or `durationMs` (a time window)',
    );
  }
  return hasCalls ? 'count' : 'time';
}

/** The trip rule shared by both windows. */
class Rates {
  constructor(
    readonly threshold: number,
    readonly minimumCalls: number,
    readonly slowThreshold: number,
  ) {}

  // Division, not `failures >= threshold * calls`: 7 / 10 rounds to the same double as 0.7, while
  // 0.7 * 10 does not round to 7.
  trips(calls: number, failures: number, slow: number): boolean {
    return (
      calls >= this.minimumCalls &&
      (failures / calls >= this.threshold || slow / calls >= this.slowThreshold)
    );
  }
}

class CountTracker implements TripTracker {
  readonly #rates: Rates;
  readonly #ring: OutcomeRing;

  constructor(rates: Rates, calls: number) {
    this.#rates = rates;
    // Channel 0 counts failures, channel 1 slow calls; the ring's length counts calls.
    this.#ring = new OutcomeRing({ size: calls, channels: 2 });
  }

  success(slow: boolean): boolean {
    return this.#record(slow ? SLOW : 0);
  }

  failure(slow: boolean): boolean {
    return this.#record(slow ? FAILED | SLOW : FAILED);
  }

  reset(): void {
    this.#ring.reset();
  }

  window(into: TripWindowCounts): void {
    const ring = this.#ring;
    into.calls = ring.length;
    into.failures = ring.sum(0);
    into.slowCalls = ring.sum(1);
  }

  #record(mask: number): boolean {
    const ring = this.#ring;
    ring.record(mask);
    return this.#rates.trips(ring.length, ring.sum(0), ring.sum(1));
  }
}

class TimeTracker implements TripTracker {
  readonly #rates: Rates;
  readonly #counter: RollingCounter;
  /**
   * The latest reading an outcome was recorded at since the last reset: its bucket is the
   * counter's newest. Kept so that `window()` can read without moving the counter (see there).
   */
  #latest = Number.NEGATIVE_INFINITY;

  constructor(rates: Rates, counter: RollingCounter) {
    this.#rates = rates;
    // Channel 0 counts failures, channel 1 slow calls, channel 2 calls.
    this.#counter = counter;
  }

  success(slow: boolean, now: number): boolean {
    return this.#record(slow ? CALL | SLOW : CALL, now);
  }

  failure(slow: boolean, now: number): boolean {
    return this.#record(slow ? CALL | FAILED | SLOW : CALL | FAILED, now);
  }

  reset(): void {
    this.#counter.reset();
    this.#latest = Number.NEGATIVE_INFINITY;
  }

  /**
   * The counter would expire old buckets if read at `now`, and a clock that later went back would
   * then record into a later bucket than it would have: reading must not change what the tracker
   * decides. So it reads at the newest bucket (which moves nothing) only the buckets still in the
   * window at `now`.
   */
  window(into: TripWindowCounts, now: number): void {
    const counter = this.#counter;
    const { bucketMs, buckets } = counter;
    const latest = this.#latest;
    // Buckets the window has moved on by since the newest; at most 0 when `now` is no later (a
    // clock that went back reads as standing still, as it does for a record). Infinite before any
    // record, NaN for a NaN reading: then the window is empty.
    const passed = Math.max(0, Math.floor(now / bucketMs) - Math.floor(latest / bucketMs));
    if (!(passed < buckets)) return;
    // Half a bucket short of the span of the buckets kept, so that no rounding takes in one more.
    const span = (buckets - passed - 0.5) * bucketMs;
    into.calls = counter.sum(2, span, latest);
    into.failures = counter.sum(0, span, latest);
    into.slowCalls = counter.sum(1, span, latest);
  }

  #record(mask: number, now: number): boolean {
    const counter = this.#counter;
    const rates = this.#rates;
    counter.record(mask, now);
    if (now > this.#latest) this.#latest = now;
    // The record moved the window to `now` (or kept it, for a clock that went back): its totals
    // are the whole window's sums, with no second bucket lookup per sum.
    const calls = counter.total(2);
    if (calls < rates.minimumCalls) return false;
    if (counter.total(0) / calls >= rates.threshold) return true;
    return rates.slowThreshold <= 1 && counter.total(1) / calls >= rates.slowThreshold;
  }
}

function assertAtMost(value: number, max: number, option: string): void {
  if (value > max) throw new RangeError(`${option} must be at most ${max}, got ${show(value)}`);
}
