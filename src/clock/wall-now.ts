import type { Clock } from './clock.js';

/**
 * The wall-clock time of `clock` in milliseconds since the Unix epoch: its `wallNow()`, or
 * `Date.now()` for a clock that has none. Snapshots are stamped with it.
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
  return typeof clock.wallNow === 'function' ? clock.wallNow() : Date.now();
}
