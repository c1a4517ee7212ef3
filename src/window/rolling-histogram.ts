import { systemClock, type Clock } from '../clock/index.js';
import { assertClock, assertInteger, assertOptions, assertPositive } from '../internal/validate.js';
import { bucketIndex } from './bucket-index.js';
import type { HistogramBatch } from './histogram-batch.js';
import type { LogBuckets } from './log-buckets.js';

/**
 * Options for {@link RollingHistogram}.
 *
 * @example
 * ```ts
 * const options: RollingHistogramOptions = { windowMs: 3_600_000, slots: 60, layout };
 * ```
 */
export interface RollingHistogramOptions {
  /** Length of the rolling window in milliseconds. */
  readonly windowMs: number;
  /** How many time slots the window is cut into; a read is exact to one slot's width. */
  readonly slots: number;
  /** The value buckets of every slot. */
  readonly layout: LogBuckets;
  /** @default systemClock */
  readonly clock?: Clock;
}

/**
 * The values of some part of a {@link RollingHistogram}'s window: exact count, sum and maximum,
 * and the count of each value bucket.
 *
 * @example
 * ```ts
 * const { count, sum, max, counts } = histogram.read(300_000);
 * layout.quantiles(counts, count, [0.5, 0.99]);
 * ```
 */
export interface HistogramRead {
  readonly count: number;
  readonly sum: number;
  /** The largest value; NaN when `count` is 0. */
  readonly max: number;
  /** One count per value bucket. */
  readonly counts: Float64Array;
}

/**
 * One slot of a {@link RollingHistogram} as {@link RollingHistogram.export} gives it:
 * `[age, count, sum, max, buckets]`, with `buckets` the non-empty value buckets as
 * `[index, count]` pairs in ascending order of index.
 */
export type HistogramSlot = readonly [
  age: number,
  count: number,
  sum: number,
  max: number,
  buckets: readonly (readonly [index: number, count: number])[],
];

/** Bucket counts are kept in 32 bits until one would pass this; then in 64-bit floats. */
const MAX_UINT32 = 0xffff_ffff;
/** Per slot: count, sum, max. */
const STATS = 3;

/**
 * A histogram of values over a rolling time window, in time slots like {@link RollingCounter}'s
 * buckets: each slot holds the count of each value bucket of a {@link LogBuckets}, and the exact
 * count, sum and maximum of its values. Values arrive in batches ({@link HistogramBatch}), merged
 * in O(buckets touched); a read over `w` milliseconds sums the `ceil(w / slotMs)` newest slots,
 * O(slots × buckets) at worst. Slots that fall out of the window are cleared lazily, in at most
 * `slots` steps however far time jumped; a clock that steps back is treated as standing still.
 *
 * Memory is fixed: `slots × buckets` counts of 4 bytes (8 bytes once a count passes 2^32 - 1,
 * when the whole histogram moves to 64-bit floats), and 24 bytes of statistics per slot.
 *
 * @example
 * ```ts
 * // Internal to ballast: modules import it from '../window/index.js'.
 *
 * const layout = new LogBuckets({ minValue: 0.01, relativeError: 0.01, buckets: 1_024 });
 * const histogram = new RollingHistogram({ windowMs: 3_600_000, slots: 60, layout });
 * histogram.record(12.5);
 * const { count, counts } = histogram.read(300_000);
 * const [p99] = layout.quantiles(counts, count, [0.99]);
 * ```
 */
export class RollingHistogram {
  /** Length of the window in milliseconds. */
  readonly windowMs: number;
  /** Number of time slots in the window. */
  readonly slots: number;
  /** Width of one slot in milliseconds: the resolution of every read. */
  readonly slotMs: number;
  /** The value buckets. */
  readonly layout: LogBuckets;

  readonly #clock: Clock;
  /** `slots × buckets` counts, slot-major. */
  #counts: Uint32Array | Float64Array;
  /** `slots × 3` figures: count, sum and max of each slot. */
  readonly #stats: Float64Array;
  /** Index (time / slotMs) of the newest slot; NaN before the first touch. */
  #head = Number.NaN;

  constructor(options: RollingHistogramOptions) {
    const given: unknown = options;
    assertOptions(given, 'options', ['windowMs', 'slots', 'layout', 'clock']);
    assertPositive(options.windowMs, 'windowMs');
    assertInteger(options.slots, 'slots', 1);
    assertClock(options.clock);
    this.windowMs = options.windowMs;
    this.slots = options.slots;
    this.slotMs = options.windowMs / options.slots;
    this.layout = options.layout;
    this.#clock = options.clock ?? systemClock;
    this.#counts = new Uint32Array(this.slots * this.layout.buckets);
    this.#stats = new Float64Array(this.slots * STATS);
    bucketIndex(this.#clock.now(), this.slotMs);
  }

  /** Records one value (a finite number >= 0) at time `now`. O(1). */
  record(value: number, now: number = this.#clock.now()): void {
    const slot = this.#slot(this.#advance(now));
    this.#add(slot * this.layout.buckets + this.layout.indexOf(value), 1);
    this.#addStats(slot, 1, value, value);
  }

  /** Adds every value of `batch` at time `now`. O(buckets touched). */
  merge(batch: HistogramBatch, now: number = this.#clock.now()): void {
    if (batch.count === 0) return;
    const slot = this.#slot(this.#advance(now));
    const base = slot * this.layout.buckets;
    const { counts, touched } = batch;
    for (let at = 0; at < batch.touchedLength; at++) {
      const index = touched[at]!;
      this.#add(base + index, counts[index]!);
    }
    this.#addStats(slot, batch.count, batch.sum, batch.max);
  }

  /**
   * The values of the last `windowMs` milliseconds (the whole window by default, and at most the
   * whole window) at time `now`: the current slot and the `ceil(windowMs / slotMs) - 1` before it.
   */
  read(windowMs: number = this.windowMs, now: number = this.#clock.now()): HistogramRead {
    const head = this.#advance(now);
    const span = Math.min(this.slots, Math.max(1, Math.ceil(windowMs / this.slotMs - 1e-9)));
    const buckets = this.layout.buckets;
    const counts = new Float64Array(buckets);
    const source = this.#counts;
    let count = 0;
    let sum = 0;
    let max = Number.NaN;
    for (let age = 0; age < span; age++) {
      const slot = this.#slot(head - age);
      const slotCount = this.#stats[slot * STATS]!;
      if (slotCount === 0) continue;
      count += slotCount;
      sum += this.#stats[slot * STATS + 1]!;
      const slotMax = this.#stats[slot * STATS + 2]!;
      if (!(slotMax <= max)) max = slotMax;
      const base = slot * buckets;
      for (let index = 0; index < buckets; index++) counts[index]! += source[base + index]!;
    }
    return { count, sum, max, counts };
  }

  /**
   * The slots that hold anything at time `now`, newest first (see {@link HistogramSlot}): `age` 0
   * is the current slot. O(slots × buckets). With {@link RollingHistogram.load}, it saves the
   * histogram's contents across clocks (ages are relative).
   */
  export(now: number = this.#clock.now()): HistogramSlot[] {
    const head = this.#advance(now);
    const buckets = this.layout.buckets;
    const entries: HistogramSlot[] = [];
    for (let age = 0; age < this.slots; age++) {
      const slot = this.#slot(head - age);
      const count = this.#stats[slot * STATS]!;
      if (count === 0) continue;
      const pairs: [number, number][] = [];
      const base = slot * buckets;
      for (let index = 0; index < buckets; index++) {
        const n = this.#counts[base + index]!;
        if (n !== 0) pairs.push([index, n]);
      }
      const stats = this.#stats;
      entries.push([age, count, stats[slot * STATS + 1]!, stats[slot * STATS + 2]!, pairs]);
    }
    return entries;
  }

  /**
   * Adds slots taken by {@link RollingHistogram.export} to the slots of the same ages at time
   * `now`; ages at or beyond {@link RollingHistogram.slots} are out of the window and ignored, and
   * so are bucket indices out of range. The entries are trusted to be consistent (each slot's
   * count the sum of its buckets): check them first.
   */
  load(entries: readonly HistogramSlot[], now: number = this.#clock.now()): void {
    const head = this.#advance(now);
    const buckets = this.layout.buckets;
    for (const [age, count, sum, max, pairs] of entries) {
      if (!Number.isInteger(age) || age < 0 || age >= this.slots) continue;
      const slot = this.#slot(head - age);
      for (const [index, n] of pairs) {
        if (Number.isInteger(index) && index >= 0 && index < buckets) {
          this.#add(slot * buckets + index, n);
        }
      }
      this.#addStats(slot, count, sum, max);
    }
  }

  /** Clears every slot. */
  reset(): void {
    this.#counts.fill(0);
    this.#stats.fill(0);
    this.#head = Number.NaN;
  }

  #add(at: number, amount: number): void {
    const next = this.#counts[at]! + amount;
    if (next > MAX_UINT32 && this.#counts instanceof Uint32Array) {
      this.#counts = Float64Array.from(this.#counts);
    }
    this.#counts[at] = next;
  }

  #addStats(slot: number, count: number, sum: number, max: number): void {
    const base = slot * STATS;
    const stats = this.#stats;
    stats[base] = stats[base]! + count;
    stats[base + 1] = stats[base + 1]! + sum;
    if (max > stats[base + 2]!) stats[base + 2] = max;
  }

  /** Moves the head to the slot of `now`, clearing the slots it passes; returns the head. */
  #advance(now: number): number {
    const index = bucketIndex(now, this.slotMs);
    const head = this.#head;
    if (index <= head) return head;
    if (Number.isNaN(head) || index - head >= this.slots) {
      this.#counts.fill(0);
      this.#stats.fill(0);
    } else {
      const buckets = this.layout.buckets;
      let slot = this.#slot(head);
      for (let step = index - head; step > 0; step--) {
        slot = slot + 1 === this.slots ? 0 : slot + 1;
        if (this.#stats[slot * STATS] !== 0) {
          this.#counts.fill(0, slot * buckets, (slot + 1) * buckets);
          this.#stats.fill(0, slot * STATS, (slot + 1) * STATS);
        }
      }
    }
    this.#head = index;
    return index;
  }

  #slot(index: number): number {
    const slot = index % this.slots;
    return slot < 0 ? slot + this.slots : slot;
  }
}
