import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { RollingCounter } from '../../src/window/index.js';
import { manualClock } from '../helpers/manual-clock.js';

describe('RollingCounter at extreme clock readings', () => {
  it('refuses a clock whose bucket index is past 2^53 at construction, instead of hanging', () => {
    expect(
      () => new RollingCounter({ windowMs: 60_000, buckets: 6, clock: manualClock(1e20) }),
    ).toThrow(
      new RangeError(
        `clock reading must be finite and below ${Number.MAX_SAFE_INTEGER} buckets of 10000 ms from zero, got 100000000000000000000`,
      ),
    );
    expect(
      () =>
        new RollingCounter({
          windowMs: 1,
          buckets: 10,
          clock: manualClock(Number.MAX_SAFE_INTEGER),
        }),
    ).toThrow(RangeError);
  });

  it('refuses a reading that moves past 2^53 buckets later, and NaN or infinite readings', () => {
    const clock = manualClock(0);
    const counter = new RollingCounter({ windowMs: 60_000, buckets: 6, clock });
    for (const reading of [1e20, Number.NaN, Number.POSITIVE_INFINITY, -1e20]) {
      clock.t = reading;
      expect(() => counter.record(1)).toThrow(RangeError);
      expect(() => counter.sum(0)).toThrow(RangeError);
    }
  });

  it('keeps exact sums for any safe clock reading with buckets of 1 ms or more, jumps of any size included (property)', () => {
    fc.assert(
      fc.property(
        fc.integer({ min: 1, max: 12 }),
        // Buckets of at least 1 ms: then every safe reading has a safe bucket index.
        fc.integer({ min: 1, max: 10_000 }),
        fc.integer({ min: -Number.MAX_SAFE_INTEGER, max: Number.MAX_SAFE_INTEGER }),
        fc.array(
          fc.oneof(
            fc.record({
              kind: fc.constant('add' as const),
              amount: fc.integer({ min: 1, max: 5 }),
            }),
            fc.record({
              kind: fc.constant('jump' as const),
              // Thousandths of the window (so jumps of a few buckets are common), or anything.
              permille: fc.integer({ min: 0, max: 3_000 }),
              huge: fc.oneof(
                { arbitrary: fc.constant(undefined), weight: 7 },
                { arbitrary: fc.maxSafeNat(), weight: 1 },
              ),
            }),
          ),
          { maxLength: 40 },
        ),
        (buckets, bucketWidth, start, steps) => {
          const windowMs = buckets * bucketWidth;
          const clock = manualClock(start);
          const counter = new RollingCounter({ windowMs, buckets, clock });
          const bucketMs = windowMs / buckets;
          const events: { at: number; amount: number }[] = [];
          for (const step of steps) {
            if (step.kind === 'jump') {
              const next = clock.t + (step.huge ?? Math.floor((step.permille * windowMs) / 1_000));
              if (next > Number.MAX_SAFE_INTEGER) continue;
              clock.t = next;
            } else {
              counter.add(0, step.amount);
              events.push({ at: clock.t, amount: step.amount });
            }
            const head = Math.floor(clock.t / bucketMs);
            const expected = events
              .filter((e) => Math.floor(e.at / bucketMs) > head - buckets)
              .reduce((sum, e) => sum + e.amount, 0);
            expect(counter.sum(0)).toBe(expected);
            expect(counter.sum(0, bucketMs)).toBe(
              events
                .filter((e) => Math.floor(e.at / bucketMs) === head)
                .reduce((sum, e) => sum + e.amount, 0),
            );
          }
        },
      ),
    );
  });
});
