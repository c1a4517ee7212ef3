import { assertInteger } from '../internal/validate.js';
import type { TripCondition, TripTracker, TripWindowCounts } from './trip-condition.js';

/**
 * Opens the circuit after `count` failures in a row; any success starts the count again.
 *
 * The simplest condition and the cheapest: it needs no clock and no window, so a breaker with it
 * (and without `slowCallMs` or outcome listeners) never reads the clock while closed. Slow calls do
 * not count.
 *
 * Its window, as {@link CircuitBreaker.metrics} reports it, is the current run of failures: the
 * counted calls since the last success (or since the circuit closed), all of them failures. So
 * `calls` and `failures` both read the run's length (the circuit opens when it reaches `count`),
 * `failureRate` is 1 during a run and 0 after a success, and `slowCalls` is always 0.
 *
 * @param count - failures in a row that open the circuit, an integer >= 1.
 * @throws RangeError when `count` is not an integer >= 1.
 *
 * @example
 * ```ts
 * import { CircuitBreaker, consecutiveFailures } from 'ballast/breaker';
 *
 * const breaker = new CircuitBreaker({ trip: consecutiveFailures(3), openMs: 10_000 });
 * ```
 */
export function consecutiveFailures(count: number): TripCondition {
  assertInteger(count, 'consecutiveFailures(count)', 1);
  return Object.freeze({
    description: `consecutiveFailures(${count})`,
    create: (): TripTracker => new ConsecutiveTracker(count),
  });
}

class ConsecutiveTracker implements TripTracker {
  readonly #count: number;
  #failures = 0;

  constructor(count: number) {
    this.#count = count;
  }

  success(): boolean {
    this.#failures = 0;
    return false;
  }

  failure(): boolean {
    return ++this.#failures >= this.#count;
  }

  reset(): void {
    this.#failures = 0;
  }

  window(into: TripWindowCounts): void {
    into.calls = this.#failures;
    into.failures = this.#failures;
  }
}
