import { describe, expect, it, vi } from 'vitest';
import {
  CircuitBreaker,
  consecutiveFailures,
  type BreakerSnapshot,
  type IsolateOptions,
  type OpenMsContext,
} from '../../src/breaker/index.js';
import type { Clock } from '../../src/clock/index.js';
import { VirtualClock } from '../../src/testing/index.js';
import { manualClock } from '../helpers/manual-clock.js';
import { deferred, outcome } from './helpers.js';

const fail = () => Promise.reject(new Error('down'));

function recordStates(breaker: CircuitBreaker): string[] {
  const seen: string[] = [];
  breaker.events.on('stateChange', ({ from, to }) => seen.push(`${from}->${to}`));
  return seen;
}

/** What a call finds: 'ran', or the state and time left it was rejected with. */
async function probe(breaker: CircuitBreaker): Promise<string> {
  const settled = await outcome(breaker.execute(() => 'ran'));
  if (settled.ok) return 'ran';
  const { state, retryAfterMs } = settled.error as { state: string; retryAfterMs?: number };
  return retryAfterMs === undefined ? state : `${state} ${retryAfterMs}`;
}

describe('CircuitBreaker.isolate({ forMs })', () => {
  it('holds the circuit open for forMs without openMs, then lets the next call probe', async () => {
    const clock = new VirtualClock();
    const openMs = vi.fn(({ openedTimes }: OpenMsContext) => openedTimes * 100);
    const breaker = new CircuitBreaker({ clock, trip: consecutiveFailures(1), openMs });
    const states = recordStates(breaker);
    breaker.isolate({ forMs: 1_000 });
    expect(breaker.metrics()).toMatchObject({ state: 'open', stateSinceMs: 0 });
    expect(await probe(breaker)).toBe('open 1000');
    await clock.advance(400);
    expect(await probe(breaker)).toBe('open 600');
    expect(breaker.snapshot()).toEqual({
      version: 1,
      state: 'open',
      openedTimes: 0,
      remainingOpenMs: 600,
      manual: true,
      takenAtMs: 400,
    });
    await clock.advance(600);
    // A failed probe opens as after a trip: the first opening, so openMs({ openedTimes: 1 }).
    await outcome(breaker.execute(fail));
    expect(openMs.mock.calls.map(([context]) => context.openedTimes)).toEqual([1]);
    expect(breaker.snapshot()).toMatchObject({
      state: 'open',
      openedTimes: 1,
      remainingOpenMs: 100,
    });
    expect('manual' in breaker.snapshot()).toBe(false);
    await clock.advance(100);
    expect(await probe(breaker)).toBe('ran');
    expect(states).toEqual([
      'closed->open',
      'open->half-open',
      'half-open->open',
      'open->half-open',
      'half-open->closed',
    ]);
  });

  it('replaces the open period of a trip, without moving openedTimes', async () => {
    const clock = new VirtualClock();
    const breaker = new CircuitBreaker({
      clock,
      trip: consecutiveFailures(1),
      openMs: ({ openedTimes }) => openedTimes * 10_000,
    });
    await outcome(breaker.execute(fail));
    const states = recordStates(breaker);
    breaker.isolate({ forMs: 100 });
    expect(states).toEqual([]);
    expect(await probe(breaker)).toBe('open 100');
    await clock.advance(100);
    await outcome(breaker.execute(fail));
    expect(breaker.snapshot()).toMatchObject({ openedTimes: 2, remainingOpenMs: 20_000 });
  });

  it('voids the probes of a half-open circuit it holds open', async () => {
    const clock = new VirtualClock();
    const breaker = new CircuitBreaker({ clock, trip: consecutiveFailures(1), openMs: 10 });
    await outcome(breaker.execute(fail));
    await clock.advance(10);
    const running = deferred();
    const call = breaker.execute(() => running.promise);
    breaker.isolate({ forMs: 50 });
    running.resolve('late');
    expect(await call).toBe('late');
    expect(await probe(breaker)).toBe('open 50');
  });

  it('returns a release that closes early while the hold runs, and does nothing after', async () => {
    const clock = new VirtualClock();
    const breaker = new CircuitBreaker({ clock, trip: consecutiveFailures(2) });
    await outcome(breaker.execute(fail));
    const release = breaker.isolate({ forMs: 1_000 });
    await clock.advance(500);
    release();
    expect(breaker.metrics()).toMatchObject({ state: 'closed', stateSinceMs: 500 });
    // The counters were cleared: one failure does not trip consecutiveFailures(2).
    await outcome(breaker.execute(fail));
    expect(breaker.state).toBe('closed');
    const second = breaker.isolate({ forMs: 100 });
    release(); // spent: must not end the new hold
    expect(breaker.state).toBe('open');
    await clock.advance(100);
    second(); // its time is up: the circuit is left to probe
    expect(breaker.state).toBe('open');
    expect(await probe(breaker)).toBe('ran');
    expect(breaker.state).toBe('closed');
  });

  it('keeps the circuit open until the last timed hold ends; a release never cuts another short', async () => {
    const clock = new VirtualClock();
    const breaker = new CircuitBreaker({ clock });
    const long = breaker.isolate({ forMs: 1_000 });
    await clock.advance(100);
    const short = breaker.isolate({ forMs: 300 });
    expect(await probe(breaker)).toBe('open 900');
    await clock.advance(100);
    long();
    // What is left is the short hold's: until 400.
    expect(await probe(breaker)).toBe('open 200');
    short();
    expect(breaker.state).toBe('closed');

    const first = breaker.isolate({ forMs: 1_000 });
    const shorter = breaker.isolate({ forMs: 300 });
    shorter();
    expect(await probe(breaker)).toBe('open 1000');
    await clock.advance(1_000);
    first();
    expect(await probe(breaker)).toBe('ran');
  });

  it('lets no call through before every hold, timed or not, has ended', async () => {
    const clock = new VirtualClock();
    const breaker = new CircuitBreaker({ clock });
    const states = recordStates(breaker);

    // A timed hold taken while isolated: the last untimed release opens for what is left of it.
    const untimed = breaker.isolate();
    breaker.isolate({ forMs: 1_000 });
    expect(breaker.state).toBe('isolated');
    await clock.advance(300);
    untimed();
    expect(await probe(breaker)).toBe('open 700');
    expect(breaker.snapshot()).toMatchObject({ state: 'open', manual: true });

    // An untimed hold taken over a timed one outlasts it; its release closes once the time is up.
    const over = breaker.isolate();
    await clock.advance(1_000);
    expect(await probe(breaker)).toBe('isolated');
    over();
    expect(await probe(breaker)).toBe('ran');

    // A timed hold released early while isolated no longer counts when the untimed one goes.
    const held = breaker.isolate();
    const timed = breaker.isolate({ forMs: 1_000 });
    timed();
    expect(breaker.state).toBe('isolated');
    held();
    expect(breaker.state).toBe('closed');
    expect(states).toEqual([
      'closed->isolated',
      'isolated->open',
      'open->isolated',
      'isolated->closed',
      'closed->isolated',
      'isolated->closed',
    ]);
  });

  it('is ended by reset(), with every release handed out before it', async () => {
    const clock = new VirtualClock();
    const breaker = new CircuitBreaker({ clock });
    const before = breaker.isolate({ forMs: 1_000 });
    breaker.reset();
    expect(breaker.state).toBe('closed');
    expect(await probe(breaker)).toBe('ran');
    const after = breaker.isolate({ forMs: 1_000 });
    before();
    expect(breaker.state).toBe('open');
    after();
    expect(breaker.state).toBe('closed');
  });

  it('keeps today’s meaning without options, or without forMs', () => {
    const breaker = new CircuitBreaker({ clock: new VirtualClock() });
    for (const options of [undefined, {}, { forMs: undefined } as unknown as IsolateOptions]) {
      const release = breaker.isolate(options);
      expect(breaker.state).toBe('isolated');
      release();
      expect(breaker.state).toBe('closed');
    }
  });

  it.each<[unknown, ErrorConstructor, string]>([
    [{ forMs: 0 }, RangeError, 'forMs must be a finite number > 0, got 0'],
    [{ forMs: -1 }, RangeError, 'forMs must be a finite number > 0, got -1'],
    [{ forMs: Number.NaN }, RangeError, 'forMs must be a finite number > 0, got NaN'],
    [{ forMs: Number.POSITIVE_INFINITY }, RangeError, 'forMs must be a finite number > 0'],
    [{ forMs: '5' }, RangeError, 'forMs must be a finite number > 0, got "5"'],
    [{ forMs: null }, TypeError, 'forMs must not be null'],
    [{ forMS: 5 }, TypeError, 'unknown option "forMS" (did you mean "forMs"?)'],
    [5, TypeError, 'options must be an object, got 5'],
    [null, TypeError, 'options must be an object, got null'],
  ])('rejects %j, leaving the breaker as it was', (options, type, message) => {
    const breaker = new CircuitBreaker({ clock: new VirtualClock() });
    const isolate = () => breaker.isolate(options as IsolateOptions);
    expect(isolate).toThrow(type);
    expect(isolate).toThrow(message);
    expect(breaker.state).toBe('closed');
  });

  it('throws the error of a clock that throws, leaving the breaker as it was', () => {
    const broken = new Error('clock broke');
    let fail = false;
    const clock: Clock = {
      now: () => {
        if (fail) throw broken;
        return 0;
      },
      setTimer: () => () => undefined,
    };
    const breaker = new CircuitBreaker({ clock });
    fail = true;
    expect(() => breaker.isolate({ forMs: 10 })).toThrow(broken);
    expect(breaker.state).toBe('closed');
  });
});

describe('CircuitBreaker.isolate({ forMs }) with a clock that goes back', () => {
  it('never holds the circuit longer than forMs as the clock reads it', async () => {
    const clock = manualClock(1_000);
    const breaker = new CircuitBreaker({ clock });
    breaker.isolate({ forMs: 100 });
    const untimed = breaker.isolate();
    clock.t = 500; // stepped back past the start of the hold
    untimed();
    expect(await probe(breaker)).toBe('open 100');
    clock.t = 600;
    expect(await probe(breaker)).toBe('ran');
  });
});

describe('CircuitBreaker.isolate({ forMs }) in snapshots', () => {
  const T = Date.UTC(2026, 0, 1);

  it('restores what is left of it, aged by the downtime and not clamped to openMs', async () => {
    const saved: BreakerSnapshot = {
      version: 1,
      state: 'open',
      openedTimes: 0,
      remainingOpenMs: 5_000,
      manual: true,
      takenAtMs: T,
    };
    const clock = new VirtualClock(0, { wallStartMs: T + 1_000 });
    const breaker = new CircuitBreaker({ clock, openMs: 10, initialState: saved });
    expect(breaker.warnings).toEqual([]);
    expect(await probe(breaker)).toBe('open 4000');
    expect(breaker.snapshot()).toEqual({ ...saved, remainingOpenMs: 4_000, takenAtMs: T + 1_000 });
    // Nobody holds its release; an untimed hold over it opens for what is left when released.
    const release = breaker.isolate();
    await clock.advance(1_000);
    release();
    expect(await probe(breaker)).toBe('open 3000');
    await clock.advance(3_000);
    expect(await probe(breaker)).toBe('ran');

    const lifted = new CircuitBreaker({ clock, initialState: saved });
    lifted.reset();
    expect(await probe(lifted)).toBe('ran');
    // Restored after its time is up: the next call probes.
    const late = new VirtualClock(0, { wallStartMs: T + 9_000 });
    expect(await probe(new CircuitBreaker({ clock: late, initialState: saved }))).toBe('ran');
  });

  it.each<[Record<string, unknown>, string]>([
    [
      { state: 'open', openedTimes: 0, remainingOpenMs: 5, manual: false },
      'initialState.manual must be true, and only when the state is open, got false (state open)',
    ],
    [
      { state: 'closed', openedTimes: 0, manual: true },
      'initialState.manual must be true, and only when the state is open, got true (state closed)',
    ],
    [
      { state: 'open', openedTimes: -1, remainingOpenMs: 5, manual: true },
      'initialState.openedTimes must be an integer >= 0, got -1',
    ],
  ])('refuses %j', (fields, message) => {
    const create = () =>
      new CircuitBreaker({ initialState: { version: 1, ...fields } as BreakerSnapshot });
    expect(create).toThrow(RangeError);
    expect(create).toThrow(message);
  });
});
