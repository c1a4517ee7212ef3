import { brandBallastError } from '../internal/ballast-error.js';
import { systemClock, type Clock } from '../clock/index.js';
import {
  assertClock,
  assertOptions,
  assertPositive,
  executeError,
  show,
} from '../internal/validate.js';
import { Emitter } from '../events/index.js';
import { mayAbort, neverAborted } from '../internal/never-aborted.js';
import {
  OUTER_CONTEXT,
  PER_CALL_OPTIONS,
  timeoutMsError,
  type TimeoutCallOptions,
} from './internal/call-timeout.js';
import type { Policy, PolicyContext } from './policy.js';
import type { TimeoutEvents, TimeoutStrategy } from './timeout-events.js';
import type { TimeoutExecuteOptions, TimeoutGenerator, TimeoutOptions } from './timeout-options.js';

// A registered symbol, so that the guard also recognises errors from another copy of ballast (the
// ESM and CJS builds loaded side by side), where `instanceof` fails.
const BRAND = Symbol.for('ballast.TimeoutError');

/**
 * The error a {@link TimeoutPolicy} rejects with, and aborts the call's signal with.
 *
 * @example
 * ```ts
 * if (isTimeoutError(error)) console.log(`gave up after ${error.timeoutMs} ms`);
 * ```
 */
export class TimeoutError extends Error {
  static {
    Object.defineProperty(this.prototype, BRAND, { value: true });
    brandBallastError(this);
  }
  override readonly name = 'TimeoutError';
  /** The timeout that expired. */
  readonly timeoutMs: number;
  constructor(timeoutMs: number) {
    super(`call timed out after ${timeoutMs} ms`);
    this.timeoutMs = timeoutMs;
  }
}

/**
 * Whether `error` is a {@link TimeoutError} from ballast, from this copy or another (the ESM and
 * CJS builds loaded side by side).
 *
 * @example
 * ```ts
 * const retryPolicy = new RetryPolicy({ shouldRetry: (error) => isTimeoutError(error) });
 * ```
 */
export function isTimeoutError(error: unknown): error is TimeoutError {
  return typeof error === 'object' && error !== null && BRAND in error;
}

/**
 * Aborts a call that runs longer than its timeout: the context's signal aborts with a
 * {@link TimeoutError}. The caller's own signal is linked in. The timer is cleared when the call
 * settles.
 *
 * The timeout is fixed (`new TimeoutPolicy(2_000)`), or computed per call by a
 * {@link TimeoutGenerator} (`new TimeoutPolicy((context) => ms)`); a call's own `timeoutMs`
 * ({@link TimeoutExecuteOptions}) overrides either for that call. `events` reports each timeout.
 *
 * Deadlines: the context's `deadline` is the call's end on the policy's clock, `now + timeoutMs`,
 * or the caller's `deadline` when that is earlier. Then, as in gRPC, the call times out at the
 * caller's deadline (its {@link TimeoutError} carries the time it was given), and a call whose
 * deadline has already passed rejects with a TimeoutError of 0 ms without running. The policy
 * reads its clock once per call for this.
 *
 * @example
 * ```ts
 * import { TimeoutPolicy } from 'ballast/policy';
 *
 * const timeout = new TimeoutPolicy(2_000);
 * timeout.events.on('timeout', () => timeouts.inc());
 * const res = await timeout.execute(({ signal }) => fetch(url, { signal }));
 * // At most 2 s, and never past the request's own deadline (a time on the same clock).
 * const user = await timeout.execute(({ signal, deadline }) => getUser(id, { signal, deadline }), {
 *   deadline: requestDeadline,
 * });
 * const report = await timeout.execute(({ signal }) => fetch(reportUrl, { signal }), {
 *   timeoutMs: 30_000,
 * });
 * ```
 */
export class TimeoutPolicy implements Policy<PolicyContext, TimeoutExecuteOptions> {
  /**
   * The timeout in milliseconds; `undefined` for a policy made with a {@link TimeoutGenerator},
   * whose timeout is known only per call (a {@link TimeoutError} carries the one it used).
   */
  readonly timeoutMs: number | undefined;
  /** The policy's events: `timeout`. See {@link TimeoutEvents}. */
  readonly events: Emitter<TimeoutEvents> = new Emitter<TimeoutEvents>();
  readonly #generate: TimeoutGenerator | undefined;
  readonly #strategy: TimeoutStrategy;
  readonly #clock: Clock;

  /**
   * @param timeoutMs - the timeout in milliseconds (a finite number > 0), or a
   * {@link TimeoutGenerator} that computes it for each call.
   */
  constructor(timeoutMs: number | TimeoutGenerator, options?: TimeoutOptions) {
    if (typeof timeoutMs === 'function') {
      this.timeoutMs = undefined;
      this.#generate = timeoutMs;
    } else {
      assertPositive(timeoutMs, 'timeoutMs');
      this.timeoutMs = timeoutMs;
      this.#generate = undefined;
    }
    const given: unknown = options;
    if (given !== undefined) assertOptions(given, 'options', ['strategy', 'clock']);
    const strategy = options?.strategy ?? 'aggressive';
    if (strategy !== 'aggressive' && strategy !== 'cooperative') {
      throw new TypeError(`strategy must be 'aggressive' or 'cooperative', got ${show(strategy)}`);
    }
    assertClock(options?.clock);
    this.#strategy = strategy;
    this.#clock = options?.clock ?? systemClock;
  }

  /**
   * Runs `fn`, aborting its signal (and, when aggressive, rejecting) once the call's timeout has
   * passed. Rejects, never throws: for a bad `fn`, bad options, a bad `timeoutMs`, an aborted
   * signal, or a generator that throws or returns a bad timeout, all before `fn` runs.
   */
  execute<T>(
    fn: (context: PolicyContext) => T | PromiseLike<T>,
    options?: TimeoutExecuteOptions,
  ): Promise<T> {
    const invalid =
      executeError(fn, options, PER_CALL_OPTIONS) ?? timeoutMsError(options?.timeoutMs);
    if (invalid !== undefined) return Promise.reject(invalid);
    const caller = options?.signal;
    if (caller?.aborted === true) return Promise.reject(caller.reason);
    const deadline = options?.deadline;
    let timeoutMs = options?.timeoutMs ?? this.timeoutMs;
    if (timeoutMs === undefined) {
      try {
        const signal = caller ?? neverAborted;
        // Inside a wrap(), the context of the layers outside this one (a retry's attempt).
        const outer = (options as TimeoutCallOptions | undefined)?.[OUTER_CONTEXT];
        const own = deadline === undefined ? { signal } : { signal, deadline };
        const generated: unknown = this.#generate!(
          outer === undefined ? own : { ...outer, ...own },
        );
        assertPositive(generated, 'timeoutMs from the generator');
        timeoutMs = generated;
      } catch (error) {
        return Promise.reject(error);
      }
    }
    return this.#run(fn, caller, timeoutMs, deadline);
  }

  #run<T>(
    fn: (context: PolicyContext) => T | PromiseLike<T>,
    outer: AbortSignal | undefined,
    timeoutMs: number,
    callerDeadline: number | undefined,
  ): Promise<T> {
    let deadline: number;
    try {
      const now = this.#clock.now();
      deadline = now + timeoutMs;
      // The caller's deadline comes first when it is earlier, as gRPC's does: the call then times
      // out at it, with the time it was actually given, and one already past does not start.
      if (callerDeadline !== undefined && callerDeadline < deadline) {
        deadline = callerDeadline;
        timeoutMs = callerDeadline - now;
        if (!(timeoutMs > 0)) return this.#expired(Math.max(0, timeoutMs));
      }
    } catch (error) {
      return Promise.reject(error);
    }
    const controller = new AbortController();
    const signal = controller.signal;
    const onOuterAbort = (): void => controller.abort(outer?.reason);
    // The never-aborting signal a retry or wrap() hands on gets no listener.
    const linked = mayAbort(outer);
    if (linked) outer.addEventListener('abort', onOuterAbort, { once: true });
    return new Promise<T>((resolve, reject) => {
      let settled = false;
      let cancel: (() => void) | undefined;
      const settle = (finish: () => void): void => {
        if (settled) return;
        settled = true;
        cancel?.();
        if (linked) outer.removeEventListener('abort', onOuterAbort);
        finish();
      };
      try {
        cancel = this.#clock.setTimer(timeoutMs, () => {
          // The caller aborted first (a cooperative call still running): the timeout did nothing.
          if (signal.aborted) return;
          const error = new TimeoutError(timeoutMs);
          controller.abort(error);
          if (this.#strategy === 'aggressive') settle(() => reject(error));
          // Last, once the signal has aborted (and an aggressive call has been rejected): a
          // listener, even one that throws, cannot change what the call does.
          if (this.events.listenerCount('timeout') !== 0) {
            this.events.emit('timeout', { timeoutMs, strategy: this.#strategy });
          }
        });
      } catch (error) {
        settle(() => reject(error));
        return;
      }
      // A clock that fires at once has already timed the call out: an aggressive timeout does not
      // start it at all.
      if (settled) return;
      if (this.#strategy === 'aggressive') {
        signal.addEventListener('abort', () => settle(() => reject(signal.reason)), { once: true });
      }
      try {
        Promise.resolve(fn({ signal, deadline })).then(
          (value) => settle(() => resolve(value)),
          (error: unknown) => settle(() => reject(error)),
        );
      } catch (error) {
        settle(() => reject(error));
      }
    });
  }

  /** A call whose caller's deadline has passed: it times out at once, without running. */
  #expired<T>(timeoutMs: number): Promise<T> {
    const rejected = Promise.reject(new TimeoutError(timeoutMs));
    // After the outcome is decided, as for a timer that fires: a listener cannot change it.
    if (this.events.listenerCount('timeout') !== 0) {
      this.events.emit('timeout', { timeoutMs, strategy: this.#strategy });
    }
    return rejected;
  }
}
