import { show } from '../../internal/validate.js';
import type { OpenMsContext } from '../options.js';

/**
 * Calls an `openMs` function for an opening. Its result is user code's, checked here rather than
 * at construction: throws a RangeError naming the call when it throws or returns anything but a
 * finite number >= 0.
 */
export function openPeriod(
  openMs: (context: OpenMsContext) => number,
  context: OpenMsContext,
): number {
  let ms: unknown;
  try {
    ms = openMs(context);
  } catch (thrown) {
    throw new RangeError(`${describe(context)} threw`, { cause: thrown });
  }
  if (typeof ms === 'number' && Number.isFinite(ms) && ms >= 0) return ms;
  throw new RangeError(`${describe(context)} must return a finite number >= 0, got ${show(ms)}`);
}

// The cause is left out: it is the caller's error, maybe long, and not what went wrong here.
function describe(context: OpenMsContext): string {
  return `openMs({ openedTimes: ${context.openedTimes} })`;
}
