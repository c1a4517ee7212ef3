import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { decimate, type SeriesPoint } from '../../../src/simulator/report/decimate.js';

const series = fc
  .array(fc.option(fc.double({ min: -1e6, max: 1e6, noNaN: true }), { nil: Number.NaN, freq: 8 }), {
    maxLength: 5000,
  })
  // -0 becomes 0: the extremes are compared with Object.is, which tells them apart.
  .map((values) => values.map((value, t): SeriesPoint => ({ t, value: value + 0 })));

describe('decimate', () => {
  it('keeps at most maxPoints, in time order, with every bucket’s extremes and gaps', () => {
    fc.assert(
      fc.property(series, fc.integer({ min: 3, max: 1500 }), (points, maxPoints) => {
        const kept = decimate(points, maxPoints);
        expect(kept.length).toBeLessThanOrEqual(Math.max(maxPoints, 0));
        for (let i = 1; i < kept.length; i++) expect(kept[i]!.t).toBeGreaterThan(kept[i - 1]!.t);
        const finite = points.filter((p) => !Number.isNaN(p.value)).map((p) => p.value);
        const keptFinite = kept.filter((p) => !Number.isNaN(p.value)).map((p) => p.value);
        if (finite.length > 0) {
          // The line's highest and lowest points survive: a spike is never smoothed away.
          expect(Math.max(...keptFinite)).toBe(Math.max(...finite));
          expect(Math.min(...keptFinite)).toBe(Math.min(...finite));
        }
        expect(kept.some((p) => Number.isNaN(p.value))).toBe(
          points.some((p) => Number.isNaN(p.value)),
        );
      }),
    );
  });

  it('keeps a short line whole', () => {
    const points = [1, Number.NaN, 3].map((value, t) => ({ t, value }));
    expect(decimate(points, 1500)).toEqual(points);
  });
});
