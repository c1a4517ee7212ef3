import type { Clock } from '../../clock/index.js';
import { RollingCounter } from '../../window/index.js';

const CALLS = 0;
const HEDGES = 1;

/**
 * The hedges a {@link HedgePolicy} may start: at most `ratio` times its calls over the last 10 s
 * (ten 1 s buckets), the hedge asked for included.
 *
 * @internal
 */
export class HedgeBudgetWindow {
  readonly #counter: RollingCounter;
  readonly #ratio: number;

  constructor(ratio: number, clock: Clock) {
    this.#ratio = ratio;
    this.#counter = new RollingCounter({ windowMs: 10_000, buckets: 10, channels: 2, clock });
  }

  /** Counts a call, at `now`. */
  recordCall(now: number): void {
    this.#counter.add(CALLS, 1, now);
  }

  /** Takes one hedge at `now` if the budget allows it. */
  tryAcquire(now: number): boolean {
    const counter = this.#counter;
    const hedges = counter.sum(HEDGES, undefined, now);
    if (hedges + 1 > this.#ratio * counter.sum(CALLS, undefined, now)) return false;
    counter.add(HEDGES, 1, now);
    return true;
  }
}
