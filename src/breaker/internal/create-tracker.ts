import type { Clock } from '../../clock/index.js';
import type { TripCondition, TripTracker } from '../trip-condition.js';

/**
 * Makes a condition's tracker for one breaker, checking its shape once rather than per call. An
 * optional `window` that is not a function fails when metrics() calls it, which reads 0s.
 */
export function createTracker(trip: TripCondition, clock: Clock): TripTracker {
  const tracker = trip.create({ clock });
  const { success, failure, reset } = (tracker ?? {}) as Partial<TripTracker>;
  if (
    typeof success !== 'function' ||
    typeof failure !== 'function' ||
    typeof reset !== 'function'
  ) {
    throw new TypeError(
      `trip ${trip.description}: create() must return a TripTracker with success(), failure() and reset()`,
    );
  }
  return tracker;
}
