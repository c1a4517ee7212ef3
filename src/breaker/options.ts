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
   * How many probes may fail in one half-open period without re-opening the circuit, an integer
   * >= 0: the circuit re-opens once more probes than this have failed, and closes once
   * `successesToClose` probes have succeeded, whichever comes first. 0 re-opens on the first
   * failed probe.
   *
   * @default 0
   */
  readonly maxFailures?: number;
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
 * What an `openMs` function receives each time the circuit opens after a trip or a failed probe.
 *
 * @example
 * ```ts
 * // Back off, and wait longer when the dependency says it is overloaded.
 * const openMs = ({ openedTimes, cause }: OpenMsContext) =>
 *   Math.min(5_000 * 2 ** (openedTimes - 1), 60_000) * (isOverloaded(cause) ? 2 : 1);
 * ```
 */
export interface OpenMsContext {
  /**
   * 1 when a closed circuit opens, 2 when a failed probe re-opens it, and so on; back to 1 once
   * it has closed.
   */
  readonly openedTimes: number;
  /**
   * What opened the circuit: the error of the call that tripped it (or of the probe that
   * re-opened it), or the result `isResultFailure` judged a failure; the same as the
   * {@link BrokenCircuitError.cause} of its rejections. Present only when there is one (so
   * `'cause' in context` tells a call that rejected with `undefined` from none): not for a trip
   * by a success (a slow one, or one that brought a failure-rate window up to `minimumCalls`), nor
   * for a re-open by a probe that hung (`halfOpen.maxWaitMs`) or was slow.
   */
  readonly cause?: unknown;
}

/**
 * Options for {@link CircuitBreaker.isolate}.
 *
 * @example
 * ```ts
 * const release = breaker.isolate({ forMs: 5 * 60_000 }); // probes again in 5 minutes
 * ```
 */
export interface IsolateOptions {
  /**
   * Holds the circuit open for this many milliseconds, a finite number > 0, then lets the next
   * call probe as after a trip. Without it, the hold lasts until it is released.
   *
   * @default undefined (until released)
   */
  readonly forMs?: number;
}

/**
 * Options for {@link CircuitBreaker}.
 *
 * @example
 * ```ts
 * const options: CircuitBreakerOptions = {
 *   name: 'payments',
 *   trip: failureRate({ threshold: 0.5, minimumCalls: 10, window: { calls: 50 } }),
 *   openMs: ({ openedTimes }) => Math.min(5_000 * 2 ** (openedTimes - 1), 60_000),
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
   * milliseconds; or a function of an {@link OpenMsContext} (`openedTimes`: 1 when the circuit
   * first opens, 2 after a failed probe re-opens it, and so on, back to 1 once it closes; and the
   * `cause` of the opening), to back off. If the function throws or returns anything but a finite
   * number >= 0, the circuit stays open and every call rejects with that error (or a RangeError
   * naming the value) until {@link CircuitBreaker.reset}. A timed
   * {@link CircuitBreaker.isolate} does not consult it.
   *
   * @default 30_000
   */
  readonly openMs?: number | ((context: OpenMsContext) => number);
  /**
   * Probing while half-open.
   *
   * @default { maxProbes: 1, successesToClose: 1, maxFailures: 0, maxWaitMs: 60_000 }
   */
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
   * Shadow mode, to try a configuration on live traffic: the breaker moves through its states and
   * emits its events as usual, but never rejects a call. A call it would have rejected runs anyway
   * and emits `shadowRejected` instead of `rejected`; it is not a probe and its outcome never
   * moves the state (its `success` or `failure` event is still emitted).
   *
   * @default false
   */
  readonly shadow?: boolean;
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
  readonly openMs: number | ((context: OpenMsContext) => number);
  readonly maxProbes: number;
  readonly successesToClose: number;
  readonly maxFailures: number;
  readonly maxWaitMs: number;
  readonly slowCallMs: number | undefined;
  readonly isFailure: ((error: unknown) => boolean) | undefined;
  readonly isResultFailure: ((result: unknown) => boolean) | undefined;
  readonly clock: Clock;
  readonly shadow: boolean;
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
  'shadow',
  'initialState',
];
const HALF_OPEN_OPTIONS: readonly string[] = [
  'maxProbes',
  'successesToClose',
  'maxFailures',
  'maxWaitMs',
];
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
  const { maxFailures = 0 } = halfOpen;
  assertInteger(maxFailures, 'halfOpen.maxFailures', 0);
  const { maxWaitMs = 60_000 } = halfOpen;
  if (maxWaitMs !== Number.POSITIVE_INFINITY) assertPositive(maxWaitMs, 'halfOpen.maxWaitMs');
  if (slowCallMs !== undefined) assertNonNegative(slowCallMs, 'slowCallMs');
  if (trip.countsSlowCalls === true && slowCallMs === undefined) {
    throw new TypeError(`trip ${trip.description} counts slow calls, so slowCallMs is required`);
  }
  assertFunction(options.isFailure, 'isFailure');
  assertFunction(options.isResultFailure, 'isResultFailure');
  assertClock(options.clock);
  const { shadow = false } = options;
  if (typeof shadow !== 'boolean') {
    throw new TypeError(`shadow must be a boolean, got ${show(shadow)}`);
  }
  const initialState =
    options.initialState === undefined ? undefined : validateSnapshot(options.initialState);
  return {
    name,
    trip,
    openMs,
    maxProbes,
    successesToClose,
    maxFailures,
    maxWaitMs,
    slowCallMs,
    isFailure: options.isFailure,
    isResultFailure: options.isResultFailure,
    clock: options.clock ?? systemClock,
    shadow,
    initialState,
  };
}

/**
 * Checks the options of {@link CircuitBreaker.isolate}; returns `forMs`, or `undefined` for a hold
 * until released.
 */
export function resolveIsolateOptions(options: IsolateOptions | undefined): number | undefined {
  if (options === undefined) return undefined;
  const given: unknown = options;
  assertOptions(given, 'options', ['forMs']);
  const { forMs } = options;
  if (forMs !== undefined) assertPositive(forMs, 'forMs');
  return forMs;
}
