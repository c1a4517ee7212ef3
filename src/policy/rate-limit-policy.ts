import { systemClock, type Clock } from '../clock/index.js';
import { Emitter } from '../events/index.js';
import { mayAbort } from '../internal/never-aborted.js';
import {
  assertClock,
  assertInteger,
  assertNonNegative,
  assertOptions,
  assertPositive,
  executeError,
} from '../internal/validate.js';
import { assertOptionalName, assertQueueBound, loadContext } from './internal/load-call.js';
import type { ExecuteOptions, Policy, PolicyContext } from './policy.js';
import type { RateLimitEvents, RateLimitOptions } from './rate-limit-options.js';
import { RateLimitedError, type RateLimitRejectReason } from './rate-limited-error.js';

const OPTIONS = ['limit', 'intervalMs', 'burst', 'maxQueue', 'maxWaitMs', 'clock', 'name'];

/**
 * Lets at most `limit` calls start per `intervalMs`, in bursts of up to `burst`: a token bucket
 * that starts full and refills continuously (one token every `intervalMs / limit` ms), computed
 * from the clock when a call arrives, so an idle limiter holds no timer.
 *
 * A call that finds a token starts at once. One that finds none waits for its token, first in
 * first out, if that comes within `maxWaitMs` (default 0: it does not wait), if fewer than
 * `maxQueue` calls already wait, and if it comes before the call's `deadline`; otherwise it is
 * rejected at once with a {@link RateLimitedError} whose `retryAfterMs` says when its token would
 * have come. A waiting call holds one timer, and leaves the queue (timer cleared, listener on its
 * signal removed, token given back) as soon as its caller's signal aborts, rejecting with the
 * signal's `reason`. A call whose deadline is already reached takes no token and is rejected.
 *
 * It limits starts, not concurrency (see {@link BulkheadPolicy} for that), and it does not look at
 * how calls end.
 *
 * @example
 * ```ts
 * import { RateLimitPolicy, isRateLimitedError } from 'ballast/policy';
 *
 * // The partner API allows 50 requests a second; wait up to 200 ms for a slot.
 * const limiter = new RateLimitPolicy({ limit: 50, intervalMs: 1_000, maxWaitMs: 200 });
 * const quote = await limiter.execute(({ signal }) => fetchQuote(symbol, { signal }));
 * ```
 */
export class RateLimitPolicy implements Policy {
  /** The `limit` option. */
  readonly limit: number;
  /** The `intervalMs` option. */
  readonly intervalMs: number;
  /** The `burst` option: `limit` when not given. */
  readonly burst: number;
  /** The `maxQueue` option: `Infinity` when not given. */
  readonly maxQueue: number;
  /** The `maxWaitMs` option: 0 when not given. */
  readonly maxWaitMs: number;
  /** The `name` option, to label logs and metrics. */
  readonly name: string | undefined;
  /** Rejections and waiting calls, for logs and metrics. See {@link RateLimitEvents}. */
  readonly events: Emitter<RateLimitEvents> = new Emitter<RateLimitEvents>();
  readonly #clock: Clock;
  /** Milliseconds between two tokens: `intervalMs / limit`. */
  readonly #emission: number;
  /** How far ahead of a call its token may be reserved while the bucket is not empty. */
  readonly #tolerance: number;
  /**
   * The bucket as one time (the "theoretical arrival time" of the generic cell rate algorithm,
   * equivalent to a token bucket): when the bucket will be full again, counting the tokens the
   * waiting calls have reserved. A call may start once the clock reads `#tat - #tolerance`. One
   * number instead of a count and a time: no drift from adding fractions of a token, and whole
   * intervals stay exact.
   */
  #tat = Number.NEGATIVE_INFINITY;
  /** The last reading of the clock, to tell when it goes back. */
  #last = 0;
  #queued = 0;

  /**
   * @throws TypeError or RangeError naming the option, for an unknown option or a bad value.
   */
  constructor(options: RateLimitOptions) {
    const given: unknown = options;
    assertOptions(given, 'options', OPTIONS);
    assertInteger(options.limit, 'limit', 1);
    assertPositive(options.intervalMs, 'intervalMs');
    assertInteger(options.burst ?? options.limit, 'burst', 1);
    assertQueueBound(options.maxQueue ?? Number.POSITIVE_INFINITY, 'maxQueue');
    assertNonNegative(options.maxWaitMs ?? 0, 'maxWaitMs');
    assertClock(options.clock);
    assertOptionalName(options.name);
    this.limit = options.limit;
    this.intervalMs = options.intervalMs;
    this.burst = options.burst ?? options.limit;
    this.maxQueue = options.maxQueue ?? Number.POSITIVE_INFINITY;
    this.maxWaitMs = options.maxWaitMs ?? 0;
    this.name = options.name;
    this.#clock = options.clock ?? systemClock;
    this.#emission = this.intervalMs / this.limit;
    this.#tolerance = (this.burst - 1) * this.#emission;
  }

  /** Calls waiting for their token now. */
  get queued(): number {
    return this.#queued;
  }

  /**
   * Runs `fn` now if a token is free, or once its token comes, or rejects with a
   * {@link RateLimitedError}. Its result or error reaches the caller unchanged. Rejects, never
   * throws: also for a bad `fn` or bad options, and with `signal.reason` for a signal already
   * aborted, all before `fn` runs or a token is taken.
   *
   * @example
   * ```ts
   * await limiter.execute(({ signal }) => sendEmail(message, { signal }), { signal: job.signal });
   * ```
   */
  execute<T>(
    fn: (context: PolicyContext) => T | PromiseLike<T>,
    options?: ExecuteOptions,
  ): Promise<T> {
    const invalid = executeError(fn, options);
    if (invalid !== undefined) return Promise.reject(invalid);
    const deadline = options?.deadline;
    // The never-aborting signal a wrap() hands on when its caller gave none is no signal at all.
    const signal = mayAbort(options?.signal) ? options.signal : undefined;
    if (signal?.aborted === true) return Promise.reject(signal.reason);
    try {
      const now = this.#read();
      // Until the bucket holds a whole token (negative: it does).
      const waitMs = this.#tat - this.#tolerance - now;
      if (deadline !== undefined && now >= deadline) {
        return this.#refuse('deadline', Math.max(0, waitMs));
      }
      if (waitMs <= 0) {
        this.#tat = Math.max(this.#tat, now) + this.#emission;
        return this.#run(fn, loadContext(signal, deadline));
      }
      const reason: RateLimitRejectReason | undefined =
        waitMs > this.maxWaitMs
          ? 'limit'
          : this.#queued >= this.maxQueue
            ? 'queue'
            : deadline !== undefined && now + waitMs >= deadline
              ? 'deadline'
              : undefined;
      if (reason !== undefined) return this.#refuse(reason, waitMs);
      // The bucket is empty (#tat > now): the token reserved is the one after those reserved.
      this.#tat += this.#emission;
      return this.#wait(fn, signal, deadline, waitMs);
    } catch (error) {
      // A clock of the caller's that throws.
      return Promise.reject(error);
    }
  }

  /**
   * The clock's reading; a clock that went back moves the bucket's time back with it, and a
   * reading that is not a finite number counts as no time passing since the last one.
   */
  #read(): number {
    const now = this.#clock.now();
    if (!Number.isFinite(now)) return this.#last;
    if (now < this.#last) this.#tat -= this.#last - now;
    this.#last = now;
    return now;
  }

  #refuse(reason: RateLimitRejectReason, retryAfterMs: number): Promise<never> {
    const rejection = Promise.reject(new RateLimitedError(retryAfterMs, reason));
    if (this.events.listenerCount('rejected') !== 0) {
      this.events.emit('rejected', { reason, retryAfterMs });
    }
    return rejection;
  }

  #run<T>(fn: (context: PolicyContext) => T | PromiseLike<T>, context: PolicyContext): Promise<T> {
    try {
      return Promise.resolve(fn(context));
    } catch (error) {
      return Promise.reject(error);
    }
  }

  /** Waits `waitMs` for the token already reserved (added to `#tat`), then runs `fn`. */
  #wait<T>(
    fn: (context: PolicyContext) => T | PromiseLike<T>,
    signal: AbortSignal | undefined,
    deadline: number | undefined,
    waitMs: number,
  ): Promise<T> {
    return new Promise<T>((resolve, reject) => {
      let cancel: (() => void) | undefined;
      let onAbort: (() => void) | undefined;
      const leave = (): void => {
        this.#queued--;
        if (onAbort !== undefined) signal!.removeEventListener('abort', onAbort);
        onAbort = undefined;
      };
      this.#queued++;
      if (signal !== undefined) {
        onAbort = () => {
          cancel?.();
          leave();
          // The token goes back to the bucket: the next call may have it.
          this.#tat -= this.#emission;
          reject(signal.reason);
        };
        signal.addEventListener('abort', onAbort, { once: true });
      }
      try {
        cancel = this.#clock.setTimer(waitMs, () => {
          leave();
          resolve(this.#run(fn, loadContext(signal, deadline)));
        });
      } catch (error) {
        // A clock of the caller's that throws: the call never waited, its token goes back.
        leave();
        this.#tat -= this.#emission;
        reject(error);
        return;
      }
      if (this.events.listenerCount('queued') !== 0) {
        this.events.emit('queued', { waitMs, queued: this.#queued });
      }
    });
  }
}
