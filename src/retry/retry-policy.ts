import { sleep } from '../clock/index.js';
import { Emitter } from '../events/index.js';
import { neverAborted } from '../internal/never-aborted.js';
import { executeError, show } from '../internal/validate.js';
import { describeError, emitWarning } from '../internal/warn.js';
import type { GiveUpReason, RetryEvents } from './retry-events.js';
import {
  PER_CALL_OPTIONS,
  resolveRetryOptions,
  type ResolvedRetryOptions,
  type RetryContext,
  type RetryExecuteOptions,
  type RetryOptions,
} from './retry-options.js';

/**
 * Runs a function again when it fails, with a delay between attempts, within limits on attempts,
 * time and a shared budget.
 *
 * Each call ends when an attempt succeeds or a limit stops it. The failure that ends it reaches
 * the caller unchanged: the last error rethrown (the same object), or for `retryOnResult`
 * retries the last result returned. After a failed attempt the policy checks, in order: the
 * caller's signal (`'aborted'`), `shouldRetry` and a `'stop'` from `retryAfter`
 * (`'notRetryable'`), `maxAttempts` (`'attempts'`), `maxRetryAfterMs`, `maxElapsedMs` and the
 * caller's `deadline` (`'deadline'`) and last the budget (`'budget'`), so the budget is never charged for a retry
 * another limit refuses (it is charged before the delay; a retry cancelled during its delay keeps
 * its cost).
 *
 * The caller's signal is each attempt's `context.signal`. If it has aborted, `execute` rejects
 * with `signal.reason` before any attempt; if it aborts during a delay, at once, the delay's timer
 * cancelled. A running attempt is never abandoned: when it fails after the abort, its own error
 * (or result) ends the call with reason `'aborted'`, since it is what the attempt made of the
 * abort. No timer outlives a call, and delays keep the process alive (they are not `unref`ed).
 *
 * A success at the first attempt sets no timer, reads the clock at most once (only when
 * `maxElapsedMs` is set or someone listens to `retry` or `giveUp`), allocates one context object
 * and one closure, and emits only if someone listens to `success` (a `success` listener sees the
 * calls that start after it is added).
 *
 * The `retry` and `giveUp` events carry the failed attempt's `durationMs`. The policy times an
 * attempt only when someone listens to either event as it starts: it reads the clock when the
 * attempt starts and when it fails, and the first attempt's start and `maxElapsedMs`'s deadline
 * check share those readings. An attempt that started while nobody listened reports `NaN`.
 *
 * An exception thrown by an option before the call's outcome is known (`shouldRetry`,
 * `retryOnResult`, `retryAfter`, `backoff`, `random`, the budget's `recordRequest` or
 * `tryAcquireRetry`), or a delay that is not a finite number >= 0, rejects the call with that
 * exception after one `giveUp` (`'notRetryable'`): a bug in the options must not pass for a
 * failure of the call. Once a call has succeeded, an exception from the budget's `recordSuccess`
 * does not change its result: it is reported as a process warning, as a throwing listener is.
 *
 * @example
 * ```ts
 * import { RetryPolicy, exponential, isTransientNetworkError } from 'ballast/retry';
 *
 * const policy = new RetryPolicy({
 *   maxAttempts: 4,
 *   backoff: exponential({ initialMs: 200, maxMs: 5_000 }),
 *   shouldRetry: (error) => isTransientNetworkError(error),
 * });
 * policy.events.on('retry', ({ attempt, delayMs }) => {
 *   console.warn(`attempt ${attempt} failed, retrying in ${delayMs} ms`);
 * });
 * const res = await policy.execute(({ signal }) => fetch('https://example.com', { signal }));
 * ```
 */
export class RetryPolicy {
  /** The policy's events: `retry`, `giveUp` and `success`. See {@link RetryEvents}. */
  readonly events: Emitter<RetryEvents> = new Emitter<RetryEvents>();
  /** Attempts per call, the first included. */
  readonly maxAttempts: number;
  readonly #options: ResolvedRetryOptions;
  readonly #timed: boolean;

  /** @throws RangeError or TypeError naming the option, for an invalid or unknown option. */
  constructor(options?: RetryOptions) {
    this.#options = resolveRetryOptions(options);
    this.maxAttempts = this.#options.maxAttempts;
    this.#timed = this.#options.maxElapsedMs !== Infinity;
  }

  /**
   * Calls `fn`, and again after each failure the limits allow; resolves with its first accepted
   * result.
   *
   * @example
   * ```ts
   * const user = await policy.execute(({ signal }) => getUser(id, { signal }), { signal });
   * ```
   */
  execute<T>(
    fn: (context: RetryContext) => T | PromiseLike<T>,
    options?: RetryExecuteOptions<T>,
  ): Promise<T> {
    const invalid = executeError(fn, options, PER_CALL_OPTIONS);
    if (invalid !== undefined) return Promise.reject(invalid);
    const o = this.#options;
    let retryOnResult = o.retryOnResult;
    const own = options?.retryOnResult;
    if (own !== undefined) {
      if (typeof own !== 'function') {
        return Promise.reject(
          new TypeError(`options.retryOnResult must be a function, got ${show(own)}`),
        );
      }
      retryOnResult = own as (result: unknown) => boolean;
    }
    const signal = options?.signal;
    const deadline = options?.deadline;
    if (signal?.aborted === true) {
      this.#giveUp(0, 'aborted', undefined, NO_FAILURE, Number.NaN);
      return Promise.reject(signal.reason);
    }
    // One reading serves as the call's start (maxElapsedMs) and as its first attempt's.
    const measured = this.#measured();
    let start = Number.NaN;
    try {
      // The clock and the budget are the caller's too: what they throw ends the call, as a
      // rejection.
      if (this.#timed || measured) start = o.clock.now();
      o.budget?.recordRequest();
    } catch (bug) {
      this.#giveUp(0, 'notRetryable', bug, THREW, Number.NaN);
      return Promise.reject(bug);
    }
    const attemptStart = measured ? start : Number.NaN;
    let first: T | PromiseLike<T>;
    try {
      first = fn({ signal: signal ?? neverAborted, attempt: 1, deadline });
    } catch (error) {
      return this.#retry(fn, signal, deadline, retryOnResult, start, attemptStart, error, THREW);
    }
    // then() rather than an async function: one promise and no suspended frame on the hot path.
    // The rejection handler is the one closure a call allocates; it is written inline, unnamed, so
    // that tools which keep function names (tsx, esbuild's keepNames) do not rename it per call.
    if (retryOnResult === undefined) {
      // With nothing to record on success, the value passes through without a handler.
      const onSuccess =
        o.budget === undefined && this.events.listenerCount('success') === 0
          ? undefined
          : this.#onFirstSuccess;
      return Promise.resolve(first).then<T, T>(onSuccess, (error: unknown) =>
        this.#retry<T>(fn, signal, deadline, undefined, start, attemptStart, error, THREW),
      );
    }
    return Promise.resolve(first).then<T, T>(
      (value) => {
        let rejected: boolean;
        try {
          rejected = retryOnResult(value);
        } catch (bug) {
          this.#giveUp(1, 'notRetryable', bug, THREW, this.#since(attemptStart));
          throw bug;
        }
        return rejected
          ? this.#retry(fn, signal, deadline, retryOnResult, start, attemptStart, value, RETURNED)
          : this.#onFirstSuccess(value);
      },
      (error: unknown) =>
        this.#retry(fn, signal, deadline, retryOnResult, start, attemptStart, error, THREW),
    );
  }

  readonly #onFirstSuccess = <V>(value: V): V => {
    this.#succeed(1, undefined);
    return value;
  };

  /** Books a success; what the budget throws now is reported, since the result is already won. */
  #succeed(attempts: number, lastRetryCost: number | undefined): void {
    const budget = this.#options.budget;
    if (budget !== undefined) {
      try {
        budget.recordSuccess(lastRetryCost);
      } catch (bug) {
        emitWarning(
          `ballast: a retry budget's recordSuccess threw: ${describeError(bug)}`,
          'BallastCallbackWarning',
          'BALLAST_CALLBACK_ERROR',
        );
      }
    }
    if (this.events.listenerCount('success') > 0) this.events.emit('success', { attempts });
  }

  /**
   * Whether the attempt about to start is timed for the events: only while someone listens to
   * `retry` or `giveUp`, so that a policy nobody observes reads no clock for them.
   */
  #measured(): boolean {
    const events = this.events;
    // One read answers for both events while nobody listens to any event, as is usual.
    if (events.listenerCount() === 0) return false;
    return events.listenerCount('retry') !== 0 || events.listenerCount('giveUp') !== 0;
  }

  /**
   * The time since an attempt's start (`NaN` if it was not timed), for a give-up that already has
   * an exception to reject with: a clock that throws now gives `NaN`, not a second exception.
   */
  #since(attemptStart: number): number {
    if (Number.isNaN(attemptStart)) return attemptStart;
    try {
      return this.#options.clock.now() - attemptStart;
    } catch {
      return Number.NaN;
    }
  }

  /**
   * The slow path: the loop of retries after a first attempt failed. `attemptStart` is the clock's
   * reading when the failed attempt started, or `NaN` when it was not timed.
   */
  async #retry<T>(
    fn: (context: RetryContext) => T | PromiseLike<T>,
    signal: AbortSignal | undefined,
    deadline: number | undefined,
    retryOnResult: ((result: unknown) => boolean) | undefined,
    start: number,
    attemptStart: number,
    failure: unknown,
    kind: FailureKind,
  ): Promise<T> {
    const o = this.#options;
    let previousDelayMs = 0;
    let lastRetryCost: number | undefined;
    for (let attempt = 1; ; attempt++) {
      let reason: GiveUpReason | undefined;
      let delayMs = 0;
      // How long the failed attempt took (kept for a give-up during the delay that follows), from
      // the clock's reading as it failed, which the deadline check then shares.
      let durationMs = Number.NaN;
      let now: number | undefined;
      try {
        if (!Number.isNaN(attemptStart)) {
          now = o.clock.now();
          durationMs = now - attemptStart;
        }
        if (signal?.aborted === true) reason = 'aborted';
        else if (kind === THREW && !o.shouldRetry(failure, attempt)) reason = 'notRetryable';
        else {
          const hint = o.retryAfter?.(failure);
          if (hint === 'stop') reason = 'notRetryable';
          else if (attempt >= o.maxAttempts) reason = 'attempts';
          else {
            delayMs = checkDelay(o.backoff(attempt, previousDelayMs, o.random), 'backoff', attempt);
            previousDelayMs = delayMs;
            if (hint !== undefined && checkDelay(hint, 'retryAfter', attempt) > delayMs) {
              delayMs = hint;
            }
            // A hint beyond the cap is not waited: failing now beats a timer that keeps the
            // process alive for as long as a server (or a typo in a header) asks.
            if (hint !== undefined && hint > o.maxRetryAfterMs) reason = 'deadline';
            else if (this.#timed && (now ??= o.clock.now()) + delayMs > start + o.maxElapsedMs) {
              reason = 'deadline';
            } else if (deadline !== undefined && (now ??= o.clock.now()) + delayMs >= deadline) {
              // The caller's deadline: a retry that would start at or after it has no time left.
              reason = 'deadline';
            } else if (o.budget !== undefined) {
              const cost: unknown = o.budget.tryAcquireRetry(failure);
              if (cost === false) reason = 'budget';
              else if (typeof cost === 'number' && cost >= 0 && Number.isFinite(cost)) {
                lastRetryCost = cost;
              } else {
                // Neither a grant nor a refusal: a bug in the budget, not a licence to retry.
                throw new TypeError(
                  `budget.tryAcquireRetry() must return a finite number >= 0 or false, got ${show(cost)}`,
                );
              }
            }
          }
        }
      } catch (bug) {
        // A user option threw: the call ends with that exception, and still with one giveUp.
        this.#giveUp(attempt, 'notRetryable', bug, THREW, durationMs);
        throw bug;
      }
      if (reason !== undefined) {
        this.#giveUp(attempt, reason, failure, kind, durationMs);
        if (kind === THREW) throw failure;
        return failure as T;
      }
      if (this.events.listenerCount('retry') > 0) {
        this.events.emit(
          'retry',
          kind === THREW
            ? { attempt, delayMs, durationMs, error: failure }
            : { attempt, delayMs, durationMs, result: failure },
        );
      }
      try {
        await sleep(
          delayMs,
          signal === undefined ? { clock: o.clock } : { clock: o.clock, signal },
        );
      } catch (abortReason) {
        this.#giveUp(attempt, 'aborted', failure, kind, durationMs);
        throw abortReason;
      }
      try {
        attemptStart = this.#measured() ? o.clock.now() : Number.NaN;
      } catch (bug) {
        this.#giveUp(attempt, 'notRetryable', bug, THREW, durationMs);
        throw bug;
      }
      let value: T;
      try {
        value = await fn({ signal: signal ?? neverAborted, attempt: attempt + 1, deadline });
      } catch (error) {
        failure = error;
        kind = THREW;
        continue;
      }
      let rejected: boolean;
      try {
        // Truthy, as at the first attempt: a predicate that returns 1 means the same every time.
        rejected = Boolean(retryOnResult?.(value));
      } catch (bug) {
        this.#giveUp(attempt + 1, 'notRetryable', bug, THREW, this.#since(attemptStart));
        throw bug;
      }
      if (rejected) {
        failure = value;
        kind = RETURNED;
        continue;
      }
      this.#succeed(attempt + 1, lastRetryCost);
      return value;
    }
  }

  #giveUp(
    attempts: number,
    reason: GiveUpReason,
    failure: unknown,
    kind: FailureKind,
    durationMs: number,
  ): void {
    if (this.events.listenerCount('giveUp') === 0) return;
    this.events.emit(
      'giveUp',
      kind === THREW
        ? { attempts, reason, durationMs, error: failure }
        : kind === RETURNED
          ? { attempts, reason, durationMs, result: failure }
          : { attempts, reason, durationMs },
    );
  }
}

type FailureKind = 0 | 1 | 2;
const NO_FAILURE = 0;
const THREW = 1;
const RETURNED = 2;

function checkDelay(delayMs: unknown, source: string, attempt: number): number {
  if (typeof delayMs !== 'number' || !(delayMs >= 0) || delayMs === Infinity) {
    throw new RangeError(
      `${source} must return a finite number >= 0, got ${show(delayMs)} for retry ${attempt}`,
    );
  }
  return delayMs;
}
