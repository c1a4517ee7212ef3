import { systemClock, type Clock } from '../clock/index.js';
import {
  assertClock,
  assertInRange,
  assertNonNegative,
  assertOptions,
  assertPositive,
} from '../internal/validate.js';
import { bucketIndex } from '../window/index.js';
import type { RetryBudgetLike } from './retry-budget-like.js';

const BUCKETS = 10;
const SLOTS = BUCKETS + 1;
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
 * A retry budget in the style of Finagle's: over any window of `windowMs` that ends at a retry,
 * retries may number at most `minPerSecond * windowMs / 1000 + ratio * calls`, where calls are
 * first attempts, not retries. Share one budget across every call to a dependency: when it fails
 * hard, retries stay near `ratio` of the traffic (10% by default) instead of multiplying it by
 * `maxAttempts`.
 *
 * Calls and retries are counted in ten buckets of `windowMs / 10`. The window that ends at a
 * retry covers the current bucket and the nine before it, and the end of the bucket before those:
 * for that partial bucket the budget keeps, instead of its counts, the largest excess of retries
 * over `ratio * calls` among the stretches that end with the bucket, the one part of it that can
 * still weigh on the window. A retry is allowed when, counting it, the retries of the ten buckets
 * plus that excess stay within the formula for the calls of the ten buckets. So the bound holds
 * for every window of `windowMs` that ends at a retry, wherever the bucket edges fall, and no retry
 * is refused that stays within the formula over every stretch ending at it up to a bucket longer
 * than `windowMs`: steady traffic whose retries stay within `ratio` of its calls gets them all.
 * Both operations are O(1) (a read sums ten buckets). No timer runs.
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
  readonly #bucketMs: number;
  readonly #clock: Clock;
  // One slot per bucket, the ten of the window and the one before them.
  readonly #requests = new Float64Array(SLOTS);
  readonly #retries = new Float64Array(SLOTS);
  /** Per bucket: the largest `retries - ratio * calls` over the stretches that end with it (>= 0). */
  readonly #excess = new Float64Array(SLOTS);
  /** The index (time / bucketMs) of the current bucket; NaN before the first event. */
  #head = Number.NaN;
  // Within the current bucket: the time of the last event, the excess of the events at that time,
  // and the largest excess of the stretches that end just before it. Events at one instant are
  // never split by a window edge, so they count as one.
  #lastTime = Number.NaN;
  #instant = 0;
  #beforeInstant = 0;

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
    this.#bucketMs = windowMs / BUCKETS;
    this.#clock = options?.clock ?? systemClock;
    // Read once now, to refuse a clock the buckets cannot count on before any call relies on it.
    bucketIndex(this.#clock.now(), this.#bucketMs);
  }

  /** Counts a call (a first attempt). */
  recordRequest(): void {
    const now = this.#clock.now();
    const slot = this.#slot(this.#advance(now));
    this.#requests[slot]! += 1;
    this.#record(slot, now, -this.ratio);
  }

  /** Allows and counts a retry if the window has room for it; returns 1, or `false`. */
  tryAcquireRetry(_failure?: unknown): number | false {
    const now = this.#clock.now();
    if (this.#room(now) + ROUNDING < 1) return false;
    const slot = this.#slot(this.#head);
    this.#retries[slot]! += 1;
    this.#record(slot, now, 1);
    return 1;
  }

  /** Does nothing: this budget earns from calls, not from successes. */
  recordSuccess(_lastRetryCost?: number): void {}

  /** How many retries the budget would allow right now, if no call came in before them. */
  available(): number {
    return Math.max(0, Math.floor(this.#room(this.#clock.now()) + ROUNDING));
  }

  #room(now: number): number {
    const head = this.#advance(now);
    let requests = 0;
    let retries = 0;
    for (let age = 0; age < BUCKETS; age++) {
      const slot = this.#slot(head - age);
      requests += this.#requests[slot]!;
      retries += this.#retries[slot]!;
    }
    const partial = this.#excess[this.#slot(head - BUCKETS)]!;
    return this.#reserve + this.ratio * requests - retries - partial;
  }

  /** Adds an event's share (+1 for a retry, -ratio for a call) to the current bucket's excess. */
  #record(slot: number, now: number, share: number): void {
    // A clock that steps back stands still: the event joins the last instant.
    if (!(now <= this.#lastTime)) {
      this.#beforeInstant = this.#excess[slot]!;
      this.#instant = 0;
      this.#lastTime = now;
    }
    this.#instant += share;
    this.#excess[slot] = Math.max(0, this.#beforeInstant + this.#instant);
  }

  /** Moves to the bucket of `now`, clearing the buckets it passes; returns the current index. */
  #advance(now: number): number {
    const index = bucketIndex(now, this.#bucketMs);
    const head = this.#head;
    if (index <= head) return head;
    if (Number.isNaN(head) || index - head >= SLOTS) {
      this.#requests.fill(0);
      this.#retries.fill(0);
      this.#excess.fill(0);
    } else {
      // Walk slots, not indices: the number of steps is bounded by the slot count.
      let slot = this.#slot(head);
      for (let step = index - head; step > 0; step--) {
        slot = slot + 1 === SLOTS ? 0 : slot + 1;
        this.#requests[slot] = 0;
        this.#retries[slot] = 0;
        this.#excess[slot] = 0;
      }
    }
    this.#head = index;
    this.#lastTime = Number.NaN;
    return index;
  }

  #slot(index: number): number {
    const slot = index % SLOTS;
    return slot < 0 ? slot + SLOTS : slot;
  }
}
