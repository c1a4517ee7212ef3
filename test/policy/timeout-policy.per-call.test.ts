import { getEventListeners } from 'node:events';
import { describe, expect, expectTypeOf, it, vi } from 'vitest';
import { neverAborted } from '../../src/internal/never-aborted.js';
import type { TimeoutError } from '../../src/policy/index.js';
import {
  TimeoutPolicy,
  wrap,
  type TimeoutContext,
  type TimeoutExecuteOptions,
} from '../../src/policy/index.js';
import { VirtualClock } from '../../src/testing/index.js';

const hang = (): Promise<never> => new Promise<never>(() => undefined);

/** The TimeoutError `promise` rejects with, and when (virtual ms) it rejected. */
async function timedOut(
  clock: VirtualClock,
  promise: Promise<unknown>,
  advanceMs: number,
): Promise<{ error: unknown; at: number | undefined }> {
  let at: number | undefined;
  const settled = promise.then(
    () => undefined,
    (error: unknown) => {
      at = clock.now();
      return error;
    },
  );
  await clock.advance(advanceMs);
  return { error: await settled, at };
}

describe('TimeoutPolicy: a call of its own timeout', () => {
  it('uses the call timeoutMs in place of the policy timeout, for that call only', async () => {
    const clock = new VirtualClock();
    const policy = new TimeoutPolicy(100, { clock });
    const longer = await timedOut(clock, policy.execute(hang, { timeoutMs: 250 }), 300);
    expect(longer.at).toBe(250);
    expect((longer.error as TimeoutError).timeoutMs).toBe(250);
    expect((longer.error as TimeoutError).message).toBe('call timed out after 250 ms');
    const shorter = await timedOut(clock, policy.execute(hang, { timeoutMs: 10 }), 300);
    expect(shorter.at).toBe(310);
    expect((shorter.error as TimeoutError).timeoutMs).toBe(10);
    const usual = await timedOut(clock, policy.execute(hang, { timeoutMs: undefined }), 300);
    expect((usual.error as TimeoutError).timeoutMs).toBe(100);
    expect(policy.timeoutMs).toBe(100);
    expect(clock.pendingTimers).toBe(0);
  });

  it('keeps the caller signal linked and leaves no listener on it', async () => {
    const clock = new VirtualClock();
    const policy = new TimeoutPolicy(100, { clock });
    const controller = new AbortController();
    const reason = new Error('caller left');
    const call = policy.execute(hang, { signal: controller.signal, timeoutMs: 1_000 });
    expect(getEventListeners(controller.signal, 'abort')).toHaveLength(1);
    controller.abort(reason);
    await expect(call).rejects.toBe(reason);
    expect(getEventListeners(controller.signal, 'abort')).toHaveLength(0);
    expect(clock.pendingTimers).toBe(0);
  });

  it.each([0, -5, Number.NaN, Infinity, '100', 10n, {}])(
    'rejects timeoutMs %s with a RangeError that names it, never throwing nor running fn',
    async (timeoutMs) => {
      const clock = new VirtualClock();
      const policy = new TimeoutPolicy(100, { clock });
      const fn = vi.fn();
      let promise: Promise<unknown> | undefined;
      expect(() => {
        promise = policy.execute(fn, { timeoutMs } as never);
      }).not.toThrow();
      const error = await promise!.catch((e: unknown) => e);
      expect(error).toBeInstanceOf(RangeError);
      expect((error as Error).message).toMatch(/^timeoutMs must be a finite number > 0, got /);
      expect(fn).not.toHaveBeenCalled();
      expect(clock.pendingTimers).toBe(0);
    },
  );

  it('shows the value it got', async () => {
    const policy = new TimeoutPolicy(100, { clock: new VirtualClock() });
    // null is never a default, as for every option: a TypeError, like executeError's.
    await expect(policy.execute(() => 1, { timeoutMs: null } as never)).rejects.toThrow(
      new TypeError('timeoutMs must not be null (omit it, or pass undefined, for the default)'),
    );
    await expect(policy.execute(() => 1, { timeoutMs: -0 })).rejects.toThrow(
      new RangeError('timeoutMs must be a finite number > 0, got -0'),
    );
    await expect(policy.execute(() => 1, { timeoutMs: '5' } as never)).rejects.toThrow(
      new RangeError('timeoutMs must be a finite number > 0, got "5"'),
    );
  });

  it('checks fn and the other options first, with the usual messages', async () => {
    const policy = new TimeoutPolicy(100, { clock: new VirtualClock() });
    await expect(policy.execute('run' as never, { timeoutMs: -1 })).rejects.toThrow(
      new TypeError('fn must be a function, got "run"'),
    );
    await expect(policy.execute(() => 1, { timeoutMs: 5, sinal: 1 } as never)).rejects.toThrow(
      new TypeError('unknown option "sinal" (did you mean "signal"?)'),
    );
    await expect(
      policy.execute(() => 1, { timeoutMs: 5, signal: new AbortController() as never }),
    ).rejects.toThrow(/^signal must be an AbortSignal, got an AbortController/);
    // Options that throw when read reject the call, through the policy and through a wrap().
    const trap = () => {
      throw new Error('trap');
    };
    const unreadable = new Proxy({}, { has: trap, ownKeys: trap });
    await expect(policy.execute(() => 1, unreadable)).rejects.toThrow('trap');
    await expect(wrap(policy).execute(() => 1, unreadable)).rejects.toThrow('trap');
  });

  it('rejects with the caller reason when the signal has already aborted, after checking timeoutMs', async () => {
    const policy = new TimeoutPolicy(100, { clock: new VirtualClock() });
    const reason = new Error('gone');
    const signal = AbortSignal.abort(reason);
    await expect(policy.execute(() => 1, { signal, timeoutMs: 5 })).rejects.toBe(reason);
    await expect(policy.execute(() => 1, { signal, timeoutMs: 0 })).rejects.toBeInstanceOf(
      RangeError,
    );
  });

  it('types execute options as TimeoutExecuteOptions', () => {
    expectTypeOf<Parameters<TimeoutPolicy['execute']>[1]>().toEqualTypeOf<
      TimeoutExecuteOptions | undefined
    >();
    expectTypeOf<TimeoutExecuteOptions['timeoutMs']>().toEqualTypeOf<number | undefined>();
  });
});

describe('TimeoutPolicy: a generated timeout', () => {
  it('computes the timeout per call, and keeps the one it used in the error', async () => {
    const clock = new VirtualClock();
    const timeouts = [30, 70];
    const generator = vi.fn(() => timeouts.shift() ?? 1);
    const policy = new TimeoutPolicy(generator, { clock });
    expect(policy.timeoutMs).toBeUndefined();
    const first = await timedOut(clock, policy.execute(hang), 100);
    const second = await timedOut(clock, policy.execute(hang), 100);
    expect([first.at, second.at]).toEqual([30, 170]);
    expect((first.error as TimeoutError).timeoutMs).toBe(30);
    expect((second.error as TimeoutError).timeoutMs).toBe(70);
    expect(generator).toHaveBeenCalledTimes(2);
    expect(clock.pendingTimers).toBe(0);
  });

  it('hands the generator the caller signal, or the never-aborting one', async () => {
    const clock = new VirtualClock();
    const contexts: TimeoutContext[] = [];
    const policy = new TimeoutPolicy(
      (context) => {
        contexts.push(context);
        return 50;
      },
      { clock },
    );
    const controller = new AbortController();
    await policy.execute(() => 1, { signal: controller.signal });
    await policy.execute(() => 1);
    expect(contexts.map((c) => c.signal)).toEqual([controller.signal, neverAborted]);
    expect(contexts.map((c) => Object.keys(c))).toEqual([['signal'], ['signal']]);
  });

  it('reports the generated timeout in the event', async () => {
    const clock = new VirtualClock();
    const policy = new TimeoutPolicy(() => 42, { clock, strategy: 'cooperative' });
    const listener = vi.fn();
    policy.events.on('timeout', listener);
    const stopped = policy.execute(
      ({ signal }) => new Promise((resolve) => signal.addEventListener('abort', resolve)),
    );
    await clock.advance(42);
    await stopped;
    expect(listener).toHaveBeenCalledWith({ timeoutMs: 42, strategy: 'cooperative' });
  });

  it('is not called when the call gives its own timeoutMs, nor when the signal has aborted', async () => {
    const clock = new VirtualClock();
    const generator = vi.fn(() => 10);
    const policy = new TimeoutPolicy(generator, { clock });
    const own = await timedOut(clock, policy.execute(hang, { timeoutMs: 20 }), 20);
    expect((own.error as TimeoutError).timeoutMs).toBe(20);
    await expect(policy.execute(hang, { signal: AbortSignal.abort('gone') })).rejects.toBe('gone');
    expect(generator).not.toHaveBeenCalled();
  });

  it('rejects the call with what the generator threw, the same object, without running fn', async () => {
    const clock = new VirtualClock();
    const boom = new Error('no timeout for you');
    const policy = new TimeoutPolicy(
      () => {
        throw boom;
      },
      { clock },
    );
    const fn = vi.fn();
    let promise: Promise<unknown> | undefined;
    expect(() => (promise = policy.execute(fn))).not.toThrow();
    await expect(promise).rejects.toBe(boom);
    expect(fn).not.toHaveBeenCalled();
    expect(clock.pendingTimers).toBe(0);
  });

  it.each([
    [0, '0'],
    [-1, '-1'],
    [Number.NaN, 'NaN'],
    [Infinity, 'Infinity'],
    [undefined, 'undefined'],
    ['10', '"10"'],
    [Promise.resolve(10), 'a Promise'],
  ])('rejects a generated %s with a RangeError, without running fn', async (value, shown) => {
    const clock = new VirtualClock();
    const policy = new TimeoutPolicy(() => value as number, { clock });
    const fn = vi.fn();
    await expect(policy.execute(fn)).rejects.toThrow(
      new RangeError(`timeoutMs from the generator must be a finite number > 0, got ${shown}`),
    );
    expect(fn).not.toHaveBeenCalled();
    expect(clock.pendingTimers).toBe(0);
  });

  it('still checks its options at construction', () => {
    expect(() => new TimeoutPolicy(() => 1, { strategy: 'lazy' } as never)).toThrow(TypeError);
    expect(() => new TimeoutPolicy(() => 1, { clok: 1 } as never)).toThrow(
      'unknown option "clok" (did you mean "clock"?)',
    );
  });
});

describe('TimeoutPolicy: misspelled execute options', () => {
  it('suggests timeoutMs for a key closer to it than to signal', async () => {
    const policy = new TimeoutPolicy(100, { clock: new VirtualClock() });
    await expect(policy.execute(() => 1, { timeout: 5 } as never)).rejects.toThrow(
      new TypeError('unknown option "timeout" (did you mean "timeoutMs"?)'),
    );
    await expect(policy.execute(() => 1, { timeoutMs: 5, sigal: 1 } as never)).rejects.toThrow(
      new TypeError('unknown option "sigal" (did you mean "signal"?)'),
    );
    await expect(policy.execute(() => 1, { signal: null } as never)).rejects.toThrow(
      /^signal must not be null/,
    );
    await expect(policy.execute(() => 1, 'fast' as never)).rejects.toThrow(
      new TypeError('options must be an object, got "fast"'),
    );
  });
});
