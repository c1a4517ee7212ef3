import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { RetryBudget, RetryPolicy, constant } from '../../src/retry/index.js';
import { VirtualClock } from '../../src/testing/index.js';
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
  it('allows exactly the retries the formula allows over its window, and never more over any window', () => {
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
          const reserve = (minPerSecond * windowMs) / 1000;
          const bucketMs = windowMs / 10;
          const requests: number[] = [];
          const retries: number[] = [];
          const count = (times: number[], from: number, to: number) =>
            times.filter((t) => t > from && t <= to).length;
          for (const s of steps) {
            if (s.kind === 'advance') {
              now += s.ms;
              continue;
            }
            if (s.kind === 'request') {
              for (let i = 0; i < s.count; i++) budget.recordRequest();
              for (let i = 0; i < s.count; i++) requests.push(now);
              continue;
            }
            // The windows as the budget sees them: calls of the current bucket and the nine before
            // it, retries of the current bucket and the ten before it.
            const head = Math.floor(now / bucketMs);
            const since = (times: number[], buckets: number) =>
              times.filter((t) => t >= (head - buckets + 1) * bucketMs).length;
            const room = reserve + ratio * since(requests, 10) - since(retries, 11);
            expect(budget.available()).toBe(Math.max(0, Math.floor(room + EPSILON)));
            const granted = budget.tryAcquireRetry(new Error('x'));
            expect(granted).toBe(room + EPSILON >= 1 ? 1 : false);
            if (granted === false) continue;
            retries.push(now);
            // Whatever the bucket alignment: the retries of the last windowMs never exceed the
            // formula for the calls of the same window.
            const recent = count(retries, now - windowMs, now);
            const allowed = reserve + ratio * count(requests, now - windowMs, now);
            expect(recent).toBeLessThanOrEqual(allowed + EPSILON);
          }
        },
      ),
      { numRuns: 300 },
    );
  });

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
    // Calls leave after the window; retries one bucket later (see the class comment).
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
