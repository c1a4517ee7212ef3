import { assertNonNegative, assertTimerOptions } from '../internal/validate.js';
import type { Clock, TimerOptions } from './clock.js';

/** The longest delay `setTimeout` accepts; longer delays are chained in steps of this size. */
const MAX_TIMEOUT_MS = 2_147_483_647;

/**
 * The real clock: `performance.now()` for time, `setTimeout` for timers and `Date.now()` for
 * wall-clock time.
 *
 * Delays longer than `setTimeout`'s limit (about 24.8 days) are chained rather than firing at once.
 *
 * @example
 * ```ts
 * import { systemClock } from 'ballast/clock';
 *
 * const cancel = systemClock.setTimer(500, () => console.log('half a second later'));
 * ```
 */
export const systemClock: Clock = Object.freeze({
  now: (): number => performance.now(),
  wallNow: (): number => Date.now(),
  setTimer(delayMs: number, callback: () => void, options?: TimerOptions): () => void {
    assertNonNegative(delayMs, 'delayMs');
    assertTimerOptions(options);
    const unref = options?.unref === true;
    let handle: ReturnType<typeof setTimeout> | undefined;
    const arm = (remaining: number): void => {
      const step = Math.min(remaining, MAX_TIMEOUT_MS);
      handle = setTimeout(() => {
        if (remaining > step) arm(remaining - step);
        else {
          handle = undefined;
          callback();
        }
      }, step);
      if (unref) (handle as { unref?: () => void }).unref?.();
    };
    arm(delayMs);
    return () => {
      if (handle !== undefined) {
        clearTimeout(handle);
        handle = undefined;
      }
    };
  },
});
