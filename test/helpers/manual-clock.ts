import type { Clock } from '../../src/clock/index.js';

/** A clock read from a field the test sets (`clock.t = 1e20`), with timers that never fire. */
export function manualClock(start: number): Clock & { t: number } {
  return {
    t: start,
    now() {
      return this.t;
    },
    setTimer: () => () => undefined,
  };
}
