import type { Clock } from './clock.js';

/**
 * The wall-clock time of `clock` in milliseconds since the Unix epoch: its `wallNow()`, or
 * `Date.now()` for a clock that has none. Snapshots are stamped with it. A `wallNow()` that throws
 * or returns anything but a number reads as `NaN`, a time unknown: a snapshot is never lost to a
 * broken wall clock (the modules say how they restore one whose age is unknown).
 *
 * @example
 * ```ts
 * import { wallNow } from 'ballast/clock';
 * import { VirtualClock } from 'ballast/testing';
 *
 * wallNow(new VirtualClock(0, { wallStartMs: Date.UTC(2026, 0, 1) })); // 1767225600000
 * ```
 */
export function wallNow(clock: Clock): number {
  if (typeof clock.wallNow !== 'function') return Date.now();
  try {
    const read: unknown = clock.wallNow();
    return typeof read === 'number' ? read : Number.NaN;
  } catch {
    return Number.NaN;
  }
}
