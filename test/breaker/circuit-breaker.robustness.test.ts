import { afterEach, describe, expect, it, vi } from 'vitest';
import {
  CircuitBreaker,
  consecutiveFailures,
  failureRate,
  isBrokenCircuitError,
  type TripCondition,
} from '../../src/breaker/index.js';
import { VirtualClock } from '../../src/testing/index.js';
import { CountingClock, deferred, outcome, type Deferred } from './helpers.js';

const fail = () => Promise.reject(new Error('boom'));

afterEach(() => {
  vi.restoreAllMocks();
});

describe('CircuitBreaker: calls that overlap a state change', () => {
  it('lets 100 calls in flight when the circuit opens settle with their own outcome', async () => {
    const breaker = new CircuitBreaker({ trip: consecutiveFailures(3) });
    const calls: Deferred<number>[] = [];
    const running = Array.from({ length: 100 }, () => {
      const call = deferred<number>();
      calls.push(call);
      return outcome(breaker.execute(() => call.promise));
    });
    const errors = calls.map((_, i) => new Error(`e${i}`));
    // Even calls fail, odd calls succeed; three failures in a row happen only among the first few.
    calls.forEach((call, i) => (i % 2 === 0 || i < 6 ? call.reject(errors[i]) : call.resolve(i)));
    const results = await Promise.all(running);
    expect(breaker.state).toBe('open');
    results.forEach((result, i) => {
      if (i % 2 === 0 || i < 6) expect(result).toEqual({ ok: false, error: errors[i] });
      else expect(result).toEqual({ ok: true, value: i });
    });
    await expect(breaker.execute(() => 1)).rejects.toMatchObject({ state: 'open' });
  });

  it('ignores closed-state calls that end while open or half-open, but still emits them', async () => {
    const clock = new VirtualClock();
    const breaker = new CircuitBreaker({ clock, trip: consecutiveFailures(1), openMs: 10 });
    const successes = vi.fn();
    breaker.events.on('success', successes);
    const slowSuccess = deferred();
    const slowFailure = deferred();
    const a = breaker.execute(() => slowSuccess.promise);
    const b = breaker.execute(() => slowFailure.promise);
    await outcome(breaker.execute(fail));
    expect(breaker.state).toBe('open');
    await clock.advance(10);
    const probe = deferred();
    const p = breaker.execute(() => probe.promise);
    expect(breaker.state).toBe('half-open');
    slowSuccess.resolve('a');
    slowFailure.reject(new Error('b'));
    expect(await a).toBe('a');
    await expect(b).rejects.toThrow('b');
    expect(breaker.state).toBe('half-open'); // neither closed nor re-opened it
    expect(successes).toHaveBeenCalledTimes(1);
    await expect(breaker.execute(() => 1)).rejects.toMatchObject({ state: 'half-open' });
    probe.resolve('p');
    await p;
    expect(breaker.state).toBe('closed');
  });

  it('ignores a probe of an earlier half-open period', async () => {
    const clock = new VirtualClock();
    const breaker = new CircuitBreaker({
      clock,
      trip: consecutiveFailures(1),
      openMs: 10,
      halfOpen: { maxProbes: 2 },
    });
    await outcome(breaker.execute(fail));
    await clock.advance(10);
    const slowProbe = deferred();
    const slow = breaker.execute(() => slowProbe.promise);
    await outcome(breaker.execute(fail)); // the other probe fails: open again
    await clock.advance(20);
    const next = deferred();
    const p = breaker.execute(() => next.promise);
    slowProbe.resolve(1);
    await slow;
    expect(breaker.state).toBe('half-open'); // one success of an old probe does not count
    next.resolve(2);
    await p;
    expect(breaker.state).toBe('half-open'); // successesToClose is maxProbes: 2
    await breaker.execute(() => 3);
    expect(breaker.state).toBe('closed');
  });
});

describe('CircuitBreaker: listeners and callbacks that throw', () => {
  it('never lets a throwing listener change an outcome', async () => {
    const breaker = new CircuitBreaker({ trip: consecutiveFailures(1) });
    const onError = vi.spyOn(process, 'emitWarning').mockImplementation(() => undefined);
    for (const name of ['success', 'failure', 'stateChange', 'rejected'] as const) {
      breaker.events.on(name, () => {
        throw new Error(`listener of ${name}`);
      });
    }
    expect(await breaker.execute(() => 'v')).toBe('v');
    const error = new Error('own');
    await expect(breaker.execute(() => Promise.reject(error))).rejects.toBe(error);
    expect(breaker.state).toBe('open');
    const rejection = await outcome(breaker.execute(() => 1));
    expect(rejection.ok === false && isBrokenCircuitError(rejection.error)).toBe(true);
    expect(onError).toHaveBeenCalled();
  });

  it('counts a call whose classifier throws as a failure, warning once per callback', async () => {
    const warn = vi.spyOn(process, 'emitWarning').mockImplementation(() => undefined);
    const breaker = new CircuitBreaker({
      name: 'db',
      trip: consecutiveFailures(3),
      isFailure: () => {
        throw new Error('bad classifier');
      },
      isResultFailure: () => {
        throw new Error('bad result classifier');
      },
    });
    const error = new Error('own');
    await expect(breaker.execute(() => Promise.reject(error))).rejects.toBe(error);
    await expect(breaker.execute(() => Promise.reject(error))).rejects.toBe(error);
    expect(await breaker.execute(() => 'value')).toBe('value');
    expect(breaker.state).toBe('open');
    expect(warn).toHaveBeenCalledTimes(2);
    expect(String(warn.mock.calls[0]?.[0])).toContain(
      'ballast: isFailure of circuit breaker "db" threw: Error: bad classifier',
    );
    expect(warn.mock.calls[0]?.[1]).toEqual({
      type: 'BallastCallbackWarning',
      code: 'BALLAST_CALLBACK_ERROR',
    });
    expect(String(warn.mock.calls[1]?.[0])).toContain('isResultFailure of circuit breaker "db"');
  });

  it('falls back to console.warn where there is no process.emitWarning', async () => {
    const consoleWarn = vi.spyOn(console, 'warn').mockImplementation(() => undefined);
    const original = process.emitWarning;
    (process as { emitWarning?: unknown }).emitWarning = undefined;
    try {
      const breaker = new CircuitBreaker({
        isFailure: () => {
          throw 'not an error';
        },
      });
      await outcome(breaker.execute(fail));
    } finally {
      process.emitWarning = original;
    }
    expect(consoleWarn).toHaveBeenCalledWith(
      'ballast: isFailure of a circuit breaker threw: not an error',
    );
  });

  it('reports an error without a stack by its message', async () => {
    const warn = vi.spyOn(process, 'emitWarning').mockImplementation(() => undefined);
    const error = new Error('stackless');
    delete error.stack;
    const breaker = new CircuitBreaker({
      isResultFailure: () => {
        throw error;
      },
    });
    await breaker.execute(() => 1);
    expect(warn.mock.calls[0]?.[0]).toBe(
      'ballast: isResultFailure of a circuit breaker threw: stackless',
    );
  });

  it('keeps the circuit open with a RangeError when an openMs function fails, until reset', async () => {
    const clock = new VirtualClock();
    const cases: [() => number, string][] = [
      [() => Number.NaN, 'openMs({ openedTimes: 1 }) must return a finite number >= 0, got NaN'],
      [
        () => '5' as unknown as number,
        'openMs({ openedTimes: 1 }) must return a finite number >= 0, got "5"',
      ],
      [
        () => {
          throw new Error('oops');
        },
        'openMs({ openedTimes: 1 }) threw',
      ],
    ];
    for (const [openMs, message] of cases) {
      const breaker = new CircuitBreaker({ clock, trip: consecutiveFailures(1), openMs });
      await outcome(breaker.execute(fail));
      expect(breaker.state).toBe('open');
      await clock.advance(1e9);
      const first = await outcome(breaker.execute(() => 1));
      expect(first).toMatchObject({ ok: false, error: { name: 'RangeError', message } });
      expect(breaker.snapshot()).toMatchObject({
        version: 1,
        state: 'open',
        openedTimes: 1,
        remainingOpenMs: 0,
      });
      breaker.reset();
      expect(await breaker.execute(() => 1)).toBe(1);
    }
  });

  it('refuses an openMs function result below 0 or not finite, such as -1 or Infinity, and takes 0', async () => {
    const clock = new VirtualClock();
    const cases: [number, string][] = [
      [-1, '-1'],
      [-0.5, '-0.5'],
      [Number.POSITIVE_INFINITY, 'Infinity'],
      [Number.NEGATIVE_INFINITY, '-Infinity'],
    ];
    for (const [returned, shown] of cases) {
      const breaker = new CircuitBreaker({
        clock,
        trip: consecutiveFailures(1),
        openMs: () => returned,
      });
      await outcome(breaker.execute(fail));
      await clock.advance(1e9);
      const rejected = await outcome(breaker.execute(() => 1));
      expect(rejected).toMatchObject({
        ok: false,
        error: {
          name: 'RangeError',
          message: `openMs({ openedTimes: 1 }) must return a finite number >= 0, got ${shown}`,
        },
      });
      expect(breaker.snapshot()).toMatchObject({ state: 'open', remainingOpenMs: 0 });
    }
    const zero = new CircuitBreaker({ clock, trip: consecutiveFailures(1), openMs: () => 0 });
    await outcome(zero.execute(fail));
    expect(zero.state).toBe('open');
    expect(await zero.execute(() => 'probe')).toBe('probe');
    expect(zero.state).toBe('closed');
  });

  it('takes a throwing trip tracker as "do not trip" and warns', async () => {
    const warn = vi.spyOn(process, 'emitWarning').mockImplementation(() => undefined);
    const broken: TripCondition = {
      description: 'broken',
      create: () => ({
        success: () => {
          throw new Error('tracker');
        },
        failure: () => {
          throw new Error('tracker');
        },
        reset: () => {
          throw new Error('tracker reset');
        },
      }),
    };
    const breaker = new CircuitBreaker({ trip: broken });
    await outcome(breaker.execute(fail));
    expect(await breaker.execute(() => 2)).toBe(2);
    breaker.reset();
    expect(breaker.state).toBe('closed');
    expect(warn).toHaveBeenCalledTimes(1);
  });

  it('lets the call through as a closed call when a listener resets the breaker', async () => {
    const clock = new VirtualClock();
    const breaker = new CircuitBreaker({ clock, trip: consecutiveFailures(1), openMs: 10 });
    await outcome(breaker.execute(fail));
    await clock.advance(10);
    breaker.events.once('stateChange', () => breaker.reset());
    expect(await breaker.execute(() => 'through')).toBe('through');
    expect(breaker.state).toBe('closed');
  });

  it('shows any value an openMs function returns in its RangeError', async () => {
    const cases: [unknown, string][] = [
      [10n, 'got 10n'],
      [Symbol('ms'), 'got Symbol(ms)'],
      [Object.create(null), 'got {}'],
      [null, 'got null'],
    ];
    for (const [returned, shown] of cases) {
      const breaker = new CircuitBreaker({
        trip: consecutiveFailures(1),
        openMs: () => returned as number,
      });
      await outcome(breaker.execute(fail));
      const rejected = await outcome(breaker.execute(() => 1));
      expect(rejected).toMatchObject({
        ok: false,
        error: {
          name: 'RangeError',
          message: `openMs({ openedTimes: 1 }) must return a finite number >= 0, ${shown}`,
        },
      });
    }
  });

  it('names the thrown value as the cause when an openMs function throws', async () => {
    const thrown = new Error('oops');
    const breaker = new CircuitBreaker({
      trip: consecutiveFailures(1),
      openMs: () => {
        throw thrown;
      },
    });
    await outcome(breaker.execute(fail));
    const rejected = await outcome(breaker.execute(() => 1));
    expect(rejected).toMatchObject({
      ok: false,
      error: { message: 'openMs({ openedTimes: 1 }) threw', cause: thrown },
    });
  });

  it('gives each call rejected after an openMs function failed its own error and a rejected event', async () => {
    const thrown = new Error('oops');
    const cases: [() => number, string, unknown][] = [
      [
        () => {
          throw thrown;
        },
        'openMs({ openedTimes: 1 }) threw',
        thrown,
      ],
      [() => -1, 'openMs({ openedTimes: 1 }) must return a finite number >= 0, got -1', undefined],
    ];
    for (const [openMs, message, cause] of cases) {
      const breaker = new CircuitBreaker({ trip: consecutiveFailures(1), openMs });
      const rejected: string[] = [];
      breaker.events.on('rejected', ({ state }) => rejected.push(state));
      await outcome(breaker.execute(fail));
      const first = await outcome(breaker.execute(() => 1));
      const second = await outcome(breaker.execute(() => 2));
      expect(first.ok || second.ok).toBe(false);
      if (first.ok || second.ok) return;
      expect(first.error).toBeInstanceOf(RangeError);
      expect(second.error).toBeInstanceOf(RangeError);
      expect(first.error).not.toBe(second.error);
      expect(first.error).toMatchObject({ message });
      expect(second.error).toMatchObject({ message });
      expect((first.error as Error).cause).toBe(cause);
      expect('cause' in (second.error as Error)).toBe(cause !== undefined);
      expect(rejected).toEqual(['open', 'open']);
    }
  });

  it('re-checks the state after a stateChange listener moved the breaker', async () => {
    const clock = new VirtualClock();
    const breaker = new CircuitBreaker({ clock, trip: consecutiveFailures(1), openMs: 10 });
    await outcome(breaker.execute(fail));
    await clock.advance(10);
    breaker.events.once('stateChange', () => breaker.isolate());
    const fn = vi.fn(() => 1);
    await expect(breaker.execute(fn)).rejects.toMatchObject({ state: 'isolated' });
    expect(fn).not.toHaveBeenCalled();
  });
});

describe('CircuitBreaker: slow calls', () => {
  it('emits slowCall for counted calls longer than slowCallMs, after success or failure', async () => {
    const clock = new VirtualClock();
    const breaker = new CircuitBreaker({ clock, slowCallMs: 100 });
    const seen: string[] = [];
    breaker.events.on('success', ({ durationMs }) => seen.push(`success:${durationMs}`));
    breaker.events.on('failure', ({ durationMs }) => seen.push(`failure:${durationMs}`));
    breaker.events.on('slowCall', ({ durationMs }) => seen.push(`slow:${durationMs}`));
    const run = async (ms: number, succeed: boolean) => {
      const call = deferred();
      const running = outcome(breaker.execute(() => call.promise));
      await clock.advance(ms);
      if (succeed) call.resolve(1);
      else call.reject(new Error('x'));
      await running;
    };
    await run(100, true);
    await run(101, true);
    await run(150, false);
    expect(seen).toEqual(['success:100', 'success:101', 'slow:101', 'failure:150', 'slow:150']);
  });

  it('counts a slow half-open probe as a success unless slow calls can trip', async () => {
    for (const [trip, closes] of [
      [consecutiveFailures(1), true],
      [
        failureRate({
          threshold: 1,
          minimumCalls: 1,
          window: { calls: 1 },
          slowCallThreshold: 1,
        }),
        false,
      ],
    ] as const) {
      const clock = new VirtualClock();
      const breaker = new CircuitBreaker({ clock, trip, slowCallMs: 50, openMs: 10 });
      await outcome(breaker.execute(fail));
      expect(breaker.state).toBe('open');
      await clock.advance(10);
      const probe = deferred();
      const running = breaker.execute(() => probe.promise);
      await clock.advance(51);
      probe.resolve('slow but fine');
      expect(await running).toBe('slow but fine');
      expect(breaker.state).toBe(closes ? 'closed' : 'open');
    }
  });
});

describe('CircuitBreaker: a clock that throws at a state change', () => {
  // A call that trips the circuit, or a probe that closes it, settles in the breaker's reaction to
  // its promise: a clock read there that throws must not replace the call's own outcome.
  it('leaves every caller its own outcome, reads as no time passing, and warns once', async () => {
    const warn = vi.spyOn(process, 'emitWarning').mockImplementation(() => undefined);
    let reading = 0;
    let broken = false;
    const clock = {
      now: () => {
        if (broken) throw new Error('clock broke');
        return reading;
      },
      setTimer: () => () => undefined,
    };
    const breaker = new CircuitBreaker({
      name: 'db',
      clock,
      trip: consecutiveFailures(1),
      openMs: 10,
    });
    reading = 5;
    await outcome(breaker.execute(fail));
    expect(breaker.metrics()).toMatchObject({ state: 'open', stateSinceMs: 5 });
    reading = 15;
    const probe = deferred();
    const probing = breaker.execute(() => probe.promise);
    broken = true;
    probe.resolve('up');
    expect(await probing).toBe('up');
    expect(breaker.metrics()).toMatchObject({ state: 'closed', stateSinceMs: 15 });
    const own = new Error('own');
    expect(await outcome(breaker.execute(() => Promise.reject(own)))).toEqual({
      ok: false,
      error: own,
    });
    expect(breaker.metrics()).toMatchObject({ state: 'open', stateSinceMs: 15 });
    expect(() => breaker.isolate()).not.toThrow();
    breaker.reset();
    expect(breaker.state).toBe('closed');
    expect(warn).toHaveBeenCalledTimes(1);
    expect(String(warn.mock.calls[0]?.[0])).toMatch(
      /^ballast: the clock of circuit breaker "db" threw: Error: clock broke/,
    );
  });
});

describe('CircuitBreaker: clock reads', () => {
  // Every breaker reads the clock once when it is made, for metrics().stateSinceMs.
  it('reads no clock on a consecutive breaker without slowCallMs or outcome listeners', async () => {
    const clock = new CountingClock();
    const breaker = new CircuitBreaker({ clock, trip: consecutiveFailures(3) });
    expect(clock.reads).toBe(1);
    breaker.events.on('stateChange', () => undefined);
    for (let i = 0; i < 10; i++) await breaker.execute(() => i);
    await outcome(breaker.execute(fail));
    expect(clock.reads).toBe(1);
  });

  it('reads once per call for a time window, twice with slowCallMs or a listener', async () => {
    const trip = failureRate({ threshold: 1, minimumCalls: 5, window: { durationMs: 1_000 } });
    // A time window reads the clock once when it is made, to refuse a clock it cannot count on.
    const clock = new CountingClock();
    const windowed = new CircuitBreaker({ clock, trip });
    const made = clock.reads;
    for (let i = 0; i < 10; i++) await windowed.execute(() => i);
    expect(clock.reads - made).toBe(10);

    const slowClock = new CountingClock();
    const slow = new CircuitBreaker({ clock: slowClock, trip, slowCallMs: 10 });
    const slowMade = slowClock.reads;
    for (let i = 0; i < 10; i++) await slow.execute(() => i);
    expect(slowClock.reads - slowMade).toBe(20);

    for (const event of ['success', 'failure', 'ignored'] as const) {
      const listenedClock = new CountingClock();
      const listened = new CircuitBreaker({ clock: listenedClock });
      listened.events.on(event, () => undefined);
      for (let i = 0; i < 10; i++) await listened.execute(() => i);
      expect(listenedClock.reads - 1).toBe(20);
    }
  });

  it('reports NaN durations for calls that started before the first outcome listener', async () => {
    const breaker = new CircuitBreaker({ clock: new CountingClock() });
    const call = deferred();
    const running = breaker.execute(() => call.promise);
    const durations: number[] = [];
    breaker.events.on('success', ({ durationMs }) => durations.push(durationMs));
    call.resolve(1);
    await running;
    expect(durations).toEqual([Number.NaN]);
  });
});
