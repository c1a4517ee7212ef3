import { describe, expect, it } from 'vitest';
import {
  CircuitBreaker,
  consecutiveFailures,
  type BreakerSnapshot,
} from '../../src/breaker/index.js';
import { neverAborted } from '../../src/internal/never-aborted.js';
import { VirtualClock } from '../../src/testing/index.js';
import { deferred, outcome } from './helpers.js';

const fail = () => Promise.reject(new Error('boom'));

function recordStates(breaker: CircuitBreaker): string[] {
  const seen: string[] = [];
  breaker.events.on('stateChange', ({ from, to }) => seen.push(`${from}->${to}`));
  return seen;
}

describe('CircuitBreaker.isolate', () => {
  it('rejects every call until the last hold is released, then closes', async () => {
    const breaker = new CircuitBreaker();
    const states = recordStates(breaker);
    const first = breaker.isolate();
    const second = breaker.isolate();
    await expect(breaker.execute(() => 1)).rejects.toMatchObject({
      name: 'BrokenCircuitError',
      state: 'isolated',
      retryAfterMs: undefined,
      message: 'The circuit is isolated',
    });
    first();
    first();
    expect(breaker.state).toBe('isolated');
    second();
    expect(breaker.state).toBe('closed');
    expect(states).toEqual(['closed->isolated', 'isolated->closed']);
    expect(await breaker.execute(() => 1)).toBe(1);
  });

  it('overrides open and half-open, and clears the counters and openedTimes on release', async () => {
    const clock = new VirtualClock();
    const breaker = new CircuitBreaker({ clock, trip: consecutiveFailures(2), openMs: 10 });
    await outcome(breaker.execute(fail));
    await outcome(breaker.execute(fail));
    const release = breaker.isolate();
    await clock.advance(100);
    await expect(breaker.execute(() => 1)).rejects.toMatchObject({ state: 'isolated' });
    release();
    await outcome(breaker.execute(fail));
    expect(breaker.state).toBe('closed');
    await outcome(breaker.execute(fail));
    expect(breaker.snapshot()).toMatchObject({ state: 'open', openedTimes: 1 });
  });

  it('ignores a half-open probe that ends after the isolation', async () => {
    const clock = new VirtualClock();
    const breaker = new CircuitBreaker({ clock, trip: consecutiveFailures(1), openMs: 10 });
    await outcome(breaker.execute(fail));
    await clock.advance(10);
    const probe = deferred();
    const running = breaker.execute(() => probe.promise);
    const release = breaker.isolate();
    probe.resolve('late');
    expect(await running).toBe('late');
    expect(breaker.state).toBe('isolated');
    release();
    expect(breaker.state).toBe('closed');
  });
});

describe('CircuitBreaker.reset', () => {
  it('closes from any state, ends every isolation hold and clears the counters', async () => {
    const breaker = new CircuitBreaker({ trip: consecutiveFailures(2) });
    const states = recordStates(breaker);
    await outcome(breaker.execute(fail));
    breaker.reset();
    await outcome(breaker.execute(fail));
    expect(breaker.state).toBe('closed'); // the failure before the reset was forgotten
    await outcome(breaker.execute(fail));
    expect(breaker.state).toBe('open');
    breaker.reset();
    expect(breaker.state).toBe('closed');
    const release = breaker.isolate();
    breaker.reset();
    expect(breaker.state).toBe('closed');
    const again = breaker.isolate();
    release(); // from before the reset: must not release the new hold
    expect(breaker.state).toBe('isolated');
    again();
    expect(states).toEqual([
      'closed->open',
      'open->closed',
      'closed->isolated',
      'isolated->closed',
      'closed->isolated',
      'isolated->closed',
    ]);
  });

  it('ignores outcomes of calls that started before it', async () => {
    const breaker = new CircuitBreaker({ trip: consecutiveFailures(1) });
    const call = deferred();
    const running = breaker.execute(() => call.promise);
    breaker.reset();
    const error = new Error('late');
    call.reject(error);
    await expect(running).rejects.toBe(error);
    expect(breaker.state).toBe('closed');
  });

  // With no outcome listener, no slowCallMs and no signal, calls run on shared handlers that keep
  // no generation of their own: these check that they still know a stale call from a new one.
  it('tells stale calls from new ones when nothing times the calls', async () => {
    const breaker = new CircuitBreaker({ trip: consecutiveFailures(1) });
    const [a, b, c, d] = [deferred(), deferred(), deferred(), deferred()];
    const runningA = outcome(breaker.execute(() => a.promise));
    const runningB = outcome(breaker.execute(() => b.promise));
    breaker.reset();
    const runningC = outcome(breaker.execute(() => c.promise));
    a.reject(new Error('stale a'));
    await runningA;
    expect(breaker.state).toBe('closed');
    c.reject(new Error('current c'));
    await runningC;
    expect(breaker.state).toBe('open');
    breaker.reset();
    b.reject(new Error('stale b'));
    await runningB;
    expect(breaker.state).toBe('closed');
    const runningD = outcome(breaker.execute(() => d.promise));
    d.reject(new Error('current d'));
    await runningD;
    expect(breaker.state).toBe('open');
  });

  it('treats the never-aborting signal that a retry hands on as no signal', async () => {
    const breaker = new CircuitBreaker({ trip: consecutiveFailures(1) });
    const options = { signal: neverAborted };
    const [a, b] = [deferred(), deferred()];
    let seen: AbortSignal | undefined;
    const runningA = outcome(
      breaker.execute(({ signal }) => {
        seen = signal;
        return a.promise;
      }, options),
    );
    expect(seen).toBe(neverAborted);
    breaker.reset();
    const runningB = outcome(breaker.execute(() => b.promise, options));
    a.reject(new Error('stale a'));
    await runningA;
    expect(breaker.state).toBe('closed');
    b.reject(new Error('current b'));
    await runningB;
    expect(breaker.state).toBe('open');
  });

  it('counts a synchronous throw on the general path too, passing the same error', async () => {
    const breaker = new CircuitBreaker({ trip: consecutiveFailures(1) });
    const error = new Error('thrown');
    const { signal } = new AbortController();
    await expect(
      breaker.execute(
        () => {
          throw error;
        },
        { signal },
      ),
    ).rejects.toBe(error);
    expect(breaker.state).toBe('open');
  });

  it('ignores a call that resets the breaker before it returns', async () => {
    const breaker = new CircuitBreaker({ trip: consecutiveFailures(1) });
    const error = new Error('after reset');
    await expect(
      breaker.execute(() => {
        breaker.reset();
        return Promise.reject(error);
      }),
    ).rejects.toBe(error);
    expect(breaker.state).toBe('closed');
    await expect(
      breaker.execute(() => {
        breaker.reset();
        throw error;
      }),
    ).rejects.toBe(error);
    expect(breaker.state).toBe('closed');
    await outcome(breaker.execute(fail));
    expect(breaker.state).toBe('open');
  });
});

describe('CircuitBreaker.snapshot and initialState', () => {
  it('round-trips every state through JSON, with time left relative to now', async () => {
    const clock = new VirtualClock(5_000);
    const breaker = new CircuitBreaker({ clock, trip: consecutiveFailures(1), openMs: 1_000 });
    expect(breaker.snapshot()).toEqual({
      version: 1,
      state: 'closed',
      openedTimes: 0,
      takenAtMs: 0,
    });
    await outcome(breaker.execute(fail));
    await clock.advance(400);
    const saved = JSON.parse(JSON.stringify(breaker.snapshot())) as BreakerSnapshot;
    expect(saved).toEqual({
      version: 1,
      state: 'open',
      openedTimes: 1,
      remainingOpenMs: 600,
      takenAtMs: 400,
    });

    // Restored at once (the same wall time), on a monotonic clock of another origin.
    const otherClock = new VirtualClock(-77, { wallStartMs: 400 });
    const restored = new CircuitBreaker({
      clock: otherClock,
      trip: consecutiveFailures(1),
      openMs: ({ openedTimes }) => openedTimes * 1_000,
      initialState: saved,
    });
    expect(restored.state).toBe('open');
    await otherClock.advance(599);
    await expect(restored.execute(() => 1)).rejects.toMatchObject({ retryAfterMs: 1 });
    await otherClock.advance(1);
    await outcome(restored.execute(fail)); // a failed probe: openedTimes 2
    expect(restored.snapshot()).toEqual({
      version: 1,
      state: 'open',
      openedTimes: 2,
      remainingOpenMs: 2_000,
      takenAtMs: 1_000,
    });
  });

  it('reports remaining time 0 once the open period is over', async () => {
    const clock = new VirtualClock();
    const breaker = new CircuitBreaker({ clock, trip: consecutiveFailures(1), openMs: 10 });
    await outcome(breaker.execute(fail));
    await clock.advance(50);
    expect(breaker.snapshot()).toMatchObject({ state: 'open', remainingOpenMs: 0 });
  });

  it('restores half-open with free probe slots', async () => {
    const breaker = new CircuitBreaker({
      initialState: { version: 1, state: 'half-open', openedTimes: 3 },
      openMs: ({ openedTimes }) => openedTimes,
    });
    expect(breaker.state).toBe('half-open');
    expect(breaker.snapshot()).toMatchObject({ version: 1, state: 'half-open', openedTimes: 3 });
    expect(await breaker.execute(() => 'probe')).toBe('probe');
    expect(breaker.state).toBe('closed');
  });

  it('restores isolated, held until reset', async () => {
    const breaker = new CircuitBreaker({
      initialState: { version: 1, state: 'isolated', openedTimes: 0 },
    });
    await expect(breaker.execute(() => 1)).rejects.toMatchObject({ state: 'isolated' });
    const release = breaker.isolate();
    release();
    expect(breaker.state).toBe('isolated');
    expect(breaker.snapshot()).toMatchObject({ version: 1, state: 'isolated', openedTimes: 0 });
    breaker.reset();
    expect(breaker.state).toBe('closed');
  });

  it('closes a breaker restored closed, open or half-open when its own isolation is released', async () => {
    const snapshots: BreakerSnapshot[] = [
      { version: 1, state: 'closed', openedTimes: 0, takenAtMs: 0 },
      { version: 1, state: 'open', openedTimes: 2, remainingOpenMs: 500, takenAtMs: 0 },
      { version: 1, state: 'half-open', openedTimes: 1, takenAtMs: 0 },
    ];
    for (const initialState of snapshots) {
      const breaker = new CircuitBreaker({ clock: new VirtualClock(), initialState });
      const release = breaker.isolate();
      expect(breaker.state).toBe('isolated');
      release();
      expect(breaker.state).toBe('closed');
      expect(breaker.snapshot()).toMatchObject({ state: 'closed', openedTimes: 0 });
      expect(await breaker.execute(() => 'through')).toBe('through');
    }
  });

  it('refuses an open initialState with openedTimes 0: an open circuit has opened', () => {
    const create = () =>
      new CircuitBreaker({
        initialState: { version: 1, state: 'open', openedTimes: 0, remainingOpenMs: 0 },
      });
    expect(create).toThrow(RangeError);
    expect(create).toThrow('initialState.openedTimes must be an integer >= 1, got 0');
  });

  it.each([
    [null, TypeError, 'initialState must not be null'],
    ['{}', TypeError, 'initialState must be a snapshot object, got "{}"'],
    [{ version: 2, state: 'closed', openedTimes: 0 }, RangeError, 'initialState.version must be 1'],
    [
      { version: 1, state: 'shut', openedTimes: 0 },
      RangeError,
      'initialState.state must be one of',
    ],
    [{ version: 1, state: 'closed', openedTimes: -1 }, RangeError, 'initialState.openedTimes'],
    [{ version: 1, state: 'closed', openedTimes: 2 }, RangeError, 'must be 0 when closed, got 2'],
    [{ version: 1, state: 'half-open', openedTimes: 0 }, RangeError, 'must be an integer >= 1'],
    [{ version: 1, state: 'open', openedTimes: 1 }, RangeError, 'initialState.remainingOpenMs'],
    [
      { version: 1, state: 'open', openedTimes: 1, remainingOpenMs: Number.NaN },
      RangeError,
      'initialState.remainingOpenMs must be a finite number >= 0, got NaN',
    ],
    [
      { version: 1, state: 'closed', openedTimes: 0, remainingOpenMs: 5 },
      RangeError,
      'initialState.remainingOpenMs is only allowed when the state is open, got closed',
    ],
    [
      { version: 1, state: 'open', openedTimes: 1, remainingOpenMS: 5 },
      TypeError,
      'unknown option "initialState.remainingOpenMS" (did you mean "initialState.remainingOpenMs"?)',
    ],
    [
      { version: 1, state: 'closed', openedTimes: 0, remainingOpenMs: null },
      TypeError,
      'initialState.remainingOpenMs must not be null',
    ],
    [
      { version: 1n, state: 'closed', openedTimes: 0 },
      RangeError,
      'initialState.version must be 1, got 1n',
    ],
    [
      { version: 1, state: Symbol('open'), openedTimes: 0 },
      RangeError,
      'initialState.state must be one of closed, open, half-open, isolated, got Symbol(open)',
    ],
    [[], TypeError, 'initialState must be a snapshot object, got an array of 0'],
  ])('rejects the initialState %s', (initialState, type, message) => {
    const create = () => new CircuitBreaker({ initialState: initialState as BreakerSnapshot });
    expect(create).toThrow(type);
    expect(create).toThrow(message);
  });
});
