import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { LogBuckets } from '../../src/window/index.js';

const layout = new LogBuckets({ minValue: 0.01, relativeError: 0.01, buckets: 1_024 });
/** Rounding of the bounds and of the read-back values, far below the 1 % bound. */
const ULP = 1e-12;

describe('LogBuckets', () => {
  it('reads every value in range back within the relative error (property)', () => {
    fc.assert(
      fc.property(
        fc.double({ min: Math.log(0.01), max: Math.log(layout.maxValue), noNaN: true }),
        (logValue) => {
          const value = Math.exp(logValue);
          const read = layout.valueOf(layout.indexOf(value));
          expect(Math.abs(read - value)).toBeLessThanOrEqual(value * (0.01 + ULP));
        },
      ),
      { numRuns: 2_000 },
    );
  });

  it('puts each bound in its own bucket and the next double in the next one', () => {
    for (let index = 1; index < layout.buckets - 1; index++) {
      const upper = 0.01 * layout.gamma ** index;
      const at = layout.indexOf(upper);
      // Within one of the computed bound: the stored bound decides, and the read-back is close.
      expect(Math.abs(at - index)).toBeLessThanOrEqual(1);
      expect(layout.indexOf(upper * (1 + 1e-9))).toBeGreaterThanOrEqual(at);
      const read = layout.valueOf(at);
      expect(Math.abs(read - upper)).toBeLessThanOrEqual(upper * (0.01 + ULP));
    }
  });

  it('clamps values below the range to bucket 0 and above it to the last bucket', () => {
    expect(layout.indexOf(0)).toBe(0);
    expect(layout.indexOf(0.001)).toBe(0);
    expect(layout.indexOf(0.01)).toBe(0);
    expect(layout.indexOf(0.0101)).toBe(1);
    expect(layout.indexOf(1e12)).toBe(1_023);
    expect(layout.indexOf(Number.POSITIVE_INFINITY)).toBe(1_023);
    expect(layout.maxValue).toBeGreaterThan(2 * 3_600_000);
    expect(layout.maxValue).toBeLessThan(2.2 * 3_600_000);
  });

  it('takes nearest-rank quantiles, q to the millionth', () => {
    const counts = new Float64Array(layout.buckets);
    // 1 000 values: 999 of 1 ms and one of 100 ms.
    counts[layout.indexOf(1)] = 999;
    counts[layout.indexOf(100)] = 1;
    const [p50, p999, p100] = layout.quantiles(counts, 1_000, [0.5, 0.999, 1]);
    expect(p50).toBeCloseTo(1, 1);
    // Rank ceil(0.999 * 1000) = 999: still 1 ms (0.999 * 1000 is 999.0000000000001 in doubles).
    expect(p999).toBeCloseTo(1, 1);
    expect(p100).toBeCloseTo(100, -1);
    expect(layout.quantiles(counts, 0, [0.5])).toEqual([Number.NaN]);
  });

  it('rejects bad options, naming them', () => {
    expect(() => new LogBuckets({ minValue: 0, relativeError: 0.01, buckets: 10 })).toThrow(
      /minValue must be a finite number > 0, got 0/,
    );
    expect(() => new LogBuckets({ minValue: 1, relativeError: 1, buckets: 10 })).toThrow(
      /relativeError must be in \(0, 1\), got 1/,
    );
    expect(() => new LogBuckets({ minValue: 1, relativeError: 0.1, buckets: 1 })).toThrow(
      /buckets must be an integer >= 2, got 1/,
    );
    expect(() => new LogBuckets({ minValue: 1, relativeError: 0.1, bucket: 1 } as never)).toThrow(
      /bucket.*buckets/,
    );
  });
});
