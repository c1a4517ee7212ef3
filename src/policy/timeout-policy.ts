import { systemClock, type Clock } from '../clock/index.js';
import {
  assertClock,
  assertOptions,
  assertPositive,
  executeError,
  show,
} from '../internal/validate.js';
import { mayAbort } from '../internal/never-aborted.js';
import type { ExecuteOptions, Policy, PolicyContext } from './policy.js';

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
 * Options for {@link TimeoutPolicy}.
 *
 * @example
 * ```ts
 * const options: TimeoutOptions = { strategy: 'cooperative' };
 * ```
 */
export interface TimeoutOptions {
  /**
   * `'aggressive'` rejects with a {@link TimeoutError} when the time is up, whether or not the
   * function has stopped; `'cooperative'` only aborts the context's signal and waits for the
   * function to settle (it must honour the signal).
   *
   * @default 'aggressive'
   */
  readonly strategy?: 'aggressive' | 'cooperative';
  /** @default systemClock */
  readonly clock?: Clock;
}

/**
 * Aborts a call that runs longer than `timeoutMs`: the context's signal aborts with a
 * {@link TimeoutError}. The caller's own signal is linked in. The timer is cleared when the call
 * settles.
 *
 * @example
 * ```ts
 * import { TimeoutPolicy } from 'ballast/policy';
 *
 * const timeout = new TimeoutPolicy(2_000);
 * const res = await timeout.execute(({ signal }) => fetch(url, { signal }));
 * ```
 */
export class TimeoutPolicy implements Policy {
  /** The timeout in milliseconds. */
  readonly timeoutMs: number;
  readonly #aggressive: boolean;
  readonly #clock: Clock;

  constructor(timeoutMs: number, options?: TimeoutOptions) {
    assertPositive(timeoutMs, 'timeoutMs');
    const given: unknown = options;
    if (given !== undefined) assertOptions(given, 'options', ['strategy', 'clock']);
    const strategy = options?.strategy ?? 'aggressive';
    if (strategy !== 'aggressive' && strategy !== 'cooperative') {
      throw new TypeError(`strategy must be 'aggressive' or 'cooperative', got ${show(strategy)}`);
    }
    assertClock(options?.clock);
    this.timeoutMs = timeoutMs;
    this.#aggressive = strategy === 'aggressive';
    this.#clock = options?.clock ?? systemClock;
  }

  execute<T>(
    fn: (context: PolicyContext) => T | PromiseLike<T>,
    options?: ExecuteOptions,
  ): Promise<T> {
    const invalid = executeError(fn, options);
    if (invalid !== undefined) return Promise.reject(invalid);
    const outer = options?.signal;
    if (outer?.aborted === true) return Promise.reject(outer.reason);
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
        cancel = this.#clock.setTimer(this.timeoutMs, () => {
          const error = new TimeoutError(this.timeoutMs);
          controller.abort(error);
          if (this.#aggressive) settle(() => reject(error));
        });
      } catch (error) {
        settle(() => reject(error));
        return;
      }
      // A clock that fires at once has already timed the call out: an aggressive timeout does not
      // start it at all.
      if (settled) return;
      if (this.#aggressive) {
        signal.addEventListener('abort', () => settle(() => reject(signal.reason)), { once: true });
      }
      try {
        Promise.resolve(fn({ signal })).then(
          (value) => settle(() => resolve(value)),
          (error: unknown) => settle(() => reject(error)),
        );
      } catch (error) {
        settle(() => reject(error));
      }
    });
  }
}
