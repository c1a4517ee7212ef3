import { assertInteger } from '../internal/validate.js';

/**
 * A deterministic source of random numbers in [0, 1) (mulberry32), for repeatable tests and demos:
 * pass it as the `random` option of a `RetryPolicy` or a {@link SimulatedDependency}.
 *
 * @param seed - any integer; the same seed gives the same sequence.
 *
 * @example
 * ```ts
 * import { seededRandom } from 'ballast/testing';
 *
 * const random = seededRandom(42);
 * random(); // the same first draw on every run
 * ```
 */
export function seededRandom(seed: number): () => number {
  assertInteger(Math.abs(seed), 'seed', 0);
  let state = seed >>> 0;
  return () => {
    state = (state + 0x6d2b79f5) >>> 0;
    let t = state;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4_294_967_296;
  };
}
