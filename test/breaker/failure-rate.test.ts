import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import {
  failureRate,
  type FailureRateOptions,
  type TripTracker,
  type TripWindowCounts,
} from '../../src/breaker/index.js';
import { VirtualClock } from '../../src/testing/index.js';

interface Outcome {
  readonly at: number;
  readonly failed: boolean;
  readonly slow: boolean;
}

/** The tracker's window at `now`, as metrics() reads it. */
function windowOf(tracker: TripTracker, now: number): TripWindowCounts {
  const into = { calls: 0, failures: 0, slowCalls: 0 };
  tracker.window!(into, now);
  return into;
}

/** What a list of outcomes counts. */
function countsOf(kept: readonly Outcome[]): TripWindowCounts {
  return {
    calls: kept.length,
    failures: kept.filter((o) => o.failed).length,
    slowCalls: kept.filter((o) => o.slow).length,
  };
}

/** The rule, spelled out over the list of outcomes the window holds. */
function referenceTrips(kept: readonly Outcome[], options: FailureRateOptions): boolean {
  const calls = kept.length;
  if (calls < options.minimumCalls) return false;
  const failures = kept.filter((o) => o.failed).length;
  const slow = kept.filter((o) => o.slow).length;
  return (
    failures / calls >= options.threshold ||
    (options.slowCallThreshold !== undefined && slow / calls >= options.slowCallThreshold)
  );
}

const step = fc.record({
  advance: fc.integer({ min: 0, max: 300 }),
  failed: fc.boolean(),
  slow: fc.boolean(),
});

const rates = fc.record(
  {
    threshold: fc.integer({ min: 1, max: 10 }).map((n) => n / 10),
    minimumCalls: fc.integer({ min: 1, max: 8 }),
    slowCallThreshold: fc.integer({ min: 1, max: 10 }).map((n) => n / 10),
  },
  { requiredKeys: ['threshold', 'minimumCalls'] },
);

describe('failureRate', () => {
  it('over a count window agrees with the last N outcomes of a plain list', () => {
    fc.assert(
      fc.property(
        rates,
        fc.integer({ min: 1, max: 12 }),
        fc.array(step, { maxLength: 80 }),
        (r, extra, steps) => {
          const options: FailureRateOptions = {
            ...r,
            window: { calls: r.minimumCalls + extra - 1 },
          };
          const tracker = failureRate(options).create({ clock: new VirtualClock() });
          const seen: Outcome[] = [];
          for (const s of steps) {
            seen.push({ at: 0, failed: s.failed, slow: s.slow });
            const trips = s.failed
              ? tracker.failure(s.slow, Number.NaN)
              : tracker.success(s.slow, Number.NaN);
            const kept = seen.slice(-(r.minimumCalls + extra - 1));
            expect(trips).toBe(referenceTrips(kept, options));
            expect(windowOf(tracker, Number.NaN)).toEqual(countsOf(kept));
          }
        },
      ),
      { numRuns: 200 },
    );
  });

  it('over a time window agrees with timestamped outcomes counted by bucket', () => {
    fc.assert(
      fc.property(
        rates,
        fc.integer({ min: 1, max: 10 }),
        fc.integer({ min: 1, max: 100 }),
        fc.integer({ min: -10_000, max: 10_000 }),
        fc.array(step, { maxLength: 80 }),
        (r, buckets, bucketMs, start, steps) => {
          const options: FailureRateOptions = {
            ...r,
            window: { durationMs: buckets * bucketMs, buckets },
          };
          const tracker = failureRate(options).create({ clock: new VirtualClock() });
          const seen: Outcome[] = [];
          let now = start;
          for (const s of steps) {
            now += s.advance;
            seen.push({ at: now, failed: s.failed, slow: s.slow });
            const trips = s.failed ? tracker.failure(s.slow, now) : tracker.success(s.slow, now);
            const head = Math.floor(now / bucketMs);
            const kept = seen.filter((o) => Math.floor(o.at / bucketMs) > head - buckets);
            expect(trips).toBe(referenceTrips(kept, options));
          }
        },
      ),
      { numRuns: 200 },
    );
  });

  // metrics() may read the window at any time, later than the last outcome (say, a minute after
  // traffic stopped) or earlier (a clock that went back): the reading must leave out the buckets
  // expired at its time, and must not change what the tracker decides afterwards.
  it('reads a time window at any time, without changing what it decides', () => {
    fc.assert(
      fc.property(
        rates,
        fc.integer({ min: 1, max: 10 }),
        fc.integer({ min: 1, max: 100 }),
        fc.array(
          fc.record({
            advance: fc.integer({ min: 0, max: 300 }),
            failed: fc.boolean(),
            slow: fc.boolean(),
            reads: fc.array(fc.integer({ min: -500, max: 2_000 }), { maxLength: 2 }),
          }),
          { maxLength: 60 },
        ),
        (r, buckets, bucketMs, steps) => {
          const options: FailureRateOptions = {
            ...r,
            window: { durationMs: buckets * bucketMs, buckets },
          };
          const read = failureRate(options).create({ clock: new VirtualClock() });
          const unread = failureRate(options).create({ clock: new VirtualClock() });
          const seen: Outcome[] = [];
          let now = 0;
          const keptAt = (at: number) => {
            const head = Math.floor(Math.max(at, now) / bucketMs);
            return seen.filter((o) => Math.floor(o.at / bucketMs) > head - buckets);
          };
          for (const s of steps) {
            now += s.advance;
            seen.push({ at: now, failed: s.failed, slow: s.slow });
            const record = (t: TripTracker) =>
              s.failed ? t.failure(s.slow, now) : t.success(s.slow, now);
            expect(record(read)).toBe(record(unread));
            for (const offset of s.reads) {
              expect(windowOf(read, now + offset)).toEqual(countsOf(keptAt(now + offset)));
            }
          }
          if (seen.length === 0) expect(windowOf(read, 0)).toEqual(countsOf([]));
        },
      ),
      { numRuns: 200 },
    );
  });

  it('reads an empty time window before any call, after a reset, and at a NaN reading', () => {
    const tracker = failureRate({
      threshold: 1,
      minimumCalls: 1,
      window: { durationMs: 1_000 },
    }).create({ clock: new VirtualClock() });
    expect(windowOf(tracker, 0)).toEqual({ calls: 0, failures: 0, slowCalls: 0 });
    tracker.failure(true, 10);
    expect(windowOf(tracker, 10)).toEqual({ calls: 1, failures: 1, slowCalls: 1 });
    expect(windowOf(tracker, Number.NaN)).toEqual({ calls: 0, failures: 0, slowCalls: 0 });
    expect(windowOf(tracker, 1e300)).toEqual({ calls: 0, failures: 0, slowCalls: 0 });
    tracker.reset();
    expect(windowOf(tracker, 10)).toEqual({ calls: 0, failures: 0, slowCalls: 0 });
  });

  it('counts a success that brings the window up to minimumCalls', () => {
    const tracker = failureRate({ threshold: 0.5, minimumCalls: 4, window: { calls: 10 } }).create({
      clock: new VirtualClock(),
    });
    expect([
      tracker.failure(false, 0),
      tracker.failure(false, 0),
      tracker.success(false, 0),
      tracker.success(false, 0),
    ]).toEqual([false, false, false, true]);
    tracker.reset();
    expect(tracker.failure(false, 0)).toBe(false);
  });

  it('compares rates exactly at the threshold', () => {
    const tracker = failureRate({ threshold: 0.7, minimumCalls: 10, window: { calls: 10 } }).create(
      {
        clock: new VirtualClock(),
      },
    );
    for (let i = 0; i < 3; i++) tracker.success(false, 0);
    for (let i = 0; i < 6; i++) tracker.failure(false, 0);
    expect(tracker.failure(false, 0)).toBe(true); // 7 / 10 >= 0.7
  });

  it('forgets a time window on reset and uses 10 buckets by default', () => {
    const condition = failureRate({ threshold: 1, minimumCalls: 2, window: { durationMs: 1_000 } });
    expect(condition.description).toBe(
      'failureRate({ threshold: 1, minimumCalls: 2, window: { durationMs: 1000, buckets: 10 } })',
    );
    expect(condition.usesTime).toBe(true);
    expect(condition.countsSlowCalls).toBe(false);
    const tracker = condition.create({ clock: new VirtualClock() });
    tracker.failure(false, 0);
    tracker.reset();
    expect(tracker.failure(false, 50)).toBe(false);
    expect(tracker.failure(false, 99)).toBe(true);
    expect(tracker.failure(false, 999)).toBe(true);
    // At 1_000 the bucket of 0..99 has left the window; 999 and 1_000 are still two calls.
    expect(tracker.failure(false, 1_000)).toBe(true);
    expect(tracker.failure(false, 2_100)).toBe(false);
  });

  it('describes a count window with a slow-call threshold', () => {
    const condition = failureRate({
      threshold: 0.5,
      minimumCalls: 5,
      window: { calls: 20 },
      slowCallThreshold: 0.9,
    });
    expect(condition.description).toBe(
      'failureRate({ threshold: 0.5, minimumCalls: 5, window: { calls: 20 }, slowCallThreshold: 0.9 })',
    );
    expect(condition.countsSlowCalls).toBe(true);
    expect(condition.usesTime).toBeUndefined();
  });

  const valid = { threshold: 0.5, minimumCalls: 5, window: { calls: 10 } };
  it.each<[unknown, ErrorConstructor, string]>([
    [undefined, TypeError, 'failureRate options must be an object, got undefined'],
    [{ ...valid, threshold: 0 }, RangeError, 'failureRate.threshold must be in (0, 1], got 0'],
    [{ ...valid, threshold: 1.5 }, RangeError, 'failureRate.threshold must be in (0, 1], got 1.5'],
    [
      { ...valid, threshold: Number.NaN },
      RangeError,
      'failureRate.threshold must be in (0, 1], got NaN',
    ],
    [
      { ...valid, minimumCalls: 0 },
      RangeError,
      'failureRate.minimumCalls must be an integer >= 1, got 0',
    ],
    [
      { ...valid, minimumCalls: Number.NaN },
      RangeError,
      'failureRate.minimumCalls must be an integer >= 1',
    ],
    [
      { ...valid, slowCallThreshold: 0 },
      RangeError,
      'failureRate.slowCallThreshold must be in (0, 1], got 0',
    ],
    [{ ...valid, window: 10 }, TypeError, 'failureRate.window must be an object, got 10'],
    [{ ...valid, window: {} }, TypeError, 'failureRate.window must have exactly one of `calls`'],
    [{ ...valid, window: { calls: 10, durationMs: 10 } }, TypeError, 'exactly one of'],
    [
      { ...valid, window: { calls: 0 } },
      RangeError,
      'failureRate.window.calls must be an integer >= 1, got 0',
    ],
    [
      { ...valid, window: { calls: 4 } },
      RangeError,
      'failureRate.minimumCalls must be at most window.calls (4), got 5',
    ],
    [
      { ...valid, window: { durationMs: 0 } },
      RangeError,
      'failureRate.window.durationMs must be a finite number > 0, got 0',
    ],
    [
      { ...valid, window: { durationMs: -1 } },
      RangeError,
      'failureRate.window.durationMs must be a finite number > 0',
    ],
    [
      { ...valid, window: { durationMs: 100, buckets: 0 } },
      RangeError,
      'failureRate.window.buckets must be an integer >= 1, got 0',
    ],
    [
      { ...valid, window: { durationMs: 100, buckets: 3 * 2 ** 30 } },
      RangeError,
      'failureRate.window.buckets must be at most 10000, got 3221225472',
    ],
    [
      { ...valid, window: { calls: 2_000_000 } },
      RangeError,
      'failureRate.window.calls must be at most 1000000, got 2000000',
    ],
    [
      { ...valid, treshold: 0.5 },
      TypeError,
      'unknown option "failureRate.treshold" (did you mean "failureRate.threshold"?)',
    ],
    [
      { ...valid, slowCallThreshold: null },
      TypeError,
      'failureRate.slowCallThreshold must not be null',
    ],
    [
      { ...valid, window: { durationMs: 100, bucket: 5 } },
      TypeError,
      'unknown option "failureRate.window.bucket" (did you mean "failureRate.window.buckets"?)',
    ],
    [
      { ...valid, window: { calls: 10, buckets: 5 } },
      TypeError,
      'failureRate.window.buckets is only for a time window (durationMs), got 5',
    ],
    [
      { ...valid, window: { calls: 10, durationMs: null } },
      TypeError,
      'failureRate.window.durationMs must not be null',
    ],
    [null, TypeError, 'failureRate options must be an object, got null'],
    [{ ...valid, threshold: 1n }, RangeError, 'failureRate.threshold must be in (0, 1], got 1n'],
    [
      { ...valid, window: Symbol('w') },
      TypeError,
      'failureRate.window must be an object, got Symbol(w)',
    ],
  ])('rejects %s', (options, type, message) => {
    const create = () => failureRate(options as FailureRateOptions);
    expect(create).toThrow(type);
    expect(create).toThrow(message);
  });
});
