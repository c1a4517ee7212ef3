import { afterEach, describe, expect, expectTypeOf, it, vi } from 'vitest';
import {
  CircuitBreaker,
  consecutiveFailures,
  failureRate,
  type BreakerMetrics,
  type TripCondition,
  type TripTracker,
} from '../../src/breaker/index.js';
import { VirtualClock } from '../../src/testing/index.js';
import { deferred, outcome } from './helpers.js';

afterEach(() => {
  vi.restoreAllMocks();
});

const fail = () => Promise.reject(new Error('boom'));

const EMPTY: BreakerMetrics = {
  state: 'closed',
  stateSinceMs: 0,
  calls: 0,
  failures: 0,
  slowCalls: 0,
  failureRate: 0,
  slowCallRate: 0,
  successesTotal: 0,
  failuresTotal: 0,
  ignoredTotal: 0,
  rejectionsTotal: 0,
  shadowRejectionsTotal: 0,
};

/** A trip condition whose tracker is given, to try trackers the breaker cannot trust. */
function customTrip(tracker: Record<string, unknown>): TripCondition {
  const base: TripTracker = { success: () => false, failure: () => false, reset: () => undefined };
  return { description: 'custom', create: () => Object.assign(base, tracker) };
}

describe('CircuitBreaker.metrics', () => {
  it('starts closed, at the time of construction, with every figure 0', () => {
    const breaker = new CircuitBreaker({ clock: new VirtualClock(1_000) });
    const metrics = breaker.metrics();
    expect(metrics).toEqual({ ...EMPTY, stateSinceMs: 1_000 });
    // One flat object of plain values, new on each reading.
    expect(Object.values(metrics).every((value) => typeof value !== 'object')).toBe(true);
    expect(breaker.metrics()).not.toBe(metrics);
    expectTypeOf(breaker.metrics()).toEqualTypeOf<BreakerMetrics>();
  });

  it('stamps each state change with the clock, a probe that closes included', async () => {
    const clock = new VirtualClock(0);
    const breaker = new CircuitBreaker({ clock, trip: consecutiveFailures(1), openMs: 100 });
    await clock.advance(50);
    await outcome(breaker.execute(fail));
    expect(breaker.metrics()).toMatchObject({ state: 'open', stateSinceMs: 50 });
    // The open period ended at 150; the state moves when the next call comes, at 170.
    await clock.advance(120);
    expect(breaker.metrics()).toMatchObject({ state: 'open', stateSinceMs: 50 });
    const probe = deferred();
    const running = breaker.execute(() => probe.promise);
    expect(breaker.metrics()).toMatchObject({ state: 'half-open', stateSinceMs: 170 });
    await clock.advance(5);
    probe.resolve('up');
    await running;
    expect(breaker.metrics()).toMatchObject({ state: 'closed', stateSinceMs: 175 });
    await clock.advance(10);
    const release = breaker.isolate();
    expect(breaker.metrics()).toMatchObject({ state: 'isolated', stateSinceMs: 185 });
    await clock.advance(10);
    release();
    expect(breaker.metrics()).toMatchObject({ state: 'closed', stateSinceMs: 195 });
    // A listener of stateChange already reads the new figures.
    const seen: number[] = [];
    breaker.events.on('stateChange', () => seen.push(breaker.metrics().stateSinceMs));
    await clock.advance(5);
    breaker.isolate();
    expect(seen).toEqual([200]);
  });

  it('counts outcomes, ignored calls and rejections since construction, whoever listens', async () => {
    class NotFound extends Error {}
    const clock = new VirtualClock();
    const breaker = new CircuitBreaker({
      clock,
      trip: consecutiveFailures(3),
      isFailure: (error) => !(error instanceof NotFound),
      isResultFailure: (result) => result === 503,
    });
    // No listener and no signal: every call takes the shared fast path.
    await breaker.execute(() => 1);
    await breaker.execute(() => 503);
    await outcome(breaker.execute(fail));
    await outcome(breaker.execute(() => Promise.reject(new NotFound())));
    // A call its caller aborted counts nowhere.
    const controller = new AbortController();
    const aborted = breaker.execute(
      () => {
        controller.abort();
        return Promise.reject(new Error('gave up'));
      },
      { signal: controller.signal },
    );
    await outcome(aborted);
    await outcome(breaker.execute(() => 1, { signal: AbortSignal.abort() }));
    expect(breaker.metrics()).toMatchObject({
      successesTotal: 1,
      failuresTotal: 2,
      ignoredTotal: 1,
      rejectionsTotal: 0,
    });
    // A call that settles after the state changed still counts; reset() clears no total.
    const stale = deferred();
    const running = breaker.execute(() => stale.promise);
    await outcome(breaker.execute(fail));
    expect(breaker.state).toBe('open');
    await outcome(breaker.execute(() => 1));
    await outcome(breaker.execute(() => 1));
    stale.resolve('late');
    await running;
    breaker.reset();
    expect(breaker.metrics()).toEqual({
      ...EMPTY,
      successesTotal: 2,
      failuresTotal: 3,
      ignoredTotal: 1,
      rejectionsTotal: 2,
    });
  });

  it('reports the window of a count-window breaker, and keeps it while open until it closes', async () => {
    const clock = new VirtualClock();
    const breaker = new CircuitBreaker({
      clock,
      openMs: 100,
      slowCallMs: 10,
      trip: failureRate({ threshold: 0.5, minimumCalls: 4, window: { calls: 4 } }),
    });
    const slow = deferred();
    const running = breaker.execute(() => slow.promise);
    await clock.advance(11);
    slow.resolve('slow');
    await running;
    await breaker.execute(() => 1);
    await outcome(breaker.execute(fail));
    expect(breaker.metrics()).toMatchObject({
      state: 'closed',
      calls: 3,
      failures: 1,
      slowCalls: 1,
      failureRate: 1 / 3,
      slowCallRate: 1 / 3,
    });
    await outcome(breaker.execute(fail));
    expect(breaker.metrics()).toMatchObject({ state: 'open', calls: 4, failures: 2 });
    await clock.advance(100);
    await breaker.execute(() => 'probe');
    expect(breaker.metrics()).toMatchObject({
      state: 'closed',
      calls: 0,
      failures: 0,
      slowCalls: 0,
      failureRate: 0,
      slowCallRate: 0,
    });
  });

  it('leaves out what a time window has expired at the time of the reading', async () => {
    const clock = new VirtualClock();
    const breaker = new CircuitBreaker({
      clock,
      trip: failureRate({ threshold: 1, minimumCalls: 3, window: { durationMs: 1_000 } }),
    });
    await outcome(breaker.execute(fail));
    await clock.advance(500);
    await outcome(breaker.execute(fail));
    expect(breaker.metrics()).toMatchObject({ calls: 2, failures: 2, failureRate: 1 });
    // At 1_000 the bucket of the first failure has left the window; nothing was called since.
    await clock.advance(500);
    expect(breaker.metrics()).toMatchObject({ calls: 1, failures: 1 });
    await clock.advance(1_000);
    expect(breaker.metrics()).toMatchObject({ calls: 0, failures: 0, failureRate: 0 });
    // Reading moved nothing: two failures now are two calls, not three.
    await outcome(breaker.execute(fail));
    await outcome(breaker.execute(fail));
    expect(breaker.state).toBe('closed');
  });

  it('reports 0s for a custom tracker without window(), and for one whose window() fails', () => {
    const warn = vi.spyOn(process, 'emitWarning').mockImplementation(() => undefined);
    const clock = new VirtualClock();
    expect(new CircuitBreaker({ clock, trip: customTrip({}) }).metrics()).toEqual(EMPTY);
    const throwing = new CircuitBreaker({
      clock,
      name: 'custom',
      trip: customTrip({
        window: (into: { calls: number; failures: number }) => {
          into.calls = 4;
          into.failures = 2;
          throw new Error('broken window');
        },
      }),
    });
    expect(throwing.metrics()).toEqual(EMPTY);
    expect(throwing.metrics()).toEqual(EMPTY);
    expect(new CircuitBreaker({ clock, trip: customTrip({ window: 5 }) }).metrics()).toEqual(EMPTY);
    expect(warn).toHaveBeenCalledTimes(2);
    expect(String(warn.mock.calls[0]?.[0])).toMatch(
      /^ballast: the trip tracker of circuit breaker "custom" threw: Error: broken window/,
    );
  });

  it('hands a custom tracker zeroed counts and the reading when it uses time', () => {
    const clock = new VirtualClock(42);
    const readings: unknown[] = [];
    const window = vi.fn((into: { calls: number; failures: number }, now: number) => {
      readings.push({ ...into, now });
      into.calls = 4;
      into.failures = 1;
    });
    const timed: TripCondition = { ...customTrip({ window }), usesTime: true };
    const breaker = new CircuitBreaker({ clock, trip: timed });
    expect(breaker.metrics()).toMatchObject({ calls: 4, failures: 1, failureRate: 0.25 });
    expect(breaker.metrics()).toMatchObject({ calls: 4, slowCalls: 0, slowCallRate: 0 });
    expect(readings).toEqual([
      { calls: 0, failures: 0, slowCalls: 0, now: 42 },
      { calls: 0, failures: 0, slowCalls: 0, now: 42 },
    ]);
    new CircuitBreaker({ clock, trip: customTrip({ window }) }).metrics();
    expect(window.mock.calls[2]?.[1]).toBeNaN();
  });
});
