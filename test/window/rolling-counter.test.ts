import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { VirtualClock } from '../../src/testing/index.js';
import { RollingCounter } from '../../src/window/index.js';

/** The naive reference: every event kept with its time, summed by bucket index. */
function referenceSum(
  events: readonly { at: number; channel: number; amount: number }[],
  channel: number,
  bucketMs: number,
  span: number,
  now: number,
): number {
  const head = Math.floor(now / bucketMs);
  return events
    .filter((e) => e.channel === channel && Math.floor(e.at / bucketMs) > head - span)
    .reduce((sum, e) => sum + e.amount, 0);
}

const step = fc.oneof(
  fc.record({
    kind: fc.constant('add' as const),
    channel: fc.integer({ min: 0, max: 2 }),
    amount: fc.integer({ min: 0, max: 5 }),
  }),
  fc.record({ kind: fc.constant('advance' as const), ms: fc.integer({ min: 0, max: 400 }) }),
  fc.record({
    kind: fc.constant('read' as const),
    channel: fc.integer({ min: 0, max: 2 }),
    windowMs: fc.option(fc.integer({ min: 1, max: 1_500 }), { nil: undefined }),
  }),
);

describe('RollingCounter', () => {
  it('agrees with a list of timestamped events for any sequence and window', () => {
    fc.assert(
      fc.property(
        fc.integer({ min: 1, max: 12 }),
        fc.integer({ min: 10, max: 1_000 }),
        fc.integer({ min: -5_000, max: 5_000 }),
        fc.array(step, { maxLength: 120 }),
        (buckets, windowMs, start, steps) => {
          let now = start;
          const counter = new RollingCounter({
            windowMs,
            buckets,
            channels: 3,
            clock: { now: () => now, setTimer: () => () => undefined },
          });
          const bucketMs = windowMs / buckets;
          const events: { at: number; channel: number; amount: number }[] = [];
          for (const s of steps) {
            if (s.kind === 'add') {
              counter.add(s.channel, s.amount);
              events.push({ at: now, channel: s.channel, amount: s.amount });
            } else if (s.kind === 'advance') {
              now += s.ms;
            } else {
              const span = Math.min(
                buckets,
                Math.max(1, Math.ceil((s.windowMs ?? windowMs) / bucketMs - 1e-9)),
              );
              expect(counter.sum(s.channel, s.windowMs)).toBe(
                referenceSum(events, s.channel, bucketMs, span, now),
              );
            }
          }
        },
      ),
    );
  });

  it('sees every event of the last windowMs - bucketMs and none older than windowMs + bucketMs', () => {
    fc.assert(
      fc.property(
        fc.integer({ min: 1, max: 10 }),
        fc.array(fc.integer({ min: 0, max: 3_000 }), { minLength: 1, maxLength: 50 }),
        fc.integer({ min: 0, max: 3_000 }),
        (buckets, offsets, wait) => {
          const windowMs = 1_000;
          const bucketMs = windowMs / buckets;
          let now = 0;
          const counter = new RollingCounter({
            windowMs,
            buckets,
            clock: { now: () => now, setTimer: () => () => undefined },
          });
          const times = [...offsets].sort((a, b) => a - b);
          for (const t of times) {
            now = t;
            counter.add(0);
          }
          now = times[times.length - 1]! + wait;
          const recent = times.filter((t) => t > now - (windowMs - bucketMs)).length;
          const possible = times.filter((t) => t > now - (windowMs + bucketMs)).length;
          const sum = counter.sum(0);
          expect(sum).toBeGreaterThanOrEqual(recent);
          expect(sum).toBeLessThanOrEqual(possible);
        },
      ),
    );
  });

  it('records a bit mask into several channels at once', () => {
    const clock = new VirtualClock();
    const counter = new RollingCounter({ windowMs: 1_000, buckets: 4, channels: 3, clock });
    counter.record(0b101);
    counter.record(0b001);
    expect([counter.sum(0), counter.sum(1), counter.sum(2)]).toEqual([2, 0, 1]);
  });

  it('treats a clock that steps back as standing still', () => {
    let now = 1_000;
    const counter = new RollingCounter({
      windowMs: 100,
      buckets: 10,
      clock: { now: () => now, setTimer: () => () => undefined },
    });
    counter.add(0);
    now = 0;
    counter.add(0);
    expect(counter.sum(0)).toBe(2);
    now = 1_095;
    expect(counter.sum(0)).toBe(2);
    now = 1_100;
    expect(counter.sum(0)).toBe(0);
  });

  it('clears everything on reset', () => {
    const counter = new RollingCounter({ windowMs: 10, buckets: 2, clock: new VirtualClock() });
    counter.add(0, 3);
    counter.reset();
    expect(counter.sum(0)).toBe(0);
    counter.add(0, 2);
    expect(counter.sum(0)).toBe(2);
  });

  it.each([
    [{ windowMs: 0, buckets: 1 }, /windowMs must be a finite number > 0, got 0/],
    [{ windowMs: Number.NaN, buckets: 1 }, /windowMs .* got NaN/],
    [{ windowMs: 10, buckets: 0 }, /buckets must be an integer >= 1, got 0/],
    [{ windowMs: 10, buckets: 1.5 }, /buckets must be an integer/],
    [{ windowMs: 10, buckets: 1, channels: 0 }, /channels must be an integer >= 1/],
    [{ windowMs: 10, buckets: 1, clock: {} }, /clock must be a Clock/],
  ])('rejects bad options %o', (options, message) => {
    expect(() => new RollingCounter(options as never)).toThrow(message);
  });
});

describe('RollingCounter export and load', () => {
  it('carries every window sum across clocks with different origins', () => {
    fc.assert(
      fc.property(
        fc.integer({ min: 1, max: 12 }),
        fc.array(
          fc.record({
            wait: fc.integer({ min: 0, max: 300 }),
            amount: fc.integer({ min: 1, max: 4 }),
          }),
          { maxLength: 60 },
        ),
        fc.integer({ min: -10_000, max: 10_000 }),
        fc.integer({ min: 1, max: 1_200 }),
        (buckets, steps, shift, windowMs) => {
          // Whole-millisecond buckets, so that a shift by whole buckets is exact: with 1000 / 7 ms
          // buckets, `now + 1000` can land one ulp before the edge it should reach (4.999999999999999
          // buckets), and no reading can sit exactly on an edge that floats cannot represent.
          const width = 1_000 / buckets;
          const span = buckets * Math.round(width);
          let now = 0;
          const clock = { now: () => now, setTimer: () => () => undefined };
          const source = new RollingCounter({ windowMs: span, buckets, channels: 2, clock });
          for (const step of steps) {
            now += step.wait;
            source.add(0, step.amount);
            if (step.amount > 2) source.add(1, 1);
          }
          const entries = source.export();
          for (const [age] of entries) expect(age).toBeLessThan(buckets);
          // The same instant on another clock: shifted by whole buckets, so bucket edges align.
          const bucketMs = span / buckets;
          let other = now + shift * bucketMs;
          const target = new RollingCounter({
            windowMs: span,
            buckets,
            channels: 2,
            clock: { now: () => other, setTimer: () => () => undefined },
          });
          target.load(JSON.parse(JSON.stringify(entries)) as number[][]);
          for (const channel of [0, 1]) {
            expect(target.sum(channel, windowMs)).toBe(source.sum(channel, windowMs));
          }
          other += span;
          expect(target.sum(0)).toBe(0);
        },
      ),
      { examples: [[7, [{ wait: 0, amount: 1 }], -2, 1]] },
    );
  });

  it('ignores entries outside the window', () => {
    const counter = new RollingCounter({ windowMs: 100, buckets: 4, clock: new VirtualClock() });
    counter.load([
      [4, 5],
      [-1, 5],
      [0.5, 5],
      [1, 2],
    ]);
    expect(counter.sum(0)).toBe(2);
    expect(counter.export()).toEqual([[1, 2]]);
  });
});

describe('RollingCounter load with extra sums', () => {
  it('ignores sums beyond its channels instead of spilling them into another bucket', () => {
    const counter = new RollingCounter({
      windowMs: 400,
      buckets: 4,
      channels: 2,
      clock: new VirtualClock(),
    });
    counter.load([[0, 1, 2, 5]]);
    expect(counter.export()).toEqual([[0, 1, 2]]);
    expect([counter.sum(0), counter.sum(1)]).toEqual([1, 2]);
  });
});
