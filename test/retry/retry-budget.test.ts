import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { RetryBudget, RetryPolicy, constant } from '../../src/retry/index.js';
import { VirtualClock } from '../../src/testing/index.js';
import { manualClock } from '../helpers/manual-clock.js';
import { runToEnd } from './helpers.js';

type Step =
  | { readonly kind: 'advance'; readonly ms: number }
  | { readonly kind: 'request'; readonly count: number }
  | { readonly kind: 'retry' };

const step: fc.Arbitrary<Step> = fc.oneof(
  fc.record({ kind: fc.constant('advance' as const), ms: fc.integer({ min: 0, max: 700 }) }),
  fc.record({ kind: fc.constant('request' as const), count: fc.integer({ min: 1, max: 6 }) }),
  { arbitrary: fc.record({ kind: fc.constant('retry' as const) }), weight: 3 },
);

const EPSILON = 1e-9;

describe('RetryBudget against a list of timestamped calls and retries', () => {
  /** The reference: every call and granted retry with its time, counted over plain intervals. */
  class Model {
    readonly requests: number[] = [];
    readonly retries: number[] = [];
    constructor(
      readonly reserve: number,
      readonly ratio: number,
    ) {}
    /** Calls and retries in (from, to]. */
    count(times: number[], from: number, to: number): number {
      return times.filter((t) => t > from && t <= to).length;
    }
    /** Whether one more retry at `now` keeps retries <= reserve + ratio * calls over (from, now]. */
    fits(from: number, now: number): boolean {
      const retries = this.count(this.retries, from, now) + 1;
      return retries <= this.reserve + this.ratio * this.count(this.requests, from, now) + EPSILON;
    }
  }

  it('never allows more than the formula over the windowMs that ends at a retry, and never refuses a retry the formula allows over every window up to a bucket longer', () => {
    fc.assert(
      fc.property(
        fc.oneof(fc.constantFrom(0, 0.1, 0.25, 1), fc.double({ min: 0, max: 1, noNaN: true })),
        fc.oneof(fc.constantFrom(0, 1, 10), fc.double({ min: 0, max: 2, noNaN: true })),
        fc.integer({ min: 1, max: 300 }).map((n) => n * 10),
        fc.integer({ min: 0, max: 100_000 }),
        fc.array(step, { minLength: 20, maxLength: 200, size: 'max' }),
        (ratio, minPerSecond, windowMs, start, steps) => {
          let now = start;
          const clock = { now: () => now, setTimer: () => () => undefined };
          const budget = new RetryBudget({ ratio, minPerSecond, windowMs, clock });
          const model = new Model((minPerSecond * windowMs) / 1000, ratio);
          const bucketMs = windowMs / 10;
          for (const s of steps) {
            if (s.kind === 'advance') {
              now += s.ms;
              continue;
            }
            if (s.kind === 'request') {
              for (let i = 0; i < s.count; i++) budget.recordRequest();
              for (let i = 0; i < s.count; i++) model.requests.push(now);
              continue;
            }
            const available = budget.available();
            const granted = budget.tryAcquireRetry(new Error('x'));
            expect(granted === 1).toBe(available >= 1);
            // Lower bound: a retry within the formula over every interval that ends now and is
            // at most one bucket longer than the window is granted. The counts change only at
            // event times, so those (and the longest interval) are the intervals to check.
            const starts = [
              now - windowMs - bucketMs,
              ...[...model.requests, ...model.retries].filter(
                (t) => t >= now - windowMs - bucketMs,
              ),
            ];
            if (starts.every((from) => from >= now || model.fits(from, now))) {
              expect(granted).toBe(1);
            }
            if (granted === false) continue;
            model.retries.push(now);
            // Upper bound: whatever the bucket alignment, the retries of the last windowMs never
            // exceed the formula for the calls of the same window.
            const recent = model.count(model.retries, now - windowMs, now);
            const allowed =
              model.reserve + ratio * model.count(model.requests, now - windowMs, now);
            expect(recent).toBeLessThanOrEqual(allowed + EPSILON);
          }
        },
      ),
      { numRuns: 300 },
    );
  });

  it('refuses no retry of steady traffic whose retries stay within ratio of its calls', () => {
    fc.assert(
      fc.property(
        fc.oneof(fc.constantFrom(0.1, 0.25, 1), fc.double({ min: 0.01, max: 1, noNaN: true })),
        fc.integer({ min: 1, max: 300 }).map((n) => n * 10),
        fc.integer({ min: 1, max: 997 }),
        fc.integer({ min: 0, max: 100_000 }),
        fc.array(fc.integer({ min: 1, max: 40 }), { minLength: 1, maxLength: 5 }),
        fc.integer({ min: 50, max: 400 }),
        (ratio, windowMs, tickMs, start, pattern, ticks) => {
          let now = start;
          const clock = { now: () => now, setTimer: () => () => undefined };
          // No allowance outside the ratio: only the ratio can let these retries through.
          const budget = new RetryBudget({ ratio, minPerSecond: 0, windowMs, clock });
          let refused = 0;
          for (let tick = 0; tick < ticks; tick++, now += tickMs) {
            // Each tick, its calls and then at most ratio of them as retries: over any window,
            // retries never exceed ratio of the calls.
            const calls = pattern[tick % pattern.length]!;
            for (let i = 0; i < calls; i++) budget.recordRequest();
            const retries = Math.floor(ratio * calls + EPSILON);
            for (let i = 0; i < retries; i++) if (budget.tryAcquireRetry() === false) refused++;
          }
          // One assertion per run: an expect per retry made this property the slowest test.
          expect(refused).toBe(0);
        },
      ),
      { numRuns: 150 },
    );
  });

  it.each([0.095, 0.1])(
    'refuses no retry at a steady %s of 2 000 calls a second, with ratio 0.1',
    (share) => {
      let now = 0;
      const clock = { now: () => now, setTimer: () => () => undefined };
      const budget = new RetryBudget({ ratio: 0.1, clock });
      let calls = 0;
      let retries = 0;
      let refused = 0;
      for (; now < 60_000; now++) {
        budget.recordRequest();
        budget.recordRequest();
        calls += 2;
        // Retries spread evenly: the retries so far are share of the calls so far.
        while (retries + 1 <= share * calls + EPSILON) {
          retries++;
          if (budget.tryAcquireRetry() === false) refused++;
        }
      }
      expect(retries).toBeGreaterThan(11_000);
      expect(refused).toBe(0);
    },
  );

  it('allows minPerSecond * windowMs / 1000 + ratio * calls, forgetting them after the window', async () => {
    const clock = new VirtualClock();
    const budget = new RetryBudget({ clock });
    expect(budget.available()).toBe(100);
    for (let i = 0; i < 1_000; i++) budget.recordRequest();
    expect(budget.available()).toBe(200);
    let granted = 0;
    while (budget.tryAcquireRetry() !== false) granted++;
    expect(granted).toBe(200);
    expect(budget.available()).toBe(0);
    // A bucket after the calls leave, so does what the burst of retries took beyond them.
    await clock.advance(10_000);
    expect(budget.available()).toBe(0);
    await clock.advance(1_000);
    expect(budget.available()).toBe(100);
  });

  it('never allows twice the formula within one window, across a bucket edge', async () => {
    const clock = new VirtualClock();
    const budget = new RetryBudget({ ratio: 0, minPerSecond: 10, clock });
    await clock.advance(1);
    let granted = 0;
    while (budget.tryAcquireRetry() !== false) granted++;
    expect(granted).toBe(100);
    await clock.advance(9_999); // one bucket short of a full window since the first burst
    expect(budget.tryAcquireRetry()).toBe(false);
    await clock.advance(1_000);
    expect(budget.available()).toBe(100);
  });

  it('rounds ratio * calls as a person would (0.57 * 100 allows 57)', () => {
    const budget = new RetryBudget({ ratio: 0.57, minPerSecond: 0, clock: new VirtualClock() });
    for (let i = 0; i < 100; i++) budget.recordRequest();
    expect(budget.available()).toBe(57);
  });

  it('keeps retries near ratio of the traffic when a shared dependency fails hard', async () => {
    const clock = new VirtualClock();
    const budget = new RetryBudget({ ratio: 0.1, minPerSecond: 0, clock });
    const policy = new RetryPolicy({ clock, budget, maxAttempts: 3, backoff: constant(1) });
    let attempts = 0;
    const calls = Array.from({ length: 200 }, () =>
      runToEnd(
        clock,
        policy.execute(async () => {
          attempts++;
          throw new Error('down');
        }),
      ),
    );
    await Promise.all(calls);
    expect(attempts).toBe(220); // 200 calls + 10% retries, not 600 attempts
  });

  it('does nothing on success', () => {
    const budget = new RetryBudget({ clock: new VirtualClock(), minPerSecond: 0 });
    budget.recordSuccess(1);
    expect(budget.available()).toBe(0);
  });

  it.each([
    [{ ratio: -0.1 }, /ratio must be in \[0, 1\], got -0.1/],
    [{ ratio: 1.5 }, /ratio must be in \[0, 1\], got 1.5/],
    [{ ratio: Number.NaN }, /ratio/],
    [{ minPerSecond: -1 }, /minPerSecond must be a finite number >= 0, got -1/],
    [{ minPerSecond: Infinity }, /minPerSecond/],
    [{ windowMs: 0 }, /windowMs must be a finite number > 0, got 0/],
    [{ clock: {} as never }, /clock must be a Clock/],
    [{ ratio: 10n as never }, /ratio must be in \[0, 1\], got 10n$/],
    [{ ratio: null as never }, /ratio must not be null/],
    [{ ration: 0.1 } as never, /unknown option "ration" \(did you mean "ratio"\?\)/],
    [{ window: 1_000 } as never, /unknown option "window" \(did you mean "windowMs"\?\)/],
    [null as never, /options must be an object, got null/],
  ])('rejects %o', (options, message) => {
    expect(() => new RetryBudget(options)).toThrow(message);
  });

  it('exposes its settings', () => {
    const budget = new RetryBudget();
    expect([budget.ratio, budget.minPerSecond, budget.windowMs]).toEqual([0.1, 10, 10_000]);
  });
});

describe('RetryBudget at extreme clock readings', () => {
  it('refuses a reading past 2^53 buckets with a RangeError instead of hanging', () => {
    const clock = manualClock(Number.MAX_SAFE_INTEGER - 1);
    const budget = new RetryBudget({ clock, windowMs: 10 });
    budget.recordRequest();
    clock.t = Number.MAX_SAFE_INTEGER + 3;
    expect(() => budget.recordRequest()).toThrow(RangeError);
    expect(() => new RetryBudget({ clock: manualClock(1e20) })).toThrow(
      /clock reading must be finite .* got 100000000000000000000/,
    );
  });

  it('refuses an infinite or NaN reading instead of granting every retry after it', () => {
    const clock = manualClock(0);
    const budget = new RetryBudget({ clock, minPerSecond: 0 });
    for (const reading of [Number.POSITIVE_INFINITY, Number.NaN]) {
      clock.t = reading;
      expect(() => budget.recordRequest()).toThrow(RangeError);
      expect(() => budget.tryAcquireRetry()).toThrow(RangeError);
    }
    clock.t = 1_000;
    expect(budget.tryAcquireRetry()).toBe(false);
    expect(budget.available()).toBe(0);
  });
});

describe('RetryBudget at the edge of its room', () => {
  it('grants a retry when the room is exactly one, and refuses the next', () => {
    const clock = manualClock(0);
    // minPerSecond 0.1 over 10 s: a reserve of exactly one retry, and no ratio.
    const budget = new RetryBudget({ clock, ratio: 0, minPerSecond: 0.1, windowMs: 10_000 });
    expect(budget.available()).toBe(1);
    expect(budget.tryAcquireRetry()).toBe(1);
    expect(budget.tryAcquireRetry()).toBe(false);
  });
});
