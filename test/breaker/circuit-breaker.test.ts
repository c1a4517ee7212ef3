import { afterEach, describe, expect, expectTypeOf, it, vi } from 'vitest';
import {
  BrokenCircuitError,
  CircuitBreaker,
  consecutiveFailures,
  isBrokenCircuitError,
  type BreakerEvents,
  type BreakerExecuteOptions,
  type CallContext,
  type CircuitState,
  type OpenMsContext,
  type TripCondition,
  type TripContext,
} from '../../src/breaker/index.js';
import { systemClock } from '../../src/clock/index.js';
import { VirtualClock } from '../../src/testing/index.js';
import { deferred, outcome } from './helpers.js';

const fail =
  (error: unknown = new Error('boom')) =>
  () =>
    Promise.reject(error);
const ok =
  <T>(value: T) =>
  () =>
    Promise.resolve(value);

/** Runs `count` failing calls, one after the other. */
async function failTimes(breaker: CircuitBreaker, count: number): Promise<void> {
  for (let i = 0; i < count; i++) await outcome(breaker.execute(fail()));
}

function recordStates(breaker: CircuitBreaker): string[] {
  const seen: string[] = [];
  breaker.events.on('stateChange', ({ from, to }) => seen.push(`${from}->${to}`));
  return seen;
}

afterEach(() => {
  vi.restoreAllMocks();
});

describe('CircuitBreaker: passing calls through', () => {
  it('returns the same value and rejects with the same error the function gave', async () => {
    const breaker = new CircuitBreaker();
    const value = { id: 1 };
    const error = new Error('no');
    expect(await breaker.execute(ok(value))).toBe(value);
    expect(await breaker.execute(() => 42)).toBe(42);
    await expect(breaker.execute(fail(error))).rejects.toBe(error);
    await expect(
      breaker.execute(() => {
        throw error;
      }),
    ).rejects.toBe(error);
    expect(breaker.state).toBe('closed');
  });

  it('turns a synchronous throw into a counted rejection', async () => {
    const breaker = new CircuitBreaker({ trip: consecutiveFailures(2) });
    const thrown = new TypeError('sync');
    const throwing = (): never => {
      throw thrown;
    };
    const first = breaker.execute(throwing);
    expect(first).toBeInstanceOf(Promise);
    await expect(first).rejects.toBe(thrown);
    await expect(breaker.execute(throwing)).rejects.toBe(thrown);
    expect(breaker.state).toBe('open');
  });

  it('accepts thenables that are not promises', async () => {
    const breaker = new CircuitBreaker();
    const thenable: PromiseLike<string> = { then: (resolve) => Promise.resolve('t').then(resolve) };
    expect(await breaker.execute(() => thenable)).toBe('t');
  });

  it('rejects a non-function with a TypeError without counting it', async () => {
    const breaker = new CircuitBreaker({ trip: consecutiveFailures(1) });
    await expect(breaker.execute(42 as never)).rejects.toThrow(
      new TypeError('fn must be a function, got 42'),
    );
    expect(breaker.state).toBe('closed');
  });

  it('types execute<T> as Promise<T>', () => {
    const breaker = new CircuitBreaker();
    expectTypeOf(breaker.execute(() => 1)).toEqualTypeOf<Promise<number>>();
    expectTypeOf(breaker.execute(async () => 'a')).toEqualTypeOf<Promise<string>>();
    expectTypeOf(breaker.execute<{ a: 1 }>(() => ({ a: 1 }))).toEqualTypeOf<Promise<{ a: 1 }>>();
    expectTypeOf(breaker.state).toEqualTypeOf<CircuitState>();
    expectTypeOf<Parameters<typeof breaker.execute>[0]>().parameters.toEqualTypeOf<[CallContext]>();
    expectTypeOf<BreakerEvents['stateChange']>().toEqualTypeOf<{
      readonly from: CircuitState;
      readonly to: CircuitState;
    }>();
    expectTypeOf(isBrokenCircuitError).guards.toEqualTypeOf<BrokenCircuitError>();
    // The shape of a policy (ballast/policy), so that wrap() composes breakers.
    expectTypeOf<CircuitBreaker>().toExtend<{
      execute<T>(
        fn: (context: { signal: AbortSignal }) => T | PromiseLike<T>,
        options?: { signal?: AbortSignal },
      ): Promise<T>;
    }>();
  });
});

describe('CircuitBreaker: opening', () => {
  it('opens after five failures in a row by default and then rejects without calling', async () => {
    const clock = new VirtualClock();
    const breaker = new CircuitBreaker({ clock, name: 'users' });
    const states = recordStates(breaker);
    const rejected = vi.fn();
    breaker.events.on('rejected', rejected);
    await failTimes(breaker, 4);
    expect(breaker.state).toBe('closed');
    await failTimes(breaker, 1);
    expect(breaker.state).toBe('open');
    expect(states).toEqual(['closed->open']);

    await clock.advance(1_000);
    const fn = vi.fn(ok(1));
    const result = await outcome(breaker.execute(fn));
    expect(fn).not.toHaveBeenCalled();
    expect(result.ok).toBe(false);
    const error = (result as { error: unknown }).error;
    expect(error).toBeInstanceOf(BrokenCircuitError);
    expect(isBrokenCircuitError(error)).toBe(true);
    expect(error).toMatchObject({
      name: 'BrokenCircuitError',
      state: 'open',
      retryAfterMs: 29_000,
      message: 'Circuit "users" is open',
    });
    expect(rejected).toHaveBeenCalledWith({ state: 'open' });
  });

  it('starts the count again after a success', async () => {
    const breaker = new CircuitBreaker({ trip: consecutiveFailures(3) });
    await failTimes(breaker, 2);
    await breaker.execute(ok(1));
    await failTimes(breaker, 2);
    expect(breaker.state).toBe('closed');
    await failTimes(breaker, 1);
    expect(breaker.state).toBe('open');
  });

  it('emits failure before the stateChange it causes, and sees the error', async () => {
    const breaker = new CircuitBreaker({ trip: consecutiveFailures(1) });
    const seen: string[] = [];
    const error = new Error('x');
    breaker.events.on('failure', (e) => seen.push(`failure:${e.error === error}`));
    breaker.events.on('stateChange', ({ to }) => seen.push(`state:${to}`));
    await outcome(breaker.execute(fail(error)));
    expect(seen).toEqual(['failure:true', 'state:open']);
  });
});

describe('CircuitBreaker: half-open', () => {
  it('lets one probe through after the open period and closes on its success', async () => {
    const clock = new VirtualClock();
    const breaker = new CircuitBreaker({ clock, trip: consecutiveFailures(1), openMs: 100 });
    const states = recordStates(breaker);
    await failTimes(breaker, 1);
    await clock.advance(99);
    await expect(breaker.execute(ok(1))).rejects.toMatchObject({ retryAfterMs: 1 });
    await clock.advance(1);
    expect(breaker.state).toBe('open');
    const probe = deferred<number>();
    const running = breaker.execute(() => probe.promise);
    expect(breaker.state).toBe('half-open');
    const extra = await outcome(breaker.execute(ok(2)));
    expect(extra).toMatchObject({
      ok: false,
      error: { state: 'half-open', retryAfterMs: undefined },
    });
    probe.resolve(7);
    expect(await running).toBe(7);
    expect(breaker.state).toBe('closed');
    expect(states).toEqual(['closed->open', 'open->half-open', 'half-open->closed']);
  });

  it('re-opens after halfOpen.maxWaitMs when a probe hangs, voiding the hung probe', async () => {
    const clock = new VirtualClock();
    const breaker = new CircuitBreaker({
      clock,
      trip: consecutiveFailures(1),
      openMs: ({ openedTimes }) => openedTimes * 100,
      halfOpen: { maxWaitMs: 5_000 },
    });
    const states = recordStates(breaker);
    await failTimes(breaker, 1);
    await clock.advance(100);
    const hung = deferred<number>();
    const probe = breaker.execute(() => hung.promise);
    await clock.advance(4_999);
    await expect(breaker.execute(ok(1))).rejects.toMatchObject({ state: 'half-open' });
    await clock.advance(1);
    // Nothing moved for maxWaitMs: the call re-opens the circuit (the second open period) and is
    // refused by it.
    await expect(breaker.execute(ok(1))).rejects.toMatchObject({
      state: 'open',
      retryAfterMs: 200,
    });
    expect(states).toEqual(['closed->open', 'open->half-open', 'half-open->open']);
    // The hung probe ends at last: its result reaches its caller, and the circuit ignores it.
    hung.resolve(9);
    expect(await probe).toBe(9);
    expect(breaker.state).toBe('open');
    await clock.advance(200);
    await expect(breaker.execute(ok(3))).resolves.toBe(3);
    expect(breaker.state).toBe('closed');
  });

  it('waits for a hung probe for ever with halfOpen.maxWaitMs Infinity', async () => {
    const clock = new VirtualClock();
    const breaker = new CircuitBreaker({
      clock,
      trip: consecutiveFailures(1),
      openMs: 100,
      halfOpen: { maxWaitMs: Infinity },
    });
    await failTimes(breaker, 1);
    await clock.advance(100);
    void breaker.execute(() => new Promise<never>(() => undefined));
    await clock.advance(86_400_000);
    await expect(breaker.execute(ok(1))).rejects.toMatchObject({ state: 'half-open' });
  });

  it('re-opens on a failed probe, growing the open period with openMs({ openedTimes })', async () => {
    const clock = new VirtualClock();
    const openMs = vi.fn(({ openedTimes }: OpenMsContext) => openedTimes * 100);
    const breaker = new CircuitBreaker({ clock, trip: consecutiveFailures(1), openMs });
    await failTimes(breaker, 1);
    await clock.advance(100);
    await failTimes(breaker, 1); // the probe
    expect(breaker.state).toBe('open');
    await expect(breaker.execute(ok(1))).rejects.toMatchObject({ retryAfterMs: 200 });
    expect(breaker.snapshot()).toEqual({
      version: 1,
      state: 'open',
      openedTimes: 2,
      remainingOpenMs: 200,
      takenAtMs: 100,
    });
    await clock.advance(200);
    await failTimes(breaker, 1);
    await clock.advance(300);
    await breaker.execute(ok(1));
    expect(breaker.state).toBe('closed');
    await failTimes(breaker, 1);
    expect(openMs.mock.calls.map(([context]) => context.openedTimes)).toEqual([1, 2, 3, 1]);
  });

  it('runs at most maxProbes at once and closes after successesToClose successes', async () => {
    const clock = new VirtualClock();
    const breaker = new CircuitBreaker({
      clock,
      trip: consecutiveFailures(1),
      openMs: 10,
      halfOpen: { maxProbes: 2, successesToClose: 3 },
    });
    await failTimes(breaker, 1);
    await clock.advance(10);
    const a = deferred();
    const b = deferred();
    const pa = breaker.execute(() => a.promise);
    const pb = breaker.execute(() => b.promise);
    await expect(breaker.execute(ok(0))).rejects.toMatchObject({ state: 'half-open' });
    a.resolve(1);
    await pa;
    expect(breaker.state).toBe('half-open');
    const c = deferred();
    const pc = breaker.execute(() => c.promise); // a's slot is free again
    await expect(breaker.execute(ok(0))).rejects.toMatchObject({ state: 'half-open' });
    b.resolve(2);
    await pb;
    expect(breaker.state).toBe('half-open');
    c.resolve(3);
    await pc;
    expect(breaker.state).toBe('closed');
  });

  it('frees the probe slot of an ignored error or an aborted probe without deciding', async () => {
    const clock = new VirtualClock();
    const ignored = new Error('not found');
    const breaker = new CircuitBreaker({
      clock,
      trip: consecutiveFailures(1),
      openMs: 10,
      isFailure: (error) => error !== ignored,
    });
    await failTimes(breaker, 1);
    await clock.advance(10);
    await expect(breaker.execute(fail(ignored))).rejects.toBe(ignored);
    expect(breaker.state).toBe('half-open');
    const controller = new AbortController();
    const aborted = breaker.execute(
      ({ signal }) =>
        new Promise((_, reject) => signal.addEventListener('abort', () => reject(signal.reason))),
      { signal: controller.signal },
    );
    controller.abort(new Error('caller gave up'));
    await expect(aborted).rejects.toThrow('caller gave up');
    expect(breaker.state).toBe('half-open');
    await breaker.execute(ok(1));
    expect(breaker.state).toBe('closed');
  });
  it('keeps a probe slot taken when a call from before half-open ends ignored or aborted', async () => {
    const clock = new VirtualClock();
    const ignored = new Error('not found');
    const breaker = new CircuitBreaker({
      clock,
      trip: consecutiveFailures(1),
      openMs: 10,
      isFailure: (error) => error !== ignored,
    });
    // Both start while closed: one on the fast path (no signal), one with a signal of its own.
    const shared = deferred();
    const staleIgnored = breaker.execute(() => shared.promise);
    const controller = new AbortController();
    const withSignal = deferred();
    const staleAborted = breaker.execute(() => withSignal.promise, { signal: controller.signal });
    await failTimes(breaker, 1);
    await clock.advance(10);
    const probe = deferred();
    const probing = breaker.execute(() => probe.promise); // takes the only slot
    expect(breaker.state).toBe('half-open');

    shared.reject(ignored);
    await expect(staleIgnored).rejects.toBe(ignored);
    await expect(breaker.execute(ok(2))).rejects.toMatchObject({ state: 'half-open' });

    const reason = new Error('caller gave up');
    controller.abort(reason);
    withSignal.reject(reason);
    await expect(staleAborted).rejects.toBe(reason);
    await expect(breaker.execute(ok(3))).rejects.toMatchObject({ state: 'half-open' });

    probe.resolve(1);
    expect(await probing).toBe(1);
    expect(breaker.state).toBe('closed');
  });
});

describe('CircuitBreaker: outcomes that do not count', () => {
  it('counts neither errors isFailure rejects nor calls the caller aborted', async () => {
    const breaker = new CircuitBreaker({
      trip: consecutiveFailures(1),
      isFailure: (error) => !(error instanceof RangeError),
    });
    const onFailure = vi.fn();
    const onSuccess = vi.fn();
    breaker.events.on('failure', onFailure);
    breaker.events.on('success', onSuccess);
    const range = new RangeError('client error');
    await expect(breaker.execute(fail(range))).rejects.toBe(range);
    const controller = new AbortController();
    const reason = new Error('stop');
    const call = breaker.execute(
      async ({ signal }) => {
        controller.abort(reason);
        throw signal.reason;
      },
      { signal: controller.signal },
    );
    await expect(call).rejects.toBe(reason);
    expect(breaker.state).toBe('closed');
    expect(onFailure).not.toHaveBeenCalled();
    expect(onSuccess).not.toHaveBeenCalled();
  });

  it('rejects with the reason of an already aborted signal without calling or counting', async () => {
    const breaker = new CircuitBreaker({ trip: consecutiveFailures(1) });
    await failTimes(breaker, 1);
    const fn = vi.fn(ok(1));
    const reason = new Error('already');
    await expect(breaker.execute(fn, { signal: AbortSignal.abort(reason) })).rejects.toBe(reason);
    expect(fn).not.toHaveBeenCalled();
  });

  it('rejects, never throws, when signal is not an AbortSignal, before running or counting', async () => {
    const breaker = new CircuitBreaker({ trip: consecutiveFailures(1) });
    const fn = vi.fn(ok(1));
    const controller = new AbortController();
    const cases: [unknown, string][] = [
      [
        { signal: controller },
        'signal must be an AbortSignal, got an AbortController (pass controller.signal, not the controller)',
      ],
      [{ signal: 10n }, 'signal must be an AbortSignal, got 10n'],
      [{ signal: { aborted: false } }, 'signal must be an AbortSignal, got {"aborted":false}'],
      [{ signal: null }, 'signal must not be null'],
      [{ signl: controller.signal }, 'unknown option "signl" (did you mean "signal"?)'],
      [null, 'options must be an object, got null'],
      [5, 'options must be an object, got 5'],
    ];
    for (const [options, message] of cases) {
      let call: Promise<number> | undefined;
      expect(() => {
        call = breaker.execute(fn, options as BreakerExecuteOptions);
      }).not.toThrow();
      const error = await call?.then(
        () => undefined,
        (rejection: unknown) => rejection,
      );
      expect(error).toBeInstanceOf(TypeError);
      expect((error as Error).message).toContain(message);
    }
    expect(fn).not.toHaveBeenCalled();
    expect(breaker.state).toBe('closed');
    // The same while open: the options are checked before the circuit is.
    await failTimes(breaker, 1);
    await expect(breaker.execute(fn, { signal: controller } as never)).rejects.toThrow(TypeError);
    expect(
      await breaker.execute(fn, Object.create({ inherited: 1 }) as never).catch(String),
    ).toMatch('BrokenCircuitError');
  });

  it('passes the caller signal through, or one shared signal that never aborts', async () => {
    const breaker = new CircuitBreaker();
    const signals: AbortSignal[] = [];
    const record = ({ signal }: CallContext) => void signals.push(signal);
    const controller = new AbortController();
    await breaker.execute(record, { signal: controller.signal });
    await breaker.execute(record);
    await breaker.execute(record, {});
    expect(signals[0]).toBe(controller.signal);
    expect(signals[1]).toBe(signals[2]);
    expect(signals[1]?.aborted).toBe(false);
  });

  it('counts a result isResultFailure rejects as a failure and still returns it', async () => {
    const breaker = new CircuitBreaker({
      clock: new VirtualClock(),
      trip: consecutiveFailures(2),
      isResultFailure: (result) => (result as { status: number }).status >= 500,
    });
    const failures: BreakerEvents['failure'][] = [];
    breaker.events.on('failure', (event) => failures.push(event));
    const response = { status: 503 };
    expect(await breaker.execute(ok(response))).toBe(response);
    expect(await breaker.execute(ok({ status: 200 }))).toEqual({ status: 200 });
    await breaker.execute(ok(response));
    await breaker.execute(ok(response));
    expect(breaker.state).toBe('open');
    expect(failures).toHaveLength(3);
    expect(failures[0]).toEqual({ error: undefined, result: response, durationMs: 0 });
  });

  it("takes a call's own isResultFailure in place of the breaker's, typed by its result", async () => {
    const breaker = new CircuitBreaker({
      clock: new VirtualClock(),
      trip: consecutiveFailures(2),
      isResultFailure: () => false,
    });
    const failures: BreakerEvents['failure'][] = [];
    breaker.events.on('failure', (event) => failures.push(event));
    const response = { status: 503 };
    const judged: unknown[] = [];
    const options: BreakerExecuteOptions<{ status: number }> = {
      isResultFailure: (result) => {
        judged.push(result);
        return result.status >= 500;
      },
    };
    expect(await breaker.execute(ok(response), options)).toBe(response);
    // The breaker's own classifier still judges calls without one.
    await breaker.execute(ok(response));
    expect(breaker.state).toBe('closed');
    await breaker.execute(ok(response), options);
    await breaker.execute(ok(response), options);
    expect(breaker.state).toBe('open');
    expect(judged).toEqual([response, response, response]);
    expect(failures.map((event) => event.result)).toEqual([response, response, response]);
    // A call's classifier on a breaker without one, and a thrown one counted as a failure.
    const plain = new CircuitBreaker({ clock: new VirtualClock(), trip: consecutiveFailures(1) });
    const warn = vi.spyOn(process, 'emitWarning').mockImplementation(() => undefined);
    const bug = new Error('classifier broke');
    const value = { status: 200 };
    expect(
      await plain.execute(ok(value), {
        isResultFailure: () => {
          throw bug;
        },
      }),
    ).toBe(value);
    expect(plain.state).toBe('open');
    expect(warn).toHaveBeenCalledTimes(1);
    expect(String(warn.mock.calls[0]?.[0])).toContain('options.isResultFailure');
  });

  it('rejects a per-call isResultFailure that is not a function, without running the call', async () => {
    const breaker = new CircuitBreaker({ clock: new VirtualClock() });
    const fn = vi.fn(() => 1);
    const bad = { isResultFailure: 'yes' } as unknown as BreakerExecuteOptions<number>;
    await expect(breaker.execute(fn, bad)).rejects.toThrow(
      new TypeError('options.isResultFailure must be a function, got "yes"'),
    );
    const misspelled = { isResultFailur: () => true } as unknown as BreakerExecuteOptions<number>;
    await expect(breaker.execute(fn, misspelled)).rejects.toThrow(/did you mean "isResultFailure"/);
    expect(fn).not.toHaveBeenCalled();
    expectTypeOf(
      breaker.execute(async () => ({ status: 1 }), { isResultFailure: (r) => r.status > 1 }),
    ).toEqualTypeOf<Promise<{ status: number }>>();
  });
});

describe('CircuitBreaker: events and context', () => {
  it('measures durationMs for a listener of success alone, and of failure alone', async () => {
    const clock = new VirtualClock(1_000);
    const onlySuccess = new CircuitBreaker({ clock });
    const successes: number[] = [];
    onlySuccess.events.on('success', ({ durationMs }) => successes.push(durationMs));
    const onlyFailure = new CircuitBreaker({ clock });
    const failures: number[] = [];
    onlyFailure.events.on('failure', ({ durationMs }) => failures.push(durationMs));

    const value = deferred();
    const succeeding = onlySuccess.execute(() => value.promise);
    const error = deferred();
    const failing = onlyFailure.execute(() => error.promise);
    await clock.advance(25);
    value.resolve('ok');
    await succeeding;
    await clock.advance(15);
    error.reject(new Error('boom'));
    await outcome(failing);
    expect(successes).toEqual([25]);
    expect(failures).toEqual([40]);
  });

  it('gives fn a signal that never aborts when the caller passes none, on every path', async () => {
    const signals: unknown[] = [];
    const record = ({ signal }: CallContext) => void signals.push(signal);
    // The fast path: closed, nobody listening, no slowCallMs.
    await new CircuitBreaker().execute(record);
    const shared = signals[0];
    expect(shared).toBeInstanceOf(AbortSignal);
    expect((shared as AbortSignal).aborted).toBe(false);

    // Timed calls: an outcome listener or slowCallMs.
    const listened = new CircuitBreaker();
    listened.events.on('success', () => undefined);
    await listened.execute(record);
    await listened.execute(record, {});
    const slow = new CircuitBreaker({ slowCallMs: 100 });
    await slow.execute(record);
    await slow.execute(record, {});
    // A half-open probe.
    const clock = new VirtualClock();
    const probing = new CircuitBreaker({ clock, trip: consecutiveFailures(1), openMs: 10 });
    await failTimes(probing, 1);
    await clock.advance(10);
    await probing.execute(record);
    expect(probing.state).toBe('closed');

    expect(signals).toHaveLength(6);
    for (const signal of signals) expect(signal).toBe(shared);
  });

  it('hands a custom trip condition the breaker clock, or the system clock by default', async () => {
    const clock = new VirtualClock(5_000);
    const contexts: TripContext[] = [];
    // Trips on a second failure within 100 ms, timed on the clock it was given.
    const burst: TripCondition = {
      description: 'burst',
      create(context) {
        contexts.push(context);
        let last = Number.NEGATIVE_INFINITY;
        return {
          success: () => false,
          failure: () => {
            const now = context.clock.now();
            const trips = now - last <= 100;
            last = now;
            return trips;
          },
          reset: () => void (last = Number.NEGATIVE_INFINITY),
        };
      },
    };
    const breaker = new CircuitBreaker({ clock, trip: burst });
    expect(contexts[0]?.clock).toBe(clock);
    await failTimes(breaker, 1);
    await clock.advance(150);
    await failTimes(breaker, 1);
    expect(breaker.state).toBe('closed');
    await clock.advance(100);
    await failTimes(breaker, 1);
    expect(breaker.state).toBe('open');

    new CircuitBreaker({ trip: burst });
    expect(contexts[1]?.clock).toBe(systemClock);
  });
});
