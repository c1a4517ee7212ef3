import type { Clock } from '../clock/index.js';
import {
  HistogramBatch,
  LogBuckets,
  RollingHistogram,
  type HistogramSlot,
} from '../window/index.js';

/**
 * The latency of the calls an {@link SloTracker} timed over a window, as
 * {@link SloTracker.latency} reports it. Quantiles are nearest-rank (the value of rank
 * `max(1, ceil(q · count))` in ascending order), each within 1 % of the true value for durations
 * from 0.01 ms to about 2.1 hours; count, mean and maximum are exact. With no call in the window,
 * `count` is 0 and every other figure NaN.
 *
 * @example
 * ```ts
 * const { p99Ms, count } = slo.latency(5 * 60_000);
 * if (count > 100 && p99Ms > 500) log.warn(`p99 over the last 5 min: ${p99Ms.toFixed(1)} ms`);
 * ```
 */
export interface SloLatency {
  /** Calls timed in the window. */
  readonly count: number;
  /** Their mean duration (exact). */
  readonly meanMs: number;
  /** The median. */
  readonly p50Ms: number;
  readonly p90Ms: number;
  readonly p99Ms: number;
  readonly p999Ms: number;
  /** The longest duration in the window (exact). */
  readonly maxMs: number;
}

/**
 * The latency tiers, as (share of the period they cover, slot count): the count tiers' windows
 * (see slo-windows.ts) in fewer, wider slots, since a slot holds 1 024 value buckets. For 30 days:
 * 1-min slots over the last hour, 30-min slots over the last day, 12-h slots over the period.
 * Each slot is a whole number of the finest, so a batch of the finest slot lands in the same slot
 * of every tier that its calls would have.
 */
const LATENCY_TIER_SHAPES: readonly (readonly [periodDivisor: number, slots: number])[] = [
  [720, 60],
  [30, 48],
  [1, 60],
];

/** DDSketch's bound: every quantile within 1 %. */
export const LATENCY_RELATIVE_ERROR = 0.01;
/** The upper bound of the lowest bucket, in ms: shorter calls all read as about 0.0099 ms. */
export const LATENCY_MIN_MS = 0.01;
/** 1 024 buckets of ratio 1.0202 from 0.01 ms reach 7.7e6 ms, 2.1 hours. */
export const LATENCY_BUCKETS = 1_024;

const QUANTILES = [0.5, 0.9, 0.99, 0.999] as const;

let layout: LogBuckets | undefined;

/** The value buckets of every tracker's latency, made on first use. @internal */
export function latencyLayout(): LogBuckets {
  return (layout ??= new LogBuckets({
    minValue: LATENCY_MIN_MS,
    relativeError: LATENCY_RELATIVE_ERROR,
    buckets: LATENCY_BUCKETS,
  }));
}

/**
 * The SLO tracker's call durations over its period, in tiers of {@link RollingHistogram}s. As in
 * {@link SloWindows}, a record only adds to a batch for the current finest slot (a logarithm and a
 * few additions, no allocation); the batch goes into every tier when time moves to the next finest
 * slot or something reads. Memory is fixed: 168 slots of 1 024 four-byte counts, 690 KiB in all.
 *
 * Times are the tracker's own (milliseconds since it started), so slots line up across restores.
 *
 * @internal
 */
export class SloLatencyWindows {
  readonly periodMs: number;
  readonly #tiers: readonly RollingHistogram[];
  readonly #batch: HistogramBatch;
  readonly #fineSlotMs: number;
  /** The finest slot the batch belongs to; NaN when there is none yet. */
  #pendingIndex = Number.NaN;
  /** The time of the batch's first call: where the batch is merged. */
  #pendingAt = 0;

  constructor(periodMs: number, clock: Clock) {
    this.periodMs = periodMs;
    const buckets = latencyLayout();
    this.#tiers = LATENCY_TIER_SHAPES.map(
      ([divisor, slots]) =>
        new RollingHistogram({ windowMs: periodMs / divisor, slots, layout: buckets, clock }),
    );
    this.#batch = new HistogramBatch(buckets);
    this.#fineSlotMs = this.#tiers[0]!.slotMs;
  }

  /** Records one call of `durationMs` (finite, >= 0) at tracker time `at`. O(1). */
  record(at: number, durationMs: number): void {
    const index = Math.floor(at / this.#fineSlotMs);
    if (index !== this.#pendingIndex) {
      this.#flush();
      this.#pendingIndex = index;
      this.#pendingAt = at;
    }
    this.#batch.record(durationMs);
  }

  /** The latency over the last `windowMs` (at most the period) at tracker time `at`. */
  read(windowMs: number, at: number): SloLatency {
    this.#flush();
    const { count, sum, max, counts } = this.tierFor(windowMs).read(windowMs, at);
    const [p50, p90, p99, p999] = latencyLayout().quantiles(counts, count, QUANTILES);
    // The largest call bounds every quantile: reading a bucket's value past it only adds error
    // (durations under 0.01 ms would otherwise read as 0.0099 ms).
    return {
      count,
      meanMs: count === 0 ? Number.NaN : sum / count,
      p50Ms: Math.min(p50!, max),
      p90Ms: Math.min(p90!, max),
      p99Ms: Math.min(p99!, max),
      p999Ms: Math.min(p999!, max),
      maxMs: max,
    };
  }

  /** The finest tier that covers `windowMs`. */
  tierFor(windowMs: number): RollingHistogram {
    for (const tier of this.#tiers) if (windowMs <= tier.windowMs) return tier;
    return this.#tiers[this.#tiers.length - 1]!;
  }

  /** Every tier: finest first. */
  get tiers(): readonly RollingHistogram[] {
    return this.#tiers;
  }

  /** Each tier's non-empty slots at tracker time `at`, newest first. */
  export(at: number): HistogramSlot[][] {
    this.#flush();
    return this.#tiers.map((tier) => tier.export(at));
  }

  /** Loads slots taken by {@link SloLatencyWindows.export} at tracker time `at`, by age. */
  load(tiers: readonly (readonly HistogramSlot[])[], at: number): void {
    this.#tiers.forEach((tier, index) => tier.load(tiers[index] ?? [], at));
  }

  #flush(): void {
    const batch = this.#batch;
    if (batch.count === 0) return;
    for (const tier of this.#tiers) tier.merge(batch, this.#pendingAt);
    batch.clear();
  }
}

/** The latency tiers' slot widths and counts for a period, as its tracker has them. @internal */
export function latencyTierShapes(periodMs: number): { slotMs: number; slots: number }[] {
  return LATENCY_TIER_SHAPES.map(([divisor, slots]) => ({
    slotMs: periodMs / divisor / slots,
    slots,
  }));
}
