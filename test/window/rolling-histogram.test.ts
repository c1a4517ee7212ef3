import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { manualClock } from '../helpers/manual-clock.js';
import { HistogramBatch, LogBuckets, RollingHistogram } from '../../src/window/index.js';

const layout = new LogBuckets({ minValue: 0.01, relativeError: 0.01, buckets: 1_024 });
const QS = [0.5, 0.9, 0.99, 0.999, 1];

/**
 * The reference: every value kept with its time. The window at `now` holds the values whose slot
 * index (`floor(at / slotMs)`) is one of the `span` newest; the quantile of q is the value of rank
 * `max(1, ceil(q · n))` in ascending order (nearest rank).
 */
function reference(
  values: readonly { at: number; value: number }[],
  slotMs: number,
  span: number,
  now: number,
): number[] {
  const head = Math.floor(now / slotMs);
  return values
    .filter((v) => Math.floor(v.at / slotMs) > head - span)
    .map((v) => v.value)
    .sort((a, b) => a - b);
}

function rank(q: number, n: number): number {
  return Math.max(1, Math.ceil((Math.round(q * 1e6) * n) / 1e6));
}

const value = fc.oneof(
  fc.double({ min: Math.log(0.01), max: Math.log(layout.maxValue), noNaN: true }).map(Math.exp),
  fc.integer({ min: 1, max: 2_000 }),
);

describe('RollingHistogram', () => {
  it('has exact count, sum and max, and every quantile within 1 % of the exact one (property)', () => {
    fc.assert(
      fc.property(
        fc.integer({ min: 1, max: 10 }),
        fc.integer({ min: 10, max: 500 }),
        fc.array(
          fc.oneof(
            fc.record({
              kind: fc.constant('add' as const),
              values: fc.array(value, { maxLength: 8 }),
            }),
            fc.record({
              kind: fc.constant('advance' as const),
              ms: fc.integer({ min: 0, max: 300 }),
            }),
          ),
          { maxLength: 60 },
        ),
        fc.integer({ min: 1, max: 6_000 }),
        (slots, slotMs, steps, windowMs) => {
          const clock = manualClock(0);
          const histogram = new RollingHistogram({
            windowMs: slots * slotMs,
            slots,
            layout,
            clock,
          });
          const batch = new HistogramBatch(layout);
          const kept: { at: number; value: number }[] = [];
          for (const step of steps) {
            if (step.kind === 'advance') {
              clock.t += step.ms;
              continue;
            }
            // Half the time as a batch, half one by one: the same figures either way.
            if (step.values.length % 2 === 0) {
              for (const v of step.values) batch.record(v);
              histogram.merge(batch);
              batch.clear();
            } else {
              for (const v of step.values) histogram.record(v);
            }
            for (const v of step.values) kept.push({ at: clock.now(), value: v });
          }
          const span = Math.min(slots, Math.ceil(windowMs / slotMs));
          const exact = reference(kept, slotMs, span, clock.now());
          const read = histogram.read(windowMs);
          expect(read.count).toBe(exact.length);
          if (exact.length === 0) {
            expect(read.max).toBeNaN();
            return;
          }
          expect(read.max).toBe(exact[exact.length - 1]);
          expect(read.sum).toBeCloseTo(
            exact.reduce((a, b) => a + b, 0),
            6,
          );
          const estimates = layout.quantiles(read.counts, read.count, QS);
          QS.forEach((q, at) => {
            const truth = exact[rank(q, exact.length) - 1]!;
            expect(Math.abs(estimates[at]! - truth)).toBeLessThanOrEqual(truth * (0.01 + 1e-12));
          });
        },
      ),
      { numRuns: 300 },
    );
  });

  it('forgets slots as they leave the window, however far time jumps', () => {
    const clock = manualClock(0);
    const histogram = new RollingHistogram({ windowMs: 1_000, slots: 10, layout, clock });
    histogram.record(5);
    clock.t += 500;
    histogram.record(50);
    expect(histogram.read().count).toBe(2);
    expect(histogram.read(100).count).toBe(1);
    clock.t += 500;
    expect(histogram.read()).toMatchObject({ count: 1, max: 50, sum: 50 });
    clock.t += 1e9;
    expect(histogram.read()).toMatchObject({ count: 0, sum: 0, max: Number.NaN });
  });

  it('exports and loads slots by age', () => {
    const clock = manualClock(0);
    const histogram = new RollingHistogram({ windowMs: 1_000, slots: 10, layout, clock });
    histogram.record(5);
    histogram.record(5);
    clock.t += 250;
    histogram.record(0);
    const exported = histogram.export();
    expect(exported).toEqual([
      [0, 1, 0, 0, [[0, 1]]],
      [2, 2, 10, 5, [[layout.indexOf(5), 2]]],
    ]);
    const other = new RollingHistogram({
      windowMs: 1_000,
      slots: 10,
      layout,
      clock: manualClock(0),
    });
    other.load(exported);
    expect(other.export()).toEqual(exported);
  });

  it('moves to 64-bit counts when a bucket passes 2^32 - 1', () => {
    const histogram = new RollingHistogram({
      windowMs: 1_000,
      slots: 2,
      layout,
      clock: manualClock(0),
    });
    const index = layout.indexOf(3);
    histogram.load([[0, 2 ** 32 - 1, 3 * (2 ** 32 - 1), 3, [[index, 2 ** 32 - 1]]]]);
    histogram.record(3);
    const read = histogram.read();
    expect(read.count).toBe(2 ** 32);
    expect(read.counts[index]).toBe(2 ** 32);
  });
});
