import type { LogBuckets } from './log-buckets.js';

/**
 * Values recorded since the last flush, as bucket counts with the list of buckets touched, their
 * count, sum and maximum: O(1) to record, with no allocation, and O(buckets touched) to merge
 * into a {@link RollingHistogram} and to clear. A tracker records into one batch per finest time
 * slot, and merges it into every tier at once.
 *
 * @example
 * ```ts
 * // Internal to ballast: modules import it from '../window/index.js'.
 *
 * const batch = new HistogramBatch(layout);
 * batch.record(12.5);
 * histogram.merge(batch, now);
 * batch.clear();
 * ```
 */
export class HistogramBatch {
  /** The value buckets. */
  readonly layout: LogBuckets;
  /** One count per bucket; only the buckets in `touched` are non-zero. */
  readonly counts: Float64Array;
  /** The buckets with a non-zero count, `touchedLength` of them, in the order first touched. */
  readonly touched: Uint32Array;
  touchedLength = 0;
  /** Values recorded. */
  count = 0;
  /** Their sum. */
  sum = 0;
  /** The largest of them; 0 when there is none. */
  max = 0;

  constructor(layout: LogBuckets) {
    this.layout = layout;
    this.counts = new Float64Array(layout.buckets);
    this.touched = new Uint32Array(layout.buckets);
  }

  /** Records one value (a finite number >= 0). O(1). */
  record(value: number): void {
    const index = this.layout.indexOf(value);
    if (this.counts[index] === 0) this.touched[this.touchedLength++] = index;
    this.counts[index]! += 1;
    this.count += 1;
    this.sum += value;
    if (value > this.max) this.max = value;
  }

  /** Forgets every value. O(buckets touched). */
  clear(): void {
    for (let at = 0; at < this.touchedLength; at++) this.counts[this.touched[at]!] = 0;
    this.touchedLength = 0;
    this.count = 0;
    this.sum = 0;
    this.max = 0;
  }
}
