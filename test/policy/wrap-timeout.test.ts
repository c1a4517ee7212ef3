import { describe, expect, expectTypeOf, it, vi } from 'vitest';
import { CircuitBreaker } from '../../src/breaker/index.js';
import {
  isTimeoutError,
  TimeoutPolicy,
  wrap,
  type ExecuteOptions,
  type Policy,
  type TimeoutContext,
  type TimeoutError,
  type TimeoutExecuteOptions,
} from '../../src/policy/index.js';
import { constant, RetryPolicy } from '../../src/retry/index.js';
import { VirtualClock } from '../../src/testing/index.js';

const hang = (): Promise<never> => new Promise<never>(() => undefined);

/** A policy that records the options each call hands it, and passes the call on. */
function recording(seen: unknown[]): Policy {
  return {
    execute(fn, options) {
      seen.push(options);
      return Promise.resolve(fn({ signal: options?.signal ?? new AbortController().signal }));
    },
  };
}

describe('wrap() and a call of its own timeoutMs', () => {
  it('hands timeoutMs to the timeout layer alone, for every attempt', async () => {
    const clock = new VirtualClock();
    const retry = new RetryPolicy({ clock, maxAttempts: 2, backoff: constant(10) });
    const breaker = new CircuitBreaker({ clock });
    const seen: unknown[] = [];
    const policy = wrap(retry, recording(seen), breaker, new TimeoutPolicy(1_000, { clock }));
    expectTypeOf<Parameters<typeof policy.execute>[1]>().toEqualTypeOf<
      TimeoutExecuteOptions | undefined
    >();
    const times: number[] = [];
    const result = policy
      .execute(
        () => {
          times.push(clock.now());
          return hang();
        },
        { timeoutMs: 50 },
      )
      .catch((error: unknown) => error);
    await clock.advance(200);
    const error = await result;
    expect(isTimeoutError(error)).toBe(true);
    expect((error as TimeoutError).timeoutMs).toBe(50);
    expect(times).toEqual([0, 60]); // 50 ms each, 10 ms between
    // The other layers never see the key: they would reject it as unknown.
    expect(seen).toHaveLength(2);
    for (const options of seen) expect(Object.keys(options as object)).toEqual(['signal']);
    expect(clock.pendingTimers).toBe(0);
  });

  it('reaches a timeout layer that is outermost, and one inside a nested wrap', async () => {
    const clock = new VirtualClock();
    const breaker = new CircuitBreaker({ clock });
    const outermost = wrap(new TimeoutPolicy(1_000, { clock }), breaker);
    const nested = wrap(new RetryPolicy({ clock, maxAttempts: 1 }), wrap(breaker, outermost));
    expectTypeOf<Parameters<typeof nested.execute>[1]>().toEqualTypeOf<
      TimeoutExecuteOptions | undefined
    >();
    const controller = new AbortController();
    for (const policy of [outermost, nested]) {
      const result = policy
        .execute(hang, { timeoutMs: 25, signal: controller.signal })
        .catch((error: unknown) => error);
      await clock.advance(25);
      expect(((await result) as TimeoutError).timeoutMs).toBe(25);
    }
    // Without timeoutMs, the policy's own.
    const usual = nested.execute(hang).catch((error: unknown) => error);
    await clock.advance(1_000);
    expect(((await usual) as TimeoutError).timeoutMs).toBe(1_000);
  });

  it('rejects a bad timeoutMs before any layer runs: no retry, no breaker failure', async () => {
    const clock = new VirtualClock();
    const retry = new RetryPolicy({ clock, maxAttempts: 3 });
    const breaker = new CircuitBreaker({ clock });
    const events = vi.fn();
    retry.events.on('giveUp', events);
    breaker.events.on('failure', events);
    const policy = wrap(retry, breaker, new TimeoutPolicy(100, { clock }));
    const fn = vi.fn();
    let promise: Promise<unknown> | undefined;
    expect(() => (promise = policy.execute(fn, { timeoutMs: -1 }))).not.toThrow();
    await expect(promise).rejects.toThrow(
      new RangeError('timeoutMs must be a finite number > 0, got -1'),
    );
    await expect(policy.execute('fn' as never, { timeoutMs: -1 })).rejects.toThrow(
      'fn must be a function, got "fn"',
    );
    await expect(policy.execute(fn, { timeoutMs: null } as never)).rejects.toThrow(
      new TypeError('timeoutMs must not be null (omit it, or pass undefined, for the default)'),
    );
    expect(fn).not.toHaveBeenCalled();
    expect(events).not.toHaveBeenCalled();
    expect(clock.pendingTimers).toBe(0);
  });

  it('rejects timeoutMs when no layer, or more than one, takes it', async () => {
    const clock = new VirtualClock();
    const none = wrap(new RetryPolicy({ clock }), new CircuitBreaker({ clock }));
    expectTypeOf<Parameters<typeof none.execute>[1]>().toEqualTypeOf<ExecuteOptions | undefined>();
    const fn = vi.fn();
    await expect(none.execute(fn, { timeoutMs: 10 } as never)).rejects.toThrow(
      new TypeError(
        'timeoutMs needs a TimeoutPolicy in the wrap() to apply to, and this one has none',
      ),
    );
    const two = wrap(
      new TimeoutPolicy(1_000, { clock }),
      new RetryPolicy({ clock }),
      wrap(new TimeoutPolicy(100, { clock })),
    );
    await expect(two.execute(fn, { timeoutMs: 10 })).rejects.toThrow(
      /^timeoutMs is ambiguous in a wrap\(\) of 2 TimeoutPolicy layers: pass it to the one/,
    );
    // timeoutMs: undefined means the policies' own, whatever the shape.
    await expect(none.execute(() => 1, { timeoutMs: undefined } as never)).resolves.toBe(1);
    await expect(two.execute(() => 2, { timeoutMs: undefined })).resolves.toBe(2);
    expect(fn).not.toHaveBeenCalled();
  });

  it("leaves the first layer's own keys to it, with timeoutMs taken out", async () => {
    const clock = new VirtualClock();
    const retry = new RetryPolicy({ clock, maxAttempts: 3, backoff: constant(0) });
    const policy = wrap(retry, new TimeoutPolicy(1_000, { clock }));
    const results = ['again', 'again', 'done'];
    const options = { timeoutMs: 50, retryOnResult: (result: string) => result === 'again' };
    const done = policy.execute(() => results.shift(), options);
    await clock.runAll();
    await expect(done).resolves.toBe('done');
    expect(results).toEqual([]);
    await expect(
      policy.execute(() => 1, { timeoutMs: 50, retryOnResult: 'no' } as never),
    ).rejects.toThrow(/retryOnResult/);
  });

  it('hands every layer the caller options unchanged when there is no timeoutMs', async () => {
    const seen: unknown[] = [];
    const options = { signal: new AbortController().signal };
    await wrap(recording(seen), new TimeoutPolicy(100)).execute(() => 1, options);
    await wrap(new TimeoutPolicy(100), recording(seen)).execute(() => 1, options);
    expect(seen[0]).toBe(options);
    // Inside the timeout, the layer gets the timeout's own signal, and its end as the deadline.
    expect(Object.keys(seen[1] as object)).toEqual(['signal', 'deadline']);
    expect((seen[1] as ExecuteOptions).signal).not.toBe(options.signal);
  });
});

describe('wrap() and a generated timeout', () => {
  it("hands the generator the outer layers' context: a retry's attempt", async () => {
    const clock = new VirtualClock();
    const contexts: TimeoutContext[] = [];
    const timeout = new TimeoutPolicy(
      (context) => {
        contexts.push(context);
        return typeof context.attempt === 'number' ? context.attempt * 100 : 1;
      },
      { clock },
    );
    const retry = new RetryPolicy({ clock, maxAttempts: 3, backoff: constant(0) });
    const policy = wrap(retry, new CircuitBreaker({ clock }), timeout);
    const result = policy.execute(hang).catch((error: unknown) => error);
    await clock.advance(600);
    expect(((await result) as TimeoutError).timeoutMs).toBe(300);
    expect(contexts.map((c) => c.attempt)).toEqual([1, 2, 3]);
    const controller = new AbortController();
    const seen = wrap(retry, wrap(timeout)).execute(() => 'ok', { signal: controller.signal });
    await expect(seen).resolves.toBe('ok');
    expect(contexts[3]!.attempt).toBe(1);
    expect(contexts[3]!.signal).toBe(controller.signal);
  });

  it('gives the generator only the signal when it is outermost, and skips it for a call timeoutMs', async () => {
    const clock = new VirtualClock();
    const generator = vi.fn((_context: TimeoutContext) => 10);
    const policy = wrap(new TimeoutPolicy(generator, { clock }), new RetryPolicy({ clock }));
    await policy.execute(() => 1);
    expect(Object.keys(generator.mock.calls[0]![0])).toEqual(['signal']);
    generator.mockClear();
    await policy.execute(() => 1, { timeoutMs: 5 });
    expect(generator).not.toHaveBeenCalled();
  });
});
