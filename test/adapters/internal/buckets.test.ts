import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import {
  BucketTally,
  DEFAULT_DELAY_BUCKETS,
  DEFAULT_DURATION_BUCKETS,
  resolveBuckets,
} from '../../../src/adapters/internal/buckets.js';
import { windowLabel } from '../../../src/adapters/internal/window-label.js';

const bounds = fc
  .uniqueArray(fc.double({ min: 0, max: 100, noNaN: true }), { minLength: 1, maxLength: 12 })
  .map((values) => [...values].sort((a, b) => a - b));

describe('BucketTally', () => {
  it('agrees with counting every value against every bound', () => {
    fc.assert(
      fc.property(
        bounds,
        fc.array(fc.double({ min: 0, max: 200, noNaN: true }), { maxLength: 50 }),
        (upper, values) => {
          const tally = new BucketTally(upper);
          for (const value of values) tally.observe(value);
          let cumulative = 0;
          upper.forEach((bound, i) => {
            cumulative += tally.counts[i]!;
            // Prometheus buckets are "less than or equal to" their bound.
            expect(cumulative).toBe(values.filter((v) => v <= bound).length);
          });
          expect(cumulative + tally.counts[upper.length]!).toBe(values.length);
          expect(tally.count).toBe(values.length);
          expect(tally.sum).toBeCloseTo(
            values.reduce((a, b) => a + b, 0),
            9,
          );
        },
      ),
      { numRuns: 200 },
    );
  });
});

describe('resolveBuckets', () => {
  it('gives the fallback for undefined and a frozen copy otherwise', () => {
    expect(resolveBuckets(undefined, 'x', DEFAULT_DURATION_BUCKETS)).toBe(DEFAULT_DURATION_BUCKETS);
    const given = [0, 1, 2];
    const resolved = resolveBuckets(given, 'x', DEFAULT_DELAY_BUCKETS);
    expect(resolved).toEqual(given);
    expect(resolved).not.toBe(given);
    expect(Object.isFrozen(resolved)).toBe(true);
    expect(Object.isFrozen(DEFAULT_DELAY_BUCKETS)).toBe(true);
  });

  it.each([[[]], [[1, 0.5]], [[0.1, Number.POSITIVE_INFINITY]], [['a']], [null]])(
    'rejects %j naming the option',
    (value) => {
      expect(() => resolveBuckets(value as never, 'opt', [])).toThrow(
        /^opt must be a non-empty array of increasing finite numbers >= 0 \(seconds\), got /,
      );
    },
  );
});

describe('windowLabel', () => {
  it.each([
    [300_000, '5m'],
    [3_600_000, '1h'],
    [5_400_000, '90m'],
    [2_592_000_000, '30d'],
    [90_000, '90s'],
    [1_500, '1500ms'],
    [0.5, '0.5ms'],
  ])('labels %d ms as %s', (ms, label) => {
    expect(windowLabel(ms)).toBe(label);
  });
});
