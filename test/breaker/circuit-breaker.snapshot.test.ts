import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import {
  CircuitBreaker,
  consecutiveFailures,
  failureRate,
  isBrokenCircuitError,
  type BreakerSnapshot,
  type CircuitBreakerOptions,
} from '../../src/breaker/index.js';
import type { Clock } from '../../src/clock/index.js';
import { VirtualClock } from '../../src/testing/index.js';
import { deferred, outcome } from './helpers.js';

const fail = () => Promise.reject(new Error('boom'));
/** 2026-01-01T00:00:00Z: the wall time the first process starts at. */
const T = Date.UTC(2026, 0, 1);

/** A clock set by hand that may go back, as a wall-clock-based one does when NTP steps it. */
class SteppedClock implements Clock {
  constructor(
    public time = 0,
    public wall: number = T,
  ) {}

  now(): number {
    return this.time;
  }

  wallNow(): number {
    return this.wall;
  }

  setTimer(): () => void {
    throw new Error('the breaker must not set timers');
  }
}

/** Opens a breaker at wall time T, waits `elapsedMs`, and returns its snapshot through JSON. */
async function openSnapshot(openMs: number, elapsedMs: number): Promise<BreakerSnapshot> {
  const clock = new VirtualClock(0, { wallStartMs: T });
  const breaker = new CircuitBreaker({ clock, trip: consecutiveFailures(1), openMs });
  await outcome(breaker.execute(fail));
  await clock.advance(elapsedMs);
  return JSON.parse(JSON.stringify(breaker.snapshot())) as BreakerSnapshot;
}

/** How a call on `breaker` went: run, or rejected with how long until the next probe. */
async function firstCall(breaker: CircuitBreaker): Promise<'ran' | number | undefined> {
  const result = await outcome(breaker.execute(() => 'ran'));
  if (result.ok) return 'ran';
  return (result.error as { retryAfterMs?: number }).retryAfterMs;
}

function restore(
  initialState: unknown,
  clock: Clock,
  options: CircuitBreakerOptions = {},
): CircuitBreaker {
  return new CircuitBreaker({
    trip: consecutiveFailures(1),
    openMs: 10_000,
    ...options,
    clock,
    initialState: initialState as BreakerSnapshot,
  });
}

describe('CircuitBreaker snapshots across a restart', () => {
  it('stamps a snapshot with the wall-clock time it was taken', async () => {
    const saved = await openSnapshot(10_000, 2_000);
    expect(saved).toEqual({
      version: 1,
      state: 'open',
      openedTimes: 1,
      remainingOpenMs: 8_000,
      takenAtMs: T + 2_000,
    });
    const closed = new CircuitBreaker({ clock: new VirtualClock(7, { wallStartMs: T }) });
    expect(closed.snapshot()).toEqual({
      version: 1,
      state: 'closed',
      openedTimes: 0,
      takenAtMs: T,
    });
  });

  it('restores an open circuit whose open period passed during the downtime ready to probe', async () => {
    const saved = await openSnapshot(10_000, 2_000);
    // Back two days later, on a monotonic clock with another origin.
    const clock = new VirtualClock(-500, { wallStartMs: T + 2_000 + 2 * 86_400_000 });
    const restored = restore(saved, clock);
    expect(restored.warnings).toEqual([]);
    expect(restored.snapshot()).toMatchObject({ state: 'open', remainingOpenMs: 0 });
    expect(await firstCall(restored)).toBe('ran'); // the probe
    expect(restored.state).toBe('closed');
  });

  it('keeps a restored open circuit open only for what is left of its period after the downtime', async () => {
    const saved = await openSnapshot(10_000, 2_000); // 8 s left
    const clock = new VirtualClock(0, { wallStartMs: T + 2_000 + 3_000 }); // down for 3 s
    const restored = restore(saved, clock);
    expect(restored.warnings).toEqual([]);
    expect(await firstCall(restored)).toBe(5_000);
    await clock.advance(4_999);
    expect(await firstCall(restored)).toBe(1);
    await clock.advance(1);
    expect(await firstCall(restored)).toBe('ran');
  });

  it('restores a snapshot from the future as it was taken, with a warning', async () => {
    const saved = await openSnapshot(10_000, 2_000); // 8 s left, taken at T + 2 s
    const clock = new VirtualClock(0, { wallStartMs: T - 60_000 }); // this host's clock is behind
    const restored = restore(saved, clock);
    expect(await firstCall(restored)).toBe(8_000);
    expect(restored.warnings).toEqual([
      `initialState was taken 62000 ms after this clock's wall time (takenAtMs ${T + 2_000}, wallNow ${T - 60_000}): restored as it was taken, without ageing it`,
    ]);
  });

  it('restores an open snapshot without takenAtMs as it was taken, with a warning', () => {
    const clock = new VirtualClock(0, { wallStartMs: T });
    const restored = restore(
      { version: 1, state: 'open', openedTimes: 1, remainingOpenMs: 4_000 },
      clock,
    );
    expect(restored.snapshot()).toMatchObject({ remainingOpenMs: 4_000 });
    expect(restored.warnings).toEqual([
      'initialState has no takenAtMs, so its age is unknown: restored as it was taken, without ageing it',
    ]);
    // Only an open circuit has time to age: other states restore without a warning.
    const halfOpen = restore({ version: 1, state: 'half-open', openedTimes: 2 }, clock);
    expect(halfOpen.warnings).toEqual([]);
  });

  it('restores as it was taken, with a warning, when the wall clock reads no finite time', async () => {
    const clock = new SteppedClock(0, Number.NaN);
    const restored = restore(
      { version: 1, state: 'open', openedTimes: 1, remainingOpenMs: 4_000, takenAtMs: T },
      clock,
    );
    expect(await firstCall(restored)).toBe(4_000);
    expect(restored.warnings).toEqual([
      `the clock's wallNow() returned NaN, so the age of initialState is unknown: restored as it was taken, without ageing it`,
    ]);
    // And its own snapshots carry no time they cannot stand by.
    expect(restored.snapshot()).toEqual({
      version: 1,
      state: 'open',
      openedTimes: 1,
      remainingOpenMs: 4_000,
    });
  });

  it.each([1e15, Number.MAX_VALUE])(
    'clamps a restored remainingOpenMs of %d to the open period the breaker would use',
    async (remainingOpenMs) => {
      const clock = new SteppedClock(0, T);
      const fixed = restore(
        { version: 1, state: 'open', openedTimes: 1, remainingOpenMs, takenAtMs: T },
        clock,
      );
      expect(fixed.snapshot()).toMatchObject({ remainingOpenMs: 10_000 });
      expect(await firstCall(fixed)).toBe(10_000);
      const growing = restore(
        { version: 1, state: 'open', openedTimes: 3, remainingOpenMs, takenAtMs: T },
        clock,
        { openMs: ({ openedTimes }) => openedTimes * 1_000 },
      );
      expect(await firstCall(growing)).toBe(3_000);
      clock.time = 3_000;
      expect(await firstCall(growing)).toBe('ran');
    },
  );

  it('lets the next call probe, with a warning, when its openMs function fails on restore', async () => {
    // A circuit whose openMs failed snapshots remainingOpenMs 0 so that a new process may probe.
    const restored = restore(
      { version: 1, state: 'open', openedTimes: 2, remainingOpenMs: 0, takenAtMs: T },
      new SteppedClock(0, T),
      { openMs: ({ openedTimes }) => (openedTimes >= 2 ? Number.NaN : 1_000) },
    );
    expect(restored.warnings).toEqual([
      'initialState: openMs({ openedTimes: 2 }) must return a finite number >= 0, got NaN, so the next call probes',
    ]);
    expect(await outcome(restored.execute(() => 1))).toEqual({ ok: true, value: 1 });
    expect(restored.state).toBe('closed');
    // An uncapped openMs and a crafted openedTimes cannot cut the dependency off for good either.
    const crafted = restore(
      { version: 1, state: 'open', openedTimes: 1_100, remainingOpenMs: 5, takenAtMs: T },
      new SteppedClock(0, T),
      { openMs: ({ openedTimes }) => 1_000 * 2 ** openedTimes },
    );
    expect(await outcome(crafted.execute(() => 'ran'))).toEqual({ ok: true, value: 'ran' });
  });

  it.each<[unknown, string]>([
    [
      { version: 1, state: 'open', openedTimes: 1, remainingOpenMs: 5, takenAtMs: '2026' },
      'initialState.takenAtMs must be a finite number, got "2026"',
    ],
    [
      { version: 1, state: 'closed', openedTimes: 0, takenAtMs: Number.POSITIVE_INFINITY },
      'initialState.takenAtMs must be a finite number, got Infinity',
    ],
    [
      { version: 1, state: 'half-open', openedTimes: 2 ** 60 },
      'initialState.openedTimes must be at most 9007199254740991, got 1152921504606847000',
    ],
  ])('rejects the initialState %s', (initialState, message) => {
    expect(() => restore(initialState, new SteppedClock())).toThrow(new RangeError(message));
  });
});

describe('CircuitBreaker with a clock that goes back', () => {
  it('keeps an open circuit open no longer than its period when the clock jumps backwards', async () => {
    const clock = new SteppedClock(1_000_000);
    const breaker = new CircuitBreaker({ clock, trip: consecutiveFailures(1), openMs: 10_000 });
    await outcome(breaker.execute(fail));
    clock.time = 0; // a day's worth of open time would be left if counted from the old reading
    expect(breaker.snapshot()).toMatchObject({ remainingOpenMs: 10_000 });
    expect(await firstCall(breaker)).toBe(10_000);
    clock.time = 10_000;
    expect(await firstCall(breaker)).toBe('ran');
  });

  it('re-opens after halfOpen.maxWaitMs of a hung probe when the clock jumps backwards', async () => {
    const clock = new SteppedClock(1_000_000);
    const breaker = new CircuitBreaker({
      clock,
      trip: consecutiveFailures(1),
      openMs: 10,
      halfOpen: { maxWaitMs: 1_000 },
    });
    await outcome(breaker.execute(fail));
    clock.time += 10;
    const hung = deferred();
    const probe = breaker.execute(() => hung.promise);
    expect(breaker.state).toBe('half-open');
    clock.time = 0;
    await expect(breaker.execute(() => 1)).rejects.toMatchObject({ state: 'half-open' });
    clock.time = 1_000;
    await expect(breaker.execute(() => 1)).rejects.toMatchObject({ state: 'open' });
    hung.resolve('late');
    expect(await probe).toBe('late');
  });
});

describe('CircuitBreaker restore, as a property', () => {
  it('waits min(remainingOpenMs, openMs) less the downtime, never longer than the period', async () => {
    // Readings as large as a safe integer, less what the arithmetic adds to them, so that every
    // sum the test expects stays exact.
    const big = Number.MAX_SAFE_INTEGER - 200_000;
    const half = Math.floor(big / 2);
    await fc.assert(
      fc.asyncProperty(
        fc.record({
          openMs: fc.integer({ min: 0, max: 100_000 }),
          remainingOpenMs: fc.oneof(
            fc.integer({ min: 0, max: 200_000 }),
            fc.constantFrom(1e15, Number.MAX_VALUE),
          ),
          takenAtMs: fc.integer({ min: -half, max: half }),
          downtimeMs: fc.oneof(
            fc.integer({ min: -200_000, max: 200_000 }),
            fc.integer({ min: -half, max: half }),
          ),
          now: fc.integer({ min: -big, max: big }),
        }),
        async ({ openMs, remainingOpenMs, takenAtMs, downtimeMs, now }) => {
          const wall = takenAtMs + downtimeMs;
          const clock = new SteppedClock(now, wall);
          const breaker = restore(
            { version: 1, state: 'open', openedTimes: 1, remainingOpenMs, takenAtMs },
            clock,
            { openMs },
          );
          const aged = downtimeMs >= 0 ? downtimeMs : 0;
          const left = Math.max(0, Math.min(remainingOpenMs, openMs) - aged);
          expect(breaker.warnings).toHaveLength(downtimeMs >= 0 ? 0 : 1);
          const saved = breaker.snapshot();
          expect(saved).toMatchObject({ state: 'open', remainingOpenMs: left, takenAtMs: wall });
          expect(await firstCall(breaker)).toBe(left === 0 ? 'ran' : left);
        },
      ),
      { numRuns: 300 },
    );
  });
});

describe('CircuitBreaker with any clock reading', () => {
  const reading = fc.oneof(
    fc.integer({ min: -Number.MAX_SAFE_INTEGER, max: Number.MAX_SAFE_INTEGER }),
    fc.integer({ min: -100, max: 100 }),
    fc.constantFrom(
      Number.NaN,
      Number.POSITIVE_INFINITY,
      Number.NEGATIVE_INFINITY,
      Number.MAX_VALUE,
      -Number.MAX_VALUE,
    ),
  );

  it('settles every call, and keeps its waits and snapshots within one open period', async () => {
    await fc.assert(
      fc.asyncProperty(
        fc.integer({ min: 0, max: 1_000 }),
        fc.boolean(),
        fc.array(fc.record({ now: reading, wall: reading, fails: fc.boolean() }), {
          maxLength: 40,
        }),
        async (openMs, counted, steps) => {
          const clock = new SteppedClock(0, T);
          const trip = counted
            ? failureRate({ threshold: 0.5, minimumCalls: 1, window: { calls: 4 } })
            : consecutiveFailures(1);
          const breaker = new CircuitBreaker({ clock, trip, openMs });
          for (const { now, wall, fails } of steps) {
            clock.time = now;
            clock.wall = wall;
            const result = await outcome(breaker.execute(() => (fails ? fail() : 'ran')));
            if (!result.ok && isBrokenCircuitError(result.error) && result.error.state === 'open') {
              expect(result.error.retryAfterMs).toBeGreaterThan(0);
              expect(result.error.retryAfterMs).toBeLessThanOrEqual(openMs);
            }
            const saved = breaker.snapshot();
            if (saved.state === 'open') {
              expect(saved.remainingOpenMs).toBeGreaterThanOrEqual(0);
              expect(saved.remainingOpenMs).toBeLessThanOrEqual(openMs);
            }
            // Whatever the clock read, the snapshot restores.
            const copy = JSON.parse(JSON.stringify(saved)) as BreakerSnapshot;
            expect(() => restore(copy, clock, { openMs })).not.toThrow();
          }
        },
      ),
      {
        numRuns: 300,
        // Opened 32 ms below 2^53: the end of the period lies where doubles step by 2.
        examples: [
          [
            180,
            false,
            [
              { now: 9007199254740959, wall: 0, fails: true },
              { now: Number.NaN, wall: 0, fails: false },
            ],
          ],
        ],
      },
    );
  });
});
