import { systemClock, type Clock } from '../clock/index.js';
import {
  assertClock,
  assertInRange,
  assertNonNegative,
  assertOptions,
  assertPositive,
} from '../internal/validate.js';
import { RollingCounter } from '../window/index.js';
import type { RetryBudgetLike } from './retry-budget-like.js';

const REQUESTS = 0;
const RETRIES = 1;
const BUCKETS = 10;
// ratio * requests is not always exact in binary (0.57 * 100 is 56.99999999999999).
const ROUNDING = 1e-9;

/**
 * Options for {@link RetryBudget}.
 *
 * @example
 * ```ts
 * const options: RetryBudgetOptions = { ratio: 0.2, minPerSecond: 5, windowMs: 30_000 };
 * ```
 */
export interface RetryBudgetOptions {
  /** Retries allowed per call in the window, from 0 to 1 (Finagle's `percentCanRetry`). @default 0.1 */
  readonly ratio?: number;
  /**
   * Retries allowed per second whatever the traffic, so that a quiet client can still retry; the
   * window holds `minPerSecond * windowMs / 1000` of them.
   *
   * @default 10
   */
  readonly minPerSecond?: number;
  /** How long a call or a retry counts against the budget, in milliseconds (Finagle's TTL). @default 10_000 */
  readonly windowMs?: number;
  /** @default systemClock */
  readonly clock?: Clock;
}

/**
 * A retry budget in the style of Finagle's: over any window of `windowMs`, retries may number at
 * most `minPerSecond * windowMs / 1000 + ratio * calls`, where calls are first attempts, not
 * retries. Share one budget across every call to a dependency: when it fails hard, retries stay
 * near `ratio` of the traffic (10% by default) instead of multiplying it by `maxAttempts`.
 *
 * Calls and retries are counted in buckets of `windowMs / 10` (a {@link RollingCounter}): a retry
 * is allowed when, counting it, the retries of the current bucket and the ten before it stay
 * within the formula for the calls of the current bucket and the nine before it. Retries are
 * counted over one bucket more than calls so that the bound holds for every window of `windowMs`
 * that ends at a retry, wherever the bucket edges fall; counting both over the same ten buckets
 * would let a burst at the end of one bucket and another a window later pass twice the formula
 * within `windowMs`. Both operations are O(1). No timer runs.
 *
 * @example
 * ```ts
 * import { RetryBudget, RetryPolicy } from 'ballast/retry';
 *
 * const budget = new RetryBudget({ ratio: 0.1, minPerSecond: 10 });
 * const reads = new RetryPolicy({ maxAttempts: 3, budget });
 * const writes = new RetryPolicy({ maxAttempts: 5, budget }); // the same budget
 * ```
 */
export class RetryBudget implements RetryBudgetLike {
  /** The ratio of retries to calls allowed. */
  readonly ratio: number;
  /** Retries allowed per second regardless of traffic. */
  readonly minPerSecond: number;
  /** The window, in milliseconds. */
  readonly windowMs: number;
  readonly #reserve: number;
  readonly #counter: RollingCounter;
  readonly #clock: Clock;

  /** @throws RangeError or TypeError naming the option, for an invalid, unknown or `null` one. */
  constructor(options?: RetryBudgetOptions) {
    if (options !== undefined) {
      const given: unknown = options;
      assertOptions(given, 'options', ['ratio', 'minPerSecond', 'windowMs', 'clock']);
    }
    const ratio = options?.ratio ?? 0.1;
    const minPerSecond = options?.minPerSecond ?? 10;
    const windowMs = options?.windowMs ?? 10_000;
    assertInRange(ratio, 'ratio', 0, 1, '[]');
    assertNonNegative(minPerSecond, 'minPerSecond');
    assertPositive(windowMs, 'windowMs');
    assertClock(options?.clock);
    this.ratio = ratio;
    this.minPerSecond = minPerSecond;
    this.windowMs = windowMs;
    this.#reserve = (minPerSecond * windowMs) / 1000;
    this.#clock = options?.clock ?? systemClock;
    // One bucket more than the window, for the retries (see the class comment).
    this.#counter = new RollingCounter({
      windowMs: (windowMs * (BUCKETS + 1)) / BUCKETS,
      buckets: BUCKETS + 1,
      channels: 2,
      clock: this.#clock,
    });
  }

  /** Counts a call (a first attempt). */
  recordRequest(): void {
    this.#counter.add(REQUESTS, 1, this.#clock.now());
  }

  /** Allows and counts a retry if the window has room for it; returns 1, or `false`. */
  tryAcquireRetry(_failure?: unknown): number | false {
    const now = this.#clock.now();
    if (this.#room(now) < 1) return false;
    this.#counter.add(RETRIES, 1, now);
    return 1;
  }

  /** Does nothing: this budget earns from calls, not from successes. */
  recordSuccess(_lastRetryCost?: number): void {}

  /** How many retries the budget would allow right now, if no call came in before them. */
  available(): number {
    return Math.max(0, Math.floor(this.#room(this.#clock.now())));
  }

  #room(now: number): number {
    const counter = this.#counter;
    const allowance = this.#reserve + this.ratio * counter.sum(REQUESTS, this.windowMs, now);
    return allowance + ROUNDING - counter.sum(RETRIES, counter.windowMs, now);
  }
}
