import { systemClock, type Clock } from '../clock/index.js';
import {
  assertClock,
  assertFunction,
  assertInteger,
  assertName,
  assertNonNegative,
  assertOptions,
  assertPositive,
  show,
} from '../internal/validate.js';
import { consecutiveFailures } from './consecutive-failures.js';
import { validateSnapshot, type BreakerSnapshot } from './snapshot.js';
import type { TripCondition } from './trip-condition.js';

/**
 * Options for the half-open state of a {@link CircuitBreaker}.
 *
 * @example
 * ```ts
 * // Let 3 probes run at once; close after 5 successes.
 * const halfOpen: HalfOpenOptions = { maxProbes: 3, successesToClose: 5 };
 * ```
 */
export interface HalfOpenOptions {
  /**
   * How many probe calls may run at once while half-open, an integer >= 1; calls beyond it are
   * rejected. A probe that ends (whatever its outcome) frees its slot.
   *
   * @default 1
   */
  readonly maxProbes?: number;
  /**
   * How many probe successes close the circuit, an integer >= 1. It may exceed `maxProbes`: the
   * probes then run in turns.
   *
   * @default maxProbes
   */
  readonly successesToClose?: number;
  /**
   * How long, in milliseconds, every probe slot may stay taken with no new probe starting (an
   * ending frees a slot): a call that finds the circuit so re-opens it, as a failed probe would,
   * and the probes still running are voided. It keeps a probe that never settles (no
   * timeout, a function that ignores its signal) from holding the circuit half-open for ever.
   * `Infinity` waits for ever.
   *
   * @default 60_000
   */
  readonly maxWaitMs?: number;
}

/**
 * Options for {@link CircuitBreaker}.
 *
 * @example
 * ```ts
 * const options: CircuitBreakerOptions = {
 *   name: 'payments',
 *   trip: failureRate({ threshold: 0.5, minimumCalls: 10, window: { calls: 50 } }),
 *   openMs: (openedTimes) => Math.min(5_000 * 2 ** (openedTimes - 1), 60_000),
 *   halfOpen: { maxProbes: 2 },
 *   isFailure: (error) => !(error instanceof NotFoundError),
 * };
 * ```
 */
export interface CircuitBreakerOptions {
  /**
   * Labels the breaker in error messages and for metrics adapters; a non-empty string.
   *
   * @default undefined
   */
  readonly name?: string;
  /** When a closed breaker opens. @default consecutiveFailures(5) */
  readonly trip?: TripCondition;
  /**
   * How long the circuit stays open before the next call is let through as a probe, in
   * milliseconds; or a function of `openedTimes` (1 when the circuit first opens, 2 after a failed
   * probe re-opens it, and so on; back to 1 once it closes), to back off. If the function throws or
   * returns anything but a finite number >= 0, the circuit stays open and every call rejects with
   * that error (or a RangeError naming the value) until {@link CircuitBreaker.reset}.
   *
   * @default 30_000
   */
  readonly openMs?: number | ((openedTimes: number) => number);
  /** Probing while half-open. @default { maxProbes: 1, successesToClose: 1 } */
  readonly halfOpen?: HalfOpenOptions;
  /**
   * A call that takes longer than this, in milliseconds, is slow: it emits `slowCall`, and counts
   * towards {@link FailureRateOptions.slowCallThreshold}. Required by that option.
   *
   * @default undefined (no call is slow)
   */
  readonly slowCallMs?: number;
  /**
   * Whether an error counts as a failure. Errors it rejects count as neither success nor failure,
   * and still reach the caller. A throw counts as a failure (and is reported as a process warning).
   *
   * @default every error is a failure
   */
  readonly isFailure?: (error: unknown) => boolean;
  /**
   * Whether a returned value counts as a failure (say, an HTTP 503 response). The value still
   * reaches the caller. A throw counts as a failure (and is reported as a process warning).
   *
   * @default no value is a failure
   */
  readonly isResultFailure?: (result: unknown) => boolean;
  /** @default systemClock */
  readonly clock?: Clock;
  /**
   * Starts the breaker in a state saved by {@link CircuitBreaker.snapshot}. An open period is aged
   * by the wall time since the snapshot's `takenAtMs`, and never longer than the period this
   * breaker would use; see {@link BreakerSnapshot}.
   *
   * @default closed
   */
  readonly initialState?: BreakerSnapshot;
}

/** Options after validation, with defaults filled in. */
export interface ResolvedOptions {
  readonly name: string | undefined;
  readonly trip: TripCondition;
  readonly openMs: number | ((openedTimes: number) => number);
  readonly maxProbes: number;
  readonly successesToClose: number;
  readonly maxWaitMs: number;
  readonly slowCallMs: number | undefined;
  readonly isFailure: ((error: unknown) => boolean) | undefined;
  readonly isResultFailure: ((result: unknown) => boolean) | undefined;
  readonly clock: Clock;
  readonly initialState: BreakerSnapshot | undefined;
}

const DEFAULT_TRIP = consecutiveFailures(5);

const OPTIONS: readonly string[] = [
  'name',
  'trip',
  'openMs',
  'halfOpen',
  'slowCallMs',
  'isFailure',
  'isResultFailure',
  'clock',
  'initialState',
];
const HALF_OPEN_OPTIONS: readonly string[] = ['maxProbes', 'successesToClose', 'maxWaitMs'];
// What users of other breakers write, pointed at the ballast equivalent (see docs/breaker.md).
const HINTS: Readonly<Record<string, string>> = {
  resetTimeout: 'ballast calls it "openMs"',
  halfOpenAfter: 'ballast calls it "openMs"',
  timeout: 'time calls out with TimeoutPolicy from ballast/policy, inside the breaker',
  errorFilter: 'ballast calls it "isFailure", true for errors that count',
  errorThresholdPercentage: 'use trip: failureRate({ threshold })',
  volumeThreshold: 'use trip: failureRate({ minimumCalls })',
};

/**
 * Validates every option once, at construction, naming the option in each error. Unknown keys
 * (with the closest valid name) and `null` values are errors, in nested options too.
 */
export function resolveOptions(options: CircuitBreakerOptions = {}): ResolvedOptions {
  // Checked through an untyped alias: asserting on `options` would narrow it to a plain record.
  const given: unknown = options;
  assertOptions(given, 'options', OPTIONS, HINTS);
  const { name, trip = DEFAULT_TRIP, openMs = 30_000, halfOpen = {}, slowCallMs } = options;
  if (name !== undefined) assertName(name, 'name');
  if (typeof trip !== 'object' || typeof (trip as Partial<TripCondition>).create !== 'function') {
    throw new TypeError(
      `trip must be a TripCondition such as consecutiveFailures(5), got ${show(trip)}`,
    );
  }
  if (typeof openMs !== 'function') assertNonNegative(openMs, 'openMs');
  const givenHalfOpen: unknown = halfOpen;
  assertOptions(givenHalfOpen, 'halfOpen', HALF_OPEN_OPTIONS);
  const { maxProbes = 1 } = halfOpen;
  assertInteger(maxProbes, 'halfOpen.maxProbes', 1);
  const { successesToClose = maxProbes } = halfOpen;
  assertInteger(successesToClose, 'halfOpen.successesToClose', 1);
  const { maxWaitMs = 60_000 } = halfOpen;
  if (maxWaitMs !== Number.POSITIVE_INFINITY) assertPositive(maxWaitMs, 'halfOpen.maxWaitMs');
  if (slowCallMs !== undefined) assertNonNegative(slowCallMs, 'slowCallMs');
  if (trip.countsSlowCalls === true && slowCallMs === undefined) {
    throw new TypeError(`trip ${trip.description} counts slow calls, so slowCallMs is required`);
  }
  assertFunction(options.isFailure, 'isFailure');
  assertFunction(options.isResultFailure, 'isResultFailure');
  assertClock(options.clock);
  const initialState =
    options.initialState === undefined ? undefined : validateSnapshot(options.initialState);
  return {
    name,
    trip,
    openMs,
    maxProbes,
    successesToClose,
    maxWaitMs,
    slowCallMs,
    isFailure: options.isFailure,
    isResultFailure: options.isResultFailure,
    clock: options.clock ?? systemClock,
    initialState,
  };
}
