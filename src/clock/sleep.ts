import type { Clock } from './clock.js';
import { mayAbort } from '../internal/never-aborted.js';
import {
  assertClock,
  assertNonNegative,
  assertOptions,
  assertSignal,
} from '../internal/validate.js';
import { systemClock } from './system-clock.js';

/**
 * Options for {@link sleep}.
 *
 * @example
 * ```ts
 * await sleep(100, { clock, signal: AbortSignal.timeout(50) });
 * ```
 */
export interface SleepOptions {
  /** The clock that times the delay. @default systemClock */
  readonly clock?: Clock;
  /** Aborting it rejects the sleep at once with `signal.reason` and cancels its timer. */
  readonly signal?: AbortSignal;
}

/**
 * Resolves after `delayMs` milliseconds on the clock.
 *
 * Rejects with `signal.reason` as soon as the signal aborts, and at once if it already has; the
 * timer is cancelled either way. The timer keeps the process alive, as `setTimeout` does, since
 * the caller is waiting on it.
 *
 * @throws RangeError when `delayMs` is negative, NaN or infinite (as a rejected promise).
 *
 * @example
 * ```ts
 * import { sleep } from 'ballast/clock';
 *
 * const controller = new AbortController();
 * await sleep(250, { signal: controller.signal });
 * ```
 */
export function sleep(delayMs: number, options?: SleepOptions): Promise<void> {
  return new Promise<void>((resolve, reject) => {
    assertNonNegative(delayMs, 'delayMs');
    const given: unknown = options;
    if (given !== undefined) assertOptions(given, 'options', ['clock', 'signal']);
    const signal = options?.signal;
    assertSignal(signal);
    assertClock(options?.clock);
    if (signal?.aborted === true) {
      reject(signal.reason);
      return;
    }
    const clock = options?.clock ?? systemClock;
    if (!mayAbort(signal)) {
      clock.setTimer(delayMs, resolve);
      return;
    }
    // The listener goes on first: a clock whose timer fires synchronously then still removes it.
    let cancel: (() => void) | undefined;
    let done = false;
    const onAbort = (): void => {
      done = true;
      cancel?.();
      reject(signal.reason);
    };
    signal.addEventListener('abort', onAbort, { once: true });
    try {
      cancel = clock.setTimer(delayMs, () => {
        done = true;
        signal.removeEventListener('abort', onAbort);
        resolve();
      });
    } catch (error) {
      signal.removeEventListener('abort', onAbort);
      throw error;
    }
    if (done) cancel();
  });
}
