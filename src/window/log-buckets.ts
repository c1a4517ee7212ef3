import {
  assertInRange,
  assertInteger,
  assertOptions,
  assertPositive,
} from '../internal/validate.js';

/**
 * Options for {@link LogBuckets}.
 *
 * @example
 * ```ts
 * const options: LogBucketsOptions = { minValue: 0.01, relativeError: 0.01, buckets: 1_024 };
 * ```
 */
export interface LogBucketsOptions {
  /** The upper bound of the lowest bucket: every value up to it falls there. */
  readonly minValue: number;
  /** The relative error of a value read back from its bucket, in (0, 1): `α` of DDSketch. */
  readonly relativeError: number;
  /** How many buckets; values past the last bucket's upper bound fall in the last bucket. */
  readonly buckets: number;
}

/**
 * Logarithmic value buckets, DDSketch's way: with `γ = (1 + α) / (1 - α)`, bucket `i > 0` holds
 * the values in `(minValue·γ^(i-1), minValue·γ^i]` and reads back as `2·minValue·γ^i / (γ + 1)`,
 * which is within `α` (relative) of every value in it. Bucket 0 holds everything up to
 * `minValue` (zero included), and the last bucket everything above its lower bound: outside
 * `[minValue / γ, maxValue]` the error bound does not hold.
 *
 * The bucket of a value is found without `Math.log` (which costs several times the rest of a
 * record): the binary exponent from the value's bits, plus the base-2 logarithm of its mantissa
 * from a table of 256 steps, gives the index to within one bucket (a step is a fifth of a bucket),
 * and the stored bounds settle it, so rounding never puts a value in the wrong bucket.
 *
 * @example
 * ```ts
 * // Internal to ballast: modules import it from '../window/index.js'.
 *
 * const layout = new LogBuckets({ minValue: 0.01, relativeError: 0.01, buckets: 1_024 });
 * layout.valueOf(layout.indexOf(250)); // 250 within 1 %
 * layout.maxValue; // about 7.7e6: 2.1 hours, in ms
 * ```
 */
export class LogBuckets {
  /** The upper bound of bucket 0. */
  readonly minValue: number;
  /** `α`: the relative error of a value read back, for values in range. */
  readonly relativeError: number;
  /** `γ = (1 + α) / (1 - α)`: the ratio of consecutive bucket bounds. */
  readonly gamma: number;
  /** The number of buckets. */
  readonly buckets: number;
  /** The upper bound of the last bucket but one: values above it all fall in the last bucket. */
  readonly maxValue: number;

  readonly #inverseLog2Gamma: number;
  readonly #log2Min: number;
  /** `log2(1 + i / 256)`: the mantissa's logarithm, rounded down to a 256th of an octave. */
  readonly #log2Mantissa: Float64Array;
  /** One double and its two 32-bit words, to read a value's exponent and mantissa. */
  readonly #float = new Float64Array(1);
  readonly #words = new Uint32Array(this.#float.buffer);
  /** Which word holds the sign, exponent and top of the mantissa: 1 on little-endian hosts. */
  readonly #high = new Uint8Array(new Uint16Array([1]).buffer)[0] === 1 ? 1 : 0;
  /** Upper bound of each bucket (the last one's is +Infinity). */
  readonly #upper: Float64Array;
  /** The value each bucket reads back as. */
  readonly #values: Float64Array;

  constructor(options: LogBucketsOptions) {
    const given: unknown = options;
    assertOptions(given, 'options', ['minValue', 'relativeError', 'buckets']);
    assertPositive(options.minValue, 'minValue');
    assertInRange(options.relativeError, 'relativeError', 0, 1, '()');
    assertInteger(options.buckets, 'buckets', 2);
    const { minValue, relativeError, buckets } = options;
    this.minValue = minValue;
    this.relativeError = relativeError;
    this.buckets = buckets;
    this.gamma = (1 + relativeError) / (1 - relativeError);
    this.#inverseLog2Gamma = 1 / Math.log2(this.gamma);
    this.#log2Min = Math.log2(minValue);
    this.#log2Mantissa = new Float64Array(256);
    for (let step = 0; step < 256; step++) this.#log2Mantissa[step] = Math.log2(1 + step / 256);
    this.#upper = new Float64Array(buckets);
    this.#values = new Float64Array(buckets);
    const middle = 2 / (this.gamma + 1);
    for (let index = 0; index < buckets; index++) {
      const upper = minValue * this.gamma ** index;
      this.#upper[index] = upper;
      this.#values[index] = upper * middle;
    }
    this.maxValue = this.#upper[buckets - 2]! * this.gamma;
    this.#upper[buckets - 1] = Number.POSITIVE_INFINITY;
  }

  /** The bucket of `value` (a number >= 0; NaN falls in bucket 0). O(1). */
  indexOf(value: number): number {
    if (!(value > this.minValue)) return 0;
    this.#float[0] = value;
    const high = this.#words[this.#high]!;
    // log2(value) = exponent + log2(mantissa), the latter rounded down by less than a fifth of a
    // bucket: the index is the right one or the one below.
    const log2 = (high >>> 20) - 1023 + this.#log2Mantissa[(high >>> 12) & 255]!;
    let index = Math.ceil((log2 - this.#log2Min) * this.#inverseLog2Gamma);
    if (index >= this.buckets) return this.buckets - 1;
    // The stored bounds decide.
    const upper = this.#upper;
    if (value > upper[index]!) index++;
    else if (index > 0 && value <= upper[index - 1]!) index--;
    return index;
  }

  /** The value bucket `index` reads back as. */
  valueOf(index: number): number {
    return this.#values[index]!;
  }

  /**
   * The values of the nearest-rank quantiles `qs` (ascending, each in [0, 1]) of the `count`
   * values held in `counts` (one count per bucket): for `q`, the bucket of the value of rank
   * `max(1, ceil(q · count))` in ascending order, `q` taken to the millionth so that 0.999 of
   * 1 000 is rank 999 and not 1 000 by rounding. One pass over the buckets; NaN when `count` is 0.
   */
  quantiles(counts: ArrayLike<number>, count: number, qs: readonly number[]): number[] {
    const out: number[] = [];
    if (count === 0) return qs.map(() => Number.NaN);
    let index = 0;
    let seen = counts[0]!;
    for (const q of qs) {
      const rank = Math.max(1, Math.ceil((Math.round(q * 1e6) * count) / 1e6));
      while (seen < rank && index < this.buckets - 1) seen += counts[++index]!;
      out.push(this.#values[index]!);
    }
    return out;
  }
}
