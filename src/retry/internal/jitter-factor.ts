import { assertInRange, show } from '../../internal/validate.js';

// The numeric `jitter` of `constant` and `linear`: resilience4j's randomization factor.

/**
 * Checks a `jitter` factor: a number in `[0, 1]`. A string gets a pointer to `exponential`, whose
 * `jitter` is a strategy name: the two options share a name, not a type.
 */
export function assertJitterFactor(value: unknown): asserts value is number {
  if (typeof value === 'string') {
    throw new RangeError(
      `jitter must be a number in [0, 1], got ${show(value)} ('none', 'full' and 'equal' are exponential()'s jitters)`,
    );
  }
  assertInRange(value, 'jitter', 0, 1, '[]');
}

/**
 * `delayMs` spread uniformly over `[delayMs * (1 - jitter), delayMs * (1 + jitter)]` by one draw
 * in `[0, 1)` (the upper end is reached only by rounding), then capped at `maxMs`. Written as `delayMs + offset` with `|offset| <= delayMs`, so
 * that a delay near `Number.MAX_VALUE` overflows only to `Infinity`, which the cap turns back into
 * `maxMs`, and never to `NaN`.
 */
export function spread(delayMs: number, jitter: number, draw: number, maxMs: number): number {
  return Math.min(maxMs, delayMs + delayMs * jitter * (2 * draw - 1));
}
