import { systemClock, type Clock } from '../clock/index.js';
import { Emitter } from '../events/index.js';
import { neverAborted } from '../internal/never-aborted.js';
import {
  assertClock,
  executeError,
  assertFunction,
  assertInRange,
  assertName,
  assertOptions,
  assertPositive,
} from '../internal/validate.js';
import { describeError, emitWarning } from '../internal/warn.js';
import { RollingCounter } from '../window/index.js';
import { type AdaptiveContext, type AdaptiveExecuteOptions } from './adaptive-context.js';
import { isOverloadError } from './is-overload-error.js';
import type { ThrottleEvents } from './throttle-events.js';
import { ThrottledError } from './throttled-error.js';

/**
 * Options for {@link AdaptiveThrottle}.
 *
 * @example
 * ```ts
 * const options: AdaptiveThrottleOptions = { k: 2, windowMs: 120_000, name: 'users' };
 * ```
 */
export interface AdaptiveThrottleOptions {
  /**
   * How many calls the throttle lets through per call the backend accepts, before it starts
   * dropping calls locally: a number >= 1. Lower is more aggressive (less load wasted on a
   * backend that refuses it, but a slower return to full traffic); the SRE book suggests 2.
   *
   * @default 2
   */
  readonly k?: number;
  /** The trailing window over which requests and accepts are counted, in ms. @default 120_000 */
  readonly windowMs?: number;
  /**
   * Whether a call that rejected with `error` was accepted by the backend: it answered, even if
   * the answer was an error. A successful call is always accepted. A classifier that throws counts
   * the call as not accepted, and is reported once as a warning.
   *
   * @default every error that is not {@link isOverloadError} (ballast's own rejections, timeouts
   * and HTTP 429/503 are not accepts)
   */
  readonly isAccepted?: (error: unknown) => boolean;
  /** @default systemClock */
  readonly clock?: Clock;
  /** The source of randomness for local rejections, in [0, 1). @default Math.random */
  readonly random?: () => number;
  /** A name for metrics and logs. @default undefined */
  readonly name?: string;
}

const REQUESTS = 0;
const ACCEPTS = 1;
const ONLY_REQUEST = 1 << REQUESTS;
const BOTH = (1 << REQUESTS) | (1 << ACCEPTS);
const BUCKETS = 40;
const OPTIONS = ['k', 'windowMs', 'isAccepted', 'clock', 'random', 'name'];
/** The change of probability that is worth a `probabilityChange` event. */
const STEP = 0.05;
const NO_CONTEXT: AdaptiveContext = Object.freeze({ signal: neverAborted, deadline: undefined });

/**
 * Client-side adaptive throttling, as in Google's SRE book ("Handling Overload"): the client
 * counts, over a trailing window, the calls it attempted (`requests`, those it dropped itself
 * included) and those the backend accepted (`accepts`), and drops each new call locally, before it
 * leaves the process, with probability `max(0, (requests - k × accepts) / (requests + 1))`. While
 * the backend accepts everything nothing is dropped; when it starts refusing, the client sends it
 * little more than `k` times what it can take, and the refusals cost the client nothing.
 *
 * A call sent is counted when it settles (a call still in flight is neither a request nor an
 * accept yet, so that a burst of calls at start-up is not taken for refusals); a dropped call is
 * counted at once and rejects with a {@link ThrottledError}. Counting is O(1) per call, in time buckets
 * that age out with the window; no timer runs. It composes with `wrap` from `ballast/policy`
 * like any policy; put it outside a retry, so that retries are throttled too.
 *
 * @example
 * ```ts
 * import { AdaptiveThrottle } from 'ballast/adaptive';
 *
 * const throttle = new AdaptiveThrottle({ k: 2, name: 'users' });
 * const user = await throttle.execute(({ signal }) => fetchUser(id, { signal }));
 * throttle.rejectionProbability; // 0 while the backend keeps up
 * ```
 */
export class AdaptiveThrottle {
  /** The name given in the options, if any. */
  readonly name: string | undefined;
  /** How many requests per accept the throttle allows. */
  readonly k: number;
  /** The window over which requests and accepts are counted, in ms. */
  readonly windowMs: number;
  /** The throttle's events: `reject` and `probabilityChange`. See {@link ThrottleEvents}. */
  readonly events: Emitter<ThrottleEvents> = new Emitter<ThrottleEvents>();
  readonly #counter: RollingCounter;
  readonly #clock: Clock;
  readonly #random: () => number;
  readonly #isAccepted: (error: unknown) => boolean;
  #reported = 0;
  #warned = false;

  constructor(options?: AdaptiveThrottleOptions) {
    const given: unknown = options;
    if (given !== undefined) assertOptions(given, 'options', OPTIONS);
    const k = options?.k ?? 2;
    assertInRange(k, 'k', 1, Number.MAX_VALUE, '[]');
    const windowMs = options?.windowMs ?? 120_000;
    assertPositive(windowMs, 'windowMs');
    assertFunction(options?.isAccepted, 'isAccepted');
    assertFunction(options?.random, 'random');
    assertClock(options?.clock);
    if (options?.name !== undefined) assertName(options.name, 'name');
    this.name = options?.name;
    this.k = k;
    this.windowMs = windowMs;
    this.#clock = options?.clock ?? systemClock;
    this.#random = options?.random ?? Math.random;
    this.#isAccepted = options?.isAccepted ?? notOverload;
    this.#counter = new RollingCounter({
      windowMs,
      buckets: BUCKETS,
      channels: 2,
      clock: this.#clock,
    });
  }

  /** The probability that a call started now is dropped locally, in [0, 1). */
  get rejectionProbability(): number {
    return this.#probability(this.#clock.now());
  }

  /**
   * Calls attempted over the window, the locally dropped ones included. A call sent is counted
   * when it settles, with its outcome.
   */
  get requests(): number {
    return this.#counter.sum(REQUESTS);
  }

  /** Calls the backend accepted over the window. */
  get accepts(): number {
    return this.#counter.sum(ACCEPTS);
  }

  /**
   * Runs `fn`, or drops the call with a {@link ThrottledError} with the current rejection
   * probability. Rejects, never throws: for a bad `fn` or bad options, and with the signal's
   * reason for an aborted signal, none of which counts as a request.
   */
  execute<T>(
    fn: (context: AdaptiveContext) => T | PromiseLike<T>,
    options?: AdaptiveExecuteOptions,
  ): Promise<T> {
    const invalid = executeError(fn, options);
    if (invalid !== undefined) return Promise.reject(invalid);
    const signal = options?.signal;
    if (signal?.aborted === true) return Promise.reject(signal.reason);
    let context = NO_CONTEXT;
    try {
      const now = this.#clock.now();
      const probability = this.#probability(now);
      if (this.events.listenerCount('probabilityChange') !== 0) this.#report(probability);
      if (probability > 0 && this.#random() < probability) {
        this.#counter.add(REQUESTS, 1, now);
        const error = new ThrottledError(probability);
        if (this.events.listenerCount('reject') !== 0) this.events.emit('reject', { probability });
        return Promise.reject(error);
      }
      if (options !== undefined) {
        context = { signal: signal ?? neverAborted, deadline: options.deadline };
      }
    } catch (error) {
      // A clock or a random source of the caller's own that throws.
      return Promise.reject(error);
    }
    let result: T | PromiseLike<T>;
    try {
      result = fn(context);
    } catch (error) {
      this.#onError(error);
      return Promise.reject(error);
    }
    return Promise.resolve(result).then(this.#onValue as (value: T) => T, this.#onErrorRethrow);
  }

  readonly #onValue = (value: unknown): unknown => {
    this.#settled(true);
    return value;
  };

  readonly #onErrorRethrow = (error: unknown): never => {
    this.#onError(error);
    throw error;
  };

  #onError(error: unknown): void {
    let accepted = false;
    try {
      accepted = this.#isAccepted(error) === true;
    } catch (thrown) {
      if (!this.#warned) {
        this.#warned = true;
        emitWarning(
          `ballast: isAccepted of an AdaptiveThrottle threw, the call counts as not accepted: ${describeError(thrown)}`,
          'BallastCallbackWarning',
          'BALLAST_CALLBACK_ERROR',
        );
      }
    }
    this.#settled(accepted);
  }

  /**
   * Counts a call that was sent, once it has settled: counted at its start, calls still in flight
   * would weigh as refusals (a new throttle with 50 calls out and no answer yet would drop 98 %
   * of the next ones).
   */
  #settled(accepted: boolean): void {
    try {
      this.#counter.record(accepted ? BOTH : ONLY_REQUEST);
    } catch {
      // A clock that fails now failed the call's start already, or will fail the next one: the
      // call's own outcome stands.
    }
  }

  #probability(now: number): number {
    const requests = this.#counter.sum(REQUESTS, this.windowMs, now);
    const accepts = this.#counter.sum(ACCEPTS, this.windowMs, now);
    return Math.max(0, (requests - this.k * accepts) / (requests + 1));
  }

  #report(probability: number): void {
    const from = this.#reported;
    if (probability === 0 ? from === 0 : Math.abs(probability - from) < STEP) return;
    this.#reported = probability;
    this.events.emit('probabilityChange', {
      from,
      to: probability,
      requests: this.#counter.sum(REQUESTS),
      accepts: this.#counter.sum(ACCEPTS),
    });
  }
}

function notOverload(error: unknown): boolean {
  return !isOverloadError(error);
}
