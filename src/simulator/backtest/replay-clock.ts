import type { Clock } from '../../clock/index.js';

interface Timer {
  readonly due: number;
  readonly seq: number;
  readonly callback: () => void;
  cancelled: boolean;
}

/**
 * A clock that a replay moves forward by hand, firing the timers due on the way synchronously and
 * in order. `VirtualClock` does the same but settles pending promises between timers, which makes
 * every step asynchronous; a replay into SLO trackers awaits nothing, so it stays synchronous and
 * a week of recorded traffic replays in milliseconds.
 *
 * @internal
 */
export class ReplayClock implements Clock {
  #now: number;
  #seq = 0;
  /** Few at a time (a tracker holds at most two), so a sorted array does. */
  #timers: Timer[] = [];

  constructor(startMs: number) {
    this.#now = startMs;
  }

  now(): number {
    return this.#now;
  }

  /** The recording's timestamps are epoch milliseconds: its own wall clock. */
  wallNow(): number {
    return this.#now;
  }

  setTimer(delayMs: number, callback: () => void): () => void {
    const timer: Timer = { due: this.#now + delayMs, seq: this.#seq++, callback, cancelled: false };
    this.#timers.push(timer);
    this.#timers.sort((a, b) => a.due - b.due || a.seq - b.seq);
    return () => {
      timer.cancelled = true;
    };
  }

  /** Moves to `timeMs`, firing each timer due by then at its own time. */
  advanceTo(timeMs: number): void {
    for (;;) {
      const next = this.#timers[0];
      if (next === undefined || next.due > timeMs) break;
      this.#timers.shift();
      if (next.cancelled) continue;
      this.#now = Math.max(this.#now, next.due);
      next.callback();
    }
    this.#now = Math.max(this.#now, timeMs);
  }
}
