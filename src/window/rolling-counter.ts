import { systemClock, type Clock } from '../clock/index.js';
import { assertClock, assertInteger, assertOptions, assertPositive } from '../internal/validate.js';
import { bucketIndex } from './bucket-index.js';

/**
 * Options for {@link RollingCounter}.
 *
 * @example
 * ```ts
 * const options: RollingCounterOptions = { windowMs: 60_000, buckets: 12, channels: 2 };
 * ```
 */
export interface RollingCounterOptions {
  /** Length of the rolling window in milliseconds. */
  readonly windowMs: number;
  /** How many buckets the window is cut into; a read is exact to one bucket's width. */
  readonly buckets: number;
  /** How many independent sums are kept (say, calls, failures and slow calls). @default 1 */
  readonly channels?: number;
  /** @default systemClock */
  readonly clock?: Clock;
}

/**
 * Sums over a rolling time window, kept in time buckets: O(1) to record, O(1) to read the whole
 * window, and O(buckets) at worst to read its most recent part.
 *
 * Time is cut into buckets of `windowMs / buckets` milliseconds, aligned to the clock's zero. A
 * read over `w` milliseconds covers the current (partial) bucket and the `ceil(w / bucketMs) - 1`
 * before it, so it sees every event of the last `w - bucketMs` milliseconds and none older than
 * `w + bucketMs`. Buckets that fall out of the window are cleared lazily when the counter is next
 * touched, in at most `buckets` steps however far time jumped; no timer runs. A clock that steps
 * back is treated as standing still. A reading whose bucket index (`now / bucketMs`) is not a safe
 * integer, or that is not finite, is refused with a RangeError: past 2^53 consecutive buckets are
 * no longer distinct numbers. The clock is read once at construction to refuse such a clock early.
 *
 * @example
 * ```ts
 * // Internal to ballast: modules import it from '../window/index.js'.
 *
 * const CALLS = 0, FAILURES = 1;
 * const counter = new RollingCounter({ windowMs: 60_000, buckets: 6, channels: 2 });
 * counter.record((1 << CALLS) | (1 << FAILURES));
 * counter.sum(FAILURES) / counter.sum(CALLS); // failure ratio over the last minute
 * ```
 */
export class RollingCounter {
  /** Length of the window in milliseconds. */
  readonly windowMs: number;
  /** Number of buckets in the window. */
  readonly buckets: number;
  /** Width of one bucket in milliseconds: the resolution of every read. */
  readonly bucketMs: number;
  /** Number of channels. */
  readonly channels: number;

  readonly #clock: Clock;
  /** `buckets * channels` counts, bucket-major. */
  readonly #counts: Float64Array;
  /** Per-channel sums over every live bucket. */
  readonly #totals: Float64Array;
  /** Index (time / bucketMs) of the newest bucket; NaN before the first touch. */
  #head = Number.NaN;

  constructor(options: RollingCounterOptions) {
    const given: unknown = options;
    assertOptions(given, 'options', ['windowMs', 'buckets', 'channels', 'clock']);
    assertPositive(options.windowMs, 'windowMs');
    assertInteger(options.buckets, 'buckets', 1);
    const channels = options.channels ?? 1;
    assertInteger(channels, 'channels', 1);
    assertClock(options.clock);
    this.windowMs = options.windowMs;
    this.buckets = options.buckets;
    this.bucketMs = options.windowMs / options.buckets;
    this.channels = channels;
    this.#clock = options.clock ?? systemClock;
    this.#counts = new Float64Array(this.buckets * channels);
    this.#totals = new Float64Array(channels);
    bucketIndex(this.#clock.now(), this.bucketMs);
  }

  /** Adds `amount` to `channel` at time `now`. */
  add(channel: number, amount = 1, now: number = this.#clock.now()): void {
    const base = this.#slot(this.#advance(now)) * this.channels;
    this.#counts[base + channel]! += amount;
    this.#totals[channel]! += amount;
  }

  /** Adds one to every channel whose bit is set in `mask` (bit `1 << channel`), at time `now`. */
  record(mask: number, now: number = this.#clock.now()): void {
    const base = this.#slot(this.#advance(now)) * this.channels;
    for (let channel = 0; mask !== 0; channel++, mask >>>= 1) {
      if ((mask & 1) === 0) continue;
      this.#counts[base + channel]! += 1;
      this.#totals[channel]! += 1;
    }
  }

  /**
   * The sum of `channel` over the last `windowMs` milliseconds (the whole window by default, and
   * at most the whole window), at time `now`.
   */
  sum(channel: number, windowMs: number = this.windowMs, now: number = this.#clock.now()): number {
    const head = this.#advance(now);
    const span = Math.max(1, Math.ceil(windowMs / this.bucketMs - 1e-9));
    if (span >= this.buckets) return this.#totals[channel]!;
    let sum = 0;
    let slot = this.#slot(head);
    for (let step = 0; step < span; step++) {
      sum += this.#counts[slot * this.channels + channel]!;
      slot = slot === 0 ? this.buckets - 1 : slot - 1;
    }
    return sum;
  }

  /**
   * The sum of `channel` over the whole window as of the newest bucket, without reading the clock
   * or moving the window: right after {@link RollingCounter.record} at `now`, the same as
   * `sum(channel, windowMs, now)`, at the cost of an array read (a hot path records, then reads).
   */
  total(channel: number): number {
    return this.#totals[channel]!;
  }

  /**
   * The buckets that hold anything at time `now`, newest first, each as `[age, ...sums]`: `age` 0
   * is the current bucket, and there is one sum per channel. O(buckets). With
   * {@link RollingCounter.load}, it saves a counter's contents across clocks (ages are relative).
   */
  export(now: number = this.#clock.now()): number[][] {
    const head = this.#advance(now);
    const entries: number[][] = [];
    for (let age = 0; age < this.buckets; age++) {
      const base = this.#slot(head - age) * this.channels;
      const sums = Array.from(this.#counts.subarray(base, base + this.channels));
      if (sums.some((sum) => sum !== 0)) entries.push([age, ...sums]);
    }
    return entries;
  }

  /**
   * Adds buckets taken by {@link RollingCounter.export} to the buckets of the same ages at time
   * `now`; ages at or beyond {@link RollingCounter.buckets} are out of the window and ignored.
   */
  load(entries: readonly (readonly number[])[], now: number = this.#clock.now()): void {
    const head = this.#advance(now);
    for (const [age = Number.NaN, ...sums] of entries) {
      if (!Number.isInteger(age) || age < 0 || age >= this.buckets) continue;
      const base = this.#slot(head - age) * this.channels;
      for (let channel = 0; channel < this.channels; channel++) {
        const amount = sums[channel] ?? 0;
        this.#counts[base + channel]! += amount;
        this.#totals[channel]! += amount;
      }
    }
  }

  /** Clears every bucket. */
  reset(): void {
    this.#counts.fill(0);
    this.#totals.fill(0);
    this.#head = Number.NaN;
  }

  /** Moves the head to the bucket of `now`, clearing the buckets it passes; returns the head. */
  #advance(now: number): number {
    const index = bucketIndex(now, this.bucketMs);
    const head = this.#head;
    if (index <= head) return head;
    if (Number.isNaN(head) || index - head >= this.buckets) {
      this.#counts.fill(0);
      this.#totals.fill(0);
    } else {
      // Walk slots, not indices: the number of steps is bounded by the bucket count.
      let slot = this.#slot(head);
      for (let step = index - head; step > 0; step--) {
        slot = slot + 1 === this.buckets ? 0 : slot + 1;
        const base = slot * this.channels;
        for (let channel = 0; channel < this.channels; channel++) {
          this.#totals[channel]! -= this.#counts[base + channel]!;
          this.#counts[base + channel] = 0;
        }
      }
    }
    this.#head = index;
    return index;
  }

  #slot(index: number): number {
    const slot = index % this.buckets;
    return slot < 0 ? slot + this.buckets : slot;
  }
}
