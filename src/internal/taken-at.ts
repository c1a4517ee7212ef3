import type { Clock } from '../clock/clock.js';
import { wallNow } from '../clock/wall-now.js';

/**
 * The stamp every snapshot carries: `{ takenAtMs }`, the clock's wall time, or nothing when the
 * clock cannot tell it (JSON has no NaN), in which case a restore says it cannot age the snapshot.
 */
export function takenAt(clock: Clock): { readonly takenAtMs?: number } {
  const wall = wallNow(clock);
  return Number.isFinite(wall) ? { takenAtMs: wall } : {};
}
