// SloTracker.latency: every timed call's duration, in tiers of log-bucketed histograms. The
// reference keeps every call with its tracker time; quantiles are nearest-rank (the value of rank
// max(1, ceil(q · n)) in ascending order), and each estimate must lie within 1 % of it.

import fc from 'fast-check';
import { afterEach, describe, expect, it } from 'vitest';
import { sleep, type Clock } from '../../src/clock/index.js';
import { SloTracker, type SloLatency, type SloSnapshot } from '../../src/slo/index.js';
import { VirtualClock } from '../../src/testing/index.js';
import { manualClock } from './reference-model.js';

const HOUR = 3_600_000;
/** 12 h: latency slots of 1 s (up to 1 min), 30 s (up to 24 min) and 12 min (beyond). */
const PERIOD = 12 * HOUR;
const QUANTILES: readonly [keyof SloLatency, number][] = [
  ['p50Ms', 500],
  ['p90Ms', 900],
  ['p99Ms', 990],
  ['p999Ms', 999],
];

/** The slot width the tracker reads a window with: the finest tier that covers it. */
function slotMsFor(windowMs: number): number {
  if (windowMs <= PERIOD / 720) return PERIOD / 720 / 60;
  if (windowMs <= PERIOD / 30) return PERIOD / 30 / 48;
  return PERIOD / 60;
}

/** The calls in the window: those in the `ceil(windowMs / slotMs)` newest slots. */
function inWindow(calls: readonly { at: number; ms: number }[], windowMs: number, now: number) {
  const slotMs = slotMsFor(windowMs);
  const span = Math.ceil(windowMs / slotMs);
  const head = Math.floor(now / slotMs);
  return calls
    .filter((call) => Math.floor(call.at / slotMs) > head - span)
    .map((call) => call.ms)
    .sort((a, b) => a - b);
}

const trackers: SloTracker[] = [];
function tracker(clock: Clock = manualClock(), windowMs = PERIOD): SloTracker {
  const slo = new SloTracker({ name: 'latency', objective: 0.99, windowMs, alerts: false, clock });
  trackers.push(slo);
  return slo;
}
afterEach(() => {
  for (const slo of trackers.splice(0)) slo.close();
});

const duration = fc.oneof(
  fc.double({ min: Math.log(0.01), max: Math.log(7e6), noNaN: true }).map(Math.exp),
  fc.integer({ min: 1, max: 5_000 }),
  fc.constantFrom(0, 0.001, 0.01),
);

describe('SloTracker.latency', () => {
  it('holds exact count and max, and each quantile within 1 % of the exact one (property)', () => {
    fc.assert(
      fc.property(
        fc.array(
          fc.record({
            advanceMs: fc.oneof(
              fc.integer({ min: 0, max: 2_000 }),
              fc.integer({ min: 0, max: 3 * HOUR }),
            ),
            durations: fc.array(duration, { minLength: 1, maxLength: 20 }),
          }),
          { maxLength: 30 },
        ),
        fc.oneof(
          fc.integer({ min: 1, max: 60_000 }),
          fc.integer({ min: 1, max: PERIOD }),
          fc.constant(PERIOD),
        ),
        (steps, windowMs) => {
          const clock = manualClock();
          const slo = tracker(clock);
          const calls: { at: number; ms: number }[] = [];
          for (const { advanceMs, durations } of steps) {
            clock.time += advanceMs;
            for (const ms of durations) {
              slo.recordCall(ms, true);
              calls.push({ at: clock.time, ms });
            }
          }
          const exact = inWindow(calls, windowMs, clock.time);
          const read = slo.latency(windowMs);
          expect(read.count).toBe(exact.length);
          if (exact.length === 0) {
            for (const [key] of QUANTILES) expect(read[key]).toBeNaN();
            expect(read.maxMs).toBeNaN();
            expect(read.meanMs).toBeNaN();
            return;
          }
          const max = exact[exact.length - 1]!;
          expect(read.maxMs).toBe(max);
          const mean = exact.reduce((sum, ms) => sum + ms, 0) / exact.length;
          expect(Math.abs(read.meanMs - mean)).toBeLessThanOrEqual(mean * 1e-9);
          for (const [key, perMille] of QUANTILES) {
            const rank = Math.max(1, Math.ceil((perMille * exact.length) / 1_000));
            const truth = exact[rank - 1]!;
            // Under the lowest bucket's bound (0.01 ms), within that bound instead.
            const allowed = truth < 0.01 ? 0.01 : truth * (0.01 + 1e-12);
            expect(Math.abs(read[key] - truth), `${key} of ${exact.length}`).toBeLessThanOrEqual(
              allowed,
            );
            expect(read[key]).toBeLessThanOrEqual(max);
          }
        },
      ),
      { numRuns: 120 },
    );
  });

  it('forgets calls as they leave the window, and reads NaN with none', () => {
    const clock = manualClock();
    const slo = tracker(clock);
    expect(slo.latency()).toEqual({
      count: 0,
      meanMs: Number.NaN,
      p50Ms: Number.NaN,
      p90Ms: Number.NaN,
      p99Ms: Number.NaN,
      p999Ms: Number.NaN,
      maxMs: Number.NaN,
    });
    slo.recordCall(100, true);
    clock.time += 1_000;
    slo.recordCall(300, false);
    expect(slo.latency(1_000)).toMatchObject({ count: 1, maxMs: 300, meanMs: 300 });
    expect(slo.latency()).toMatchObject({ count: 2, maxMs: 300, meanMs: 200 });
    clock.time += PERIOD;
    expect(slo.latency().count).toBe(0);
    expect(slo.latency().p99Ms).toBeNaN();
  });

  it('times every observe, good or bad, with one clock read at each end', async () => {
    const clock = new VirtualClock();
    const slo = tracker(clock);
    const call = (ms: number, fail = false) =>
      slo.observe(() =>
        sleep(ms, { clock }).then(() => {
          if (fail) throw new Error('down');
          return ms;
        }),
      );
    const calls = [call(100), call(250, true), call(40)];
    const classified = slo.observe(() => sleep(70, { clock }), { isResultFailure: () => true });
    const thrown = slo.observe(() => {
      throw new Error('sync');
    });
    const settled = Promise.allSettled([...calls, classified, thrown]);
    await clock.advance(250);
    await settled;
    const latency = slo.latency();
    expect(latency.count).toBe(5);
    expect(latency.maxMs).toBe(250);
    expect(latency.meanMs).toBe((100 + 250 + 40 + 70 + 0) / 5);
    expect(latency.p50Ms).toBeCloseTo(70, 0);
    expect(slo.totals()).toEqual({ good: 2, total: 5 });
  });

  it('counts record() events but times nothing', () => {
    const slo = tracker();
    slo.record(true, 10);
    expect(slo.latency().count).toBe(0);
    expect(slo.snapshot().latency).toBeUndefined();
  });

  it('reads instant calls as 0 and calls past 2.1 hours in the last bucket, max exact', () => {
    const clock = manualClock();
    const slo = tracker(clock, 30 * 24 * HOUR);
    for (let i = 0; i < 10; i++) slo.recordCall(0, true);
    expect(slo.latency()).toMatchObject({ count: 10, p50Ms: 0, p999Ms: 0, maxMs: 0, meanMs: 0 });
    slo.recordCall(5 * HOUR, true);
    const long = slo.latency();
    expect(long.maxMs).toBe(5 * HOUR);
    expect(long.p999Ms).toBeGreaterThan(2 * HOUR);
    expect(long.p999Ms).toBeLessThan(2.2 * HOUR);
  });

  it('rejects a window longer than the period or not positive', () => {
    const slo = tracker();
    expect(() => slo.latency(PERIOD + 1)).toThrow(RangeError);
    expect(() => slo.latency(0)).toThrow(/windowMs must be a finite number > 0, got 0/);
  });
});

describe('SloTracker.latency across a snapshot', () => {
  it('restores the same figures, aged by the downtime', () => {
    const clock = manualClock(0, 1_000_000);
    const slo = tracker(clock);
    for (let i = 0; i < 200; i++) {
      clock.time += 997;
      slo.recordCall((i * 37) % 500, i % 9 !== 0);
    }
    const snapshot = JSON.parse(JSON.stringify(slo.snapshot())) as SloSnapshot;
    expect(snapshot.version).toBe(3);
    expect(snapshot.latency?.tiers.map((tier) => tier.slotMs)).toEqual([1_000, 30_000, 720_000]);
    const restored = new SloTracker({
      name: 'latency',
      objective: 0.99,
      windowMs: PERIOD,
      alerts: false,
      clock,
      initialState: snapshot,
    });
    trackers.push(restored);
    for (const windowMs of [5_000, 60_000, 10 * 60_000, PERIOD]) {
      expect(restored.latency(windowMs)).toEqual(slo.latency(windowMs));
    }
    expect(restored.snapshot()).toEqual(slo.snapshot());
    // An hour later, by the wall clock: the finest windows are empty, the period is not.
    const later = manualClock(clock.time, 1_000_000 + clock.time + HOUR);
    const aged = new SloTracker({
      name: 'latency',
      objective: 0.99,
      windowMs: PERIOD,
      alerts: false,
      clock: later,
      initialState: snapshot,
    });
    trackers.push(aged);
    expect(aged.latency(60_000).count).toBe(0);
    expect(aged.latency().count).toBe(200);
  });
});
