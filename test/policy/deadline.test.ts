import { describe, expect, it, vi } from 'vitest';
import { CircuitBreaker } from '../../src/breaker/index.js';
import {
  HedgePolicy,
  isTimeoutError,
  observe,
  TimeoutPolicy,
  wrap,
  type Policy,
  type PolicyContext,
  type TimeoutContext,
  type TimeoutError,
} from '../../src/policy/index.js';
import { constant, RetryPolicy } from '../../src/retry/index.js';
import { VirtualClock } from '../../src/testing/index.js';

const hang = (): Promise<never> => new Promise<never>(() => undefined);
const observer = { observe: <T>(fn: () => T | PromiseLike<T>) => Promise.resolve(fn()) };

describe('TimeoutPolicy and deadlines', () => {
  it("sets the context's deadline to its own end when the caller has none, or a later one", async () => {
    const clock = new VirtualClock(1_000);
    const timeout = new TimeoutPolicy(200, { clock });
    const seen: PolicyContext[] = [];
    await timeout.execute((context) => seen.push(context));
    await timeout.execute((context) => seen.push(context), { deadline: 5_000 });
    expect(seen.map((c) => c.deadline)).toEqual([1_200, 1_200]);
  });

  it("times out at the caller's earlier deadline, with the time it was given", async () => {
    const clock = new VirtualClock(1_000);
    const timeout = new TimeoutPolicy(200, { clock });
    const events: unknown[] = [];
    timeout.events.on('timeout', (event) => events.push(event));
    let deadline: number | undefined;
    const call = timeout
      .execute(
        (context) => {
          deadline = context.deadline;
          return hang();
        },
        { deadline: 1_050 },
      )
      .catch((error: unknown) => error);
    expect(deadline).toBe(1_050);
    await clock.advance(49);
    expect(clock.pendingTimers).toBe(1);
    await clock.advance(1);
    const error = await call;
    expect(isTimeoutError(error)).toBe(true);
    expect((error as TimeoutError).timeoutMs).toBe(50);
    expect(events).toEqual([{ timeoutMs: 50, strategy: 'aggressive' }]);
  });

  it('rejects a call whose deadline has passed without running it or setting a timer', async () => {
    const clock = new VirtualClock(1_000);
    const warn = vi.spyOn(process, 'emitWarning').mockImplementation(() => undefined);
    for (const strategy of ['aggressive', 'cooperative'] as const) {
      const timeout = new TimeoutPolicy(200, { clock, strategy });
      const listener = vi.fn(() => {
        throw new Error('a throwing listener changes nothing');
      });
      timeout.events.on('timeout', listener);
      const fn = vi.fn(() => 1);
      const error: unknown = await timeout
        .execute(fn, { deadline: 1_000 })
        .catch((e: unknown) => e);
      expect(isTimeoutError(error)).toBe(true);
      expect((error as TimeoutError).timeoutMs).toBe(0);
      expect(fn).not.toHaveBeenCalled();
      expect(listener).toHaveBeenCalledWith({ timeoutMs: 0, strategy });
      expect(clock.pendingTimers).toBe(0);
    }
    expect(warn).toHaveBeenCalledTimes(2);
    warn.mockRestore();
  });

  it('hands a generator the caller deadline, and rejects a deadline that is not a number', async () => {
    const clock = new VirtualClock();
    const generator = vi.fn((_context: TimeoutContext) => 100);
    const timeout = new TimeoutPolicy(generator, { clock });
    await timeout.execute(() => 1, { deadline: 50 });
    const given = generator.mock.calls[0]![0];
    expect(Object.keys(given)).toEqual(['signal', 'deadline']);
    expect(given.deadline).toBe(50);
    for (const deadline of [Number.NaN, '10']) {
      await expect(timeout.execute(() => 1, { deadline } as never)).rejects.toThrow(
        /options\.deadline must be a time on the policy's clock \(a number\), got/,
      );
    }
    // Infinity is no deadline.
    await expect(timeout.execute(() => 1, { deadline: Infinity })).resolves.toBe(1);
    await expect(timeout.execute(() => 1, { deadlin: 1 } as never)).rejects.toThrow(
      'unknown option "deadlin" (did you mean "deadline"?)',
    );
  });
});

describe('TimeoutPolicy with a clock that throws', () => {
  it('rejects with what the clock threw, without running', async () => {
    const broken = new Error('clock broke');
    const clock = {
      now: (): number => {
        throw broken;
      },
      setTimer: () => () => undefined,
    };
    const fn = vi.fn(() => 1);
    await expect(new TimeoutPolicy(100, { clock }).execute(fn)).rejects.toBe(broken);
    expect(fn).not.toHaveBeenCalled();
  });
});

describe('observe() and deadlines', () => {
  it("passes the caller's deadline and signal on in the context", async () => {
    const controller = new AbortController();
    const context = await observe(observer).execute((c) => c, {
      signal: controller.signal,
      deadline: 42,
    });
    expect(context).toEqual({ signal: controller.signal, deadline: 42 });
    const plain = await observe(observer).execute((c) => c);
    expect(Object.keys(plain)).toEqual(['signal']);
  });
});

describe('wrap() and deadlines', () => {
  it('checks the options of an observed first layer as observe() does', async () => {
    await expect(
      wrap(observe(observer), new CircuitBreaker()).execute(() => 1, { deadline: Number.NaN }),
    ).rejects.toThrow(RangeError);
    await expect(wrap(observe(observer)).execute(() => 1, { sigal: 1 } as never)).rejects.toThrow(
      'unknown option "sigal" (did you mean "signal"?)',
    );
  });

  it("hands the caller's deadline to every layer and the function", async () => {
    const clock = new VirtualClock();
    const seen: unknown[] = [];
    const recording: Policy = {
      execute(fn, options) {
        seen.push(options?.deadline);
        return Promise.resolve(fn({ signal: options?.signal ?? new AbortController().signal }));
      },
    };
    const policy = wrap(
      observe(observer),
      new RetryPolicy({ clock }),
      recording,
      new CircuitBreaker({ clock }),
      recording,
    );
    const context = await policy.execute((c) => c, { deadline: 500 });
    // The recording layers hand no deadline on in their contexts: the wrap still passes it on.
    expect(seen).toEqual([500, 500]);
    expect(context.deadline).toBe(500);
    expect(context.attempt).toBe(1);
  });

  it('shortens the deadline inside a TimeoutPolicy, and a retry outside gives up at its own', async () => {
    const clock = new VirtualClock();
    const retry = new RetryPolicy({ clock, maxAttempts: 10, backoff: constant(100) });
    const giveUps: unknown[] = [];
    retry.events.on('giveUp', ({ reason, attempts }) => giveUps.push({ reason, attempts }));
    const breaker = new CircuitBreaker({ clock });
    const policy = wrap(retry, new TimeoutPolicy(150, { clock }), breaker);
    const deadlines: (number | undefined)[] = [];
    const call = policy
      .execute(
        ({ deadline }) => {
          deadlines.push(deadline);
          return hang();
        },
        { deadline: 400 },
      )
      .catch((error: unknown) => error);
    await clock.runAll();
    const error = await call;
    // Attempt 1 at 0 (ends 150), retry at 250 (until the caller's 400): the next would start at
    // 500, past the deadline.
    expect(deadlines).toEqual([150, 400]);
    expect((error as TimeoutError).timeoutMs).toBe(150);
    expect(giveUps).toEqual([{ reason: 'deadline', attempts: 2 }]);
    expect(clock.pendingTimers).toBe(0);
  });

  it('passes contexts that add nothing through without a copy', async () => {
    const clock = new VirtualClock();
    const retry = new RetryPolicy({ clock });
    let retryContext: unknown;
    const spy: Policy = {
      execute: (fn, options) =>
        retry.execute((context) => {
          retryContext = context;
          return fn(context);
        }, options),
    };
    const seen = await wrap(spy, new CircuitBreaker({ clock }), observe(observer)).execute(
      (c) => c,
    );
    expect(seen).toBe(retryContext);
    const outer = await wrap(observe(observer), spy, new CircuitBreaker({ clock })).execute(
      (c) => c,
    );
    expect(outer).toBe(retryContext);
    // With a deadline the breaker's context is its own object, but adds nothing: still no copy.
    const timed = await wrap(spy, new CircuitBreaker({ clock })).execute((c) => c, { deadline: 9 });
    expect(timed).toBe(retryContext);
    expect(timed.deadline).toBe(9);
  });

  it('gives a hedge inside a timeout the timeout end as its deadline', async () => {
    const clock = new VirtualClock();
    const hedge = new HedgePolicy({ delayMs: 100, maxHedges: 3, clock });
    const refused: unknown[] = [];
    hedge.events.on('hedgeRefused', (event) => refused.push(event));
    const attempts: number[] = [];
    const call = wrap(new TimeoutPolicy(250, { clock }), hedge)
      .execute(({ attempt }) => {
        attempts.push(attempt);
        return hang();
      })
      .catch((error: unknown) => error);
    await clock.runAll();
    expect(isTimeoutError(await call)).toBe(true);
    // Hedges at 100 and 200; the one due at 300 is past the timeout (which aborted them all).
    expect(attempts).toEqual([0, 1, 2]);
    expect(clock.pendingTimers).toBe(0);
  });
});
