import { show } from '../../internal/validate.js';

/**
 * Calls an `openMs` function for the `openedTimes`-th opening. Its result is user code's, checked
 * here rather than at construction: throws a RangeError naming the call when it throws or returns
 * anything but a finite number >= 0.
 */
export function openPeriod(openMs: (openedTimes: number) => number, openedTimes: number): number {
  let ms: unknown;
  try {
    ms = openMs(openedTimes);
  } catch (thrown) {
    throw new RangeError(`openMs(${openedTimes}) threw`, { cause: thrown });
  }
  if (typeof ms === 'number' && Number.isFinite(ms) && ms >= 0) return ms;
  throw new RangeError(`openMs(${openedTimes}) must return a finite number >= 0, got ${show(ms)}`);
}
