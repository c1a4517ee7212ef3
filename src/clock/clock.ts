/**
 * Options for {@link Clock.setTimer}.
 *
 * @example
 * ```ts
 * clock.setTimer(60_000, evaluate, { unref: true });
 * ```
 */
export interface TimerOptions {
  /**
   * When `true`, the timer does not keep the process alive. Use it for housekeeping timers that no
   * caller waits on; leave it off for timers that belong to a caller's pending work (a retry delay,
   * a timeout), so that a script awaiting that work does not exit early.
   *
   * @default false
   */
  readonly unref?: boolean;
}

/**
 * The source of time and timers shared by every ballast module.
 *
 * Every module takes a `clock` option and defaults to {@link systemClock}; tests pass a
 * `VirtualClock` from `ballast/testing` to run in virtual time.
 *
 * @example
 * ```ts
 * import { systemClock, type Clock } from 'ballast/clock';
 *
 * const clock: Clock = systemClock;
 * const start = clock.now();
 * const cancel = clock.setTimer(1_000, () => console.log(clock.now() - start));
 * cancel(); // the callback never runs
 * ```
 */
export interface Clock {
  /** Milliseconds on a monotonic scale. Only differences between readings are meaningful. */
  now(): number;
  /**
   * Runs `callback` once, `delayMs` milliseconds from now.
   *
   * @returns A function that cancels the timer; calling it after the timer fired does nothing.
   */
  setTimer(delayMs: number, callback: () => void, options?: TimerOptions): () => void;
  /**
   * Wall-clock time: milliseconds since the Unix epoch, as `Date.now()` reads it. Snapshots record
   * it, so that a process restored later can age what the snapshot holds by the time it was down;
   * it is never used to measure durations, which come from {@link Clock.now}. A clock without it
   * makes ballast read `Date.now()` (see {@link wallNow}).
   */
  wallNow?(): number;
}
