import type { Clock } from '../clock/index.js';
import { RollingCounter } from '../window/index.js';
import { burnRateOf, type BudgetFraction } from './error-budget.js';

/** Channel of every event. */
export const TOTAL = 0;
/** Channel of bad events. */
export const BAD = 1;

/**
 * The tiers, as (share of the period they cover, bucket count). For 30 days: 10-s buckets over the
 * last hour, 2-min buckets over the last day, 1-h buckets over the whole period. Each window is
 * read from the finest tier that covers it, so every window of the default alert table is read to
 * within 3.3 % of its length (the 5-min window, in 10-s buckets) and most far better.
 */
const TIER_SHAPES: readonly (readonly [periodDivisor: number, buckets: number])[] = [
  [720, 360],
  [30, 720],
  [1, 720],
];

/**
 * The bucket width a window of `windowMs` is read with, for a period of `periodMs`: the resolution
 * of every read of that window.
 *
 * @internal
 */
export function bucketMsFor(windowMs: number, periodMs: number): number {
  for (const [divisor, buckets] of TIER_SHAPES) {
    if (windowMs <= periodMs / divisor) return periodMs / divisor / buckets;
  }
  return periodMs / TIER_SHAPES[TIER_SHAPES.length - 1]![1];
}

/** One tier's buckets in a snapshot: `[age, total, bad]`, newest first; empty buckets left out. */
export type TierBuckets = readonly (readonly [age: number, total: number, bad: number])[];

/**
 * The SLO tracker's event counts over its period, in tiers of {@link RollingCounter}s: O(1) to
 * record, and a window read costs at most the 720 buckets of one tier. Memory is fixed: about
 * 28 KiB of counts per tracker, whatever the traffic.
 *
 * Recording only adds to a pending batch for the current finest bucket; the batch goes into the
 * tiers when time moves to the next finest bucket or something reads. Every tier's buckets are
 * whole multiples of the finest, so the batch lands in the same buckets its events would have,
 * and a record costs a division and two additions rather than six counter updates.
 *
 * Times are the tracker's own (milliseconds since it started), so buckets line up across restores.
 *
 * @internal
 */
export class SloWindows {
  readonly periodMs: number;
  readonly #fine: RollingCounter;
  readonly #medium: RollingCounter;
  readonly #coarse: RollingCounter;
  readonly #tiers: readonly RollingCounter[];
  readonly #fineBucketMs: number;
  /** The finest bucket the pending batch belongs to; NaN when there is none yet. */
  #pendingIndex = Number.NaN;
  /** The time of the batch's first event: where the batch is added. */
  #pendingAt = 0;
  #pendingTotal = 0;
  #pendingBad = 0;

  constructor(periodMs: number, clock: Clock) {
    this.periodMs = periodMs;
    const tiers = TIER_SHAPES.map(
      ([divisor, buckets]) =>
        new RollingCounter({ windowMs: periodMs / divisor, buckets, channels: 2, clock }),
    );
    this.#tiers = tiers;
    [this.#fine, this.#medium, this.#coarse] = tiers as [
      RollingCounter,
      RollingCounter,
      RollingCounter,
    ];
    this.#fineBucketMs = this.#fine.bucketMs;
  }

  /** Adds `total` events, `bad` of them bad, at tracker time `at`. */
  add(at: number, total: number, bad: number): void {
    const index = Math.floor(at / this.#fineBucketMs);
    if (index !== this.#pendingIndex) {
      this.#flush();
      this.#pendingIndex = index;
      this.#pendingAt = at;
    }
    this.#pendingTotal += total;
    this.#pendingBad += bad;
  }

  /** The sum of `channel` over the last `windowMs` (at most the period) at tracker time `at`. */
  sum(channel: number, windowMs: number, at: number): number {
    this.#flush();
    return this.tierFor(windowMs).sum(channel, windowMs, at);
  }

  /** Bad events over `windowMs` as a multiple of the budget's share of them; 0 with no events. */
  burnRate(windowMs: number, at: number, budget: BudgetFraction): number {
    const total = this.sum(TOTAL, windowMs, at);
    return total === 0 ? 0 : burnRateOf(this.sum(BAD, windowMs, at), total, budget);
  }

  /** The finest tier that covers `windowMs`. */
  tierFor(windowMs: number): RollingCounter {
    if (windowMs <= this.#fine.windowMs) return this.#fine;
    if (windowMs <= this.#medium.windowMs) return this.#medium;
    return this.#coarse;
  }

  /** Every tier: finest first. */
  get tiers(): readonly RollingCounter[] {
    return this.#tiers;
  }

  /** Each tier's non-empty buckets at tracker time `at`, newest first. O(buckets). */
  export(at: number): TierBuckets[] {
    this.#flush();
    return this.#tiers.map((tier) =>
      tier.export(at).map(([age = 0, total = 0, bad = 0]) => [age, total, bad] as const),
    );
  }

  /**
   * Loads buckets taken by {@link SloWindows.export} at tracker time `at` into the tiers, each into
   * the bucket of the same age.
   */
  load(tiers: readonly TierBuckets[], at: number): void {
    this.#tiers.forEach((tier, index) => tier.load(tiers[index] ?? [], at));
  }

  #flush(): void {
    const total = this.#pendingTotal;
    if (total === 0) return;
    const bad = this.#pendingBad;
    const at = this.#pendingAt;
    this.#pendingTotal = 0;
    this.#pendingBad = 0;
    for (const tier of this.#tiers) {
      tier.add(TOTAL, total, at);
      if (bad !== 0) tier.add(BAD, bad, at);
    }
  }
}
