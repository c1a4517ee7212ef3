import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { isNiceTimeStep, timeTicks, valueTicks } from '../../../src/simulator/report/ticks.js';

describe('timeTicks', () => {
  it('ticks every round step from 0, increasing, within the axis, at most maxTicks of them', () => {
    fc.assert(
      fc.property(
        fc.double({ min: 1, max: 400 * 86_400_000, noNaN: true }),
        fc.integer({ min: 2, max: 12 }),
        (duration, maxTicks) => {
          const ticks = timeTicks(duration, maxTicks);
          expect(ticks[0]).toBe(0);
          expect(ticks.length).toBeLessThanOrEqual(maxTicks);
          expect(ticks.at(-1)).toBeLessThanOrEqual(duration);
          if (ticks.length > 1) {
            const step = ticks[1]! - ticks[0]!;
            expect(isNiceTimeStep(step)).toBe(true);
            ticks.forEach((tick, i) => expect(tick).toBe(i * step));
            // The smallest round step that fits: the next tick would be past the end.
            expect(ticks.at(-1)! + step).toBeGreaterThan(duration);
          }
        },
      ),
    );
  });

  it('ticks at minutes and hours a person would choose', () => {
    expect(timeTicks(3_600_000, 9)).toEqual([0, 10, 20, 30, 40, 50, 60].map((m) => m * 60_000));
    expect(timeTicks(86_400_000, 9)).toEqual(
      [0, 3, 6, 9, 12, 15, 18, 21, 24].map((h) => h * 3_600_000),
    );
    expect(timeTicks(0, 9)).toEqual([0]);
  });
});

describe('valueTicks', () => {
  it('covers the values with multiples of 1, 2 or 5 times a power of ten, at most maxTicks', () => {
    fc.assert(
      fc.property(
        fc.double({ min: -1e6, max: 1e6, noNaN: true }),
        fc.double({ min: 1e-3, max: 1e6, noNaN: true }),
        fc.integer({ min: 3, max: 10 }),
        (min, span, maxTicks) => {
          const max = min + span;
          const ticks = valueTicks(min, max, maxTicks);
          expect(ticks.length).toBeGreaterThanOrEqual(2);
          expect(ticks.length).toBeLessThanOrEqual(maxTicks);
          const step = ticks[1]! - ticks[0]!;
          // Covered up to float noise: a billionth of a step, or the last digits of large values.
          const noise = step * 1e-9 + Math.max(Math.abs(min), Math.abs(max)) * 1e-12;
          expect(ticks[0]).toBeLessThanOrEqual(min + noise);
          expect(ticks.at(-1)).toBeGreaterThanOrEqual(max - noise);
          const mantissa = step / 10 ** Math.floor(Math.log10(step) + 1e-9);
          expect([1, 2, 5].some((m) => Math.abs(mantissa - m) < 1e-6)).toBe(true);
          for (let i = 1; i < ticks.length; i++) expect(ticks[i]!).toBeGreaterThan(ticks[i - 1]!);
        },
      ),
    );
  });

  it('gives a flat or empty range an axis all the same', () => {
    expect(valueTicks(0, 87, 6)).toEqual([0, 20, 40, 60, 80, 100]);
    expect(valueTicks(0, 0, 6)).toEqual([0, 1]);
    expect(valueTicks(5, 5, 6)).toEqual([0, 1, 2, 3, 4, 5]);
  });
});
