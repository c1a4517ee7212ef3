import { getEventListeners } from 'node:events';
import { describe, expect, it } from 'vitest';
import type { Clock } from '../../src/clock/index.js';
import { observe, TimeoutPolicy, wrap, type Policy } from '../../src/policy/index.js';
import { SloTracker } from '../../src/slo/index.js';
import { VirtualClock } from '../../src/testing/index.js';

const notASignal = new AbortController() as unknown as AbortSignal;
const signalMessage =
  'signal must be an AbortSignal, got an AbortController (pass controller.signal, not the controller)';

describe('policies given bad input', () => {
  it('TimeoutPolicy rejects a misspelled option with the closest name', () => {
    expect(() => new TimeoutPolicy(100, { stratgy: 'cooperative' } as never)).toThrow(
      new TypeError('unknown option "stratgy" (did you mean "strategy"?)'),
    );
    expect(() => new TimeoutPolicy(100, { strategy: null } as never)).toThrow(
      'strategy must not be null',
    );
    expect(() => new TimeoutPolicy(100, { strategy: Symbol('x') } as never)).toThrow(
      "strategy must be 'aggressive' or 'cooperative', got Symbol(x)",
    );
    expect(() => new TimeoutPolicy(10n as never)).toThrow(
      'timeoutMs must be a finite number > 0, got 10n',
    );
  });

  it('TimeoutPolicy rejects an AbortController passed as the signal, arming no timer and throwing nothing', async () => {
    const clock = new VirtualClock();
    const policy = new TimeoutPolicy(100, { clock });
    let ran = false;
    let promise: Promise<unknown> | undefined;
    expect(() => {
      promise = policy.execute(() => (ran = true), { signal: notASignal });
    }).not.toThrow();
    await expect(promise).rejects.toThrow(new TypeError(signalMessage));
    expect(ran).toBe(false);
    expect(clock.pendingTimers).toBe(0);
  });

  it('TimeoutPolicy rejects unknown execute options', async () => {
    const policy = new TimeoutPolicy(100, { clock: new VirtualClock() });
    await expect(policy.execute(() => 1, { sigal: undefined } as never)).rejects.toThrow(
      'unknown option "sigal" (did you mean "signal"?)',
    );
  });

  it('TimeoutPolicy leaves no listener on the caller signal when its clock cannot set a timer', async () => {
    const broken: Clock = {
      now: () => 0,
      setTimer: () => {
        throw new Error('no timers here');
      },
    };
    const controller = new AbortController();
    const policy = new TimeoutPolicy(100, { clock: broken });
    await expect(policy.execute(() => 1, { signal: controller.signal })).rejects.toThrow(
      'no timers here',
    );
    expect(getEventListeners(controller.signal, 'abort')).toHaveLength(0);
  });

  it('observe() rejects an AbortController passed as the signal instead of handing it on', async () => {
    const slo = new SloTracker({ name: 'x', objective: 0.99, clock: new VirtualClock() });
    let promise: Promise<unknown> | undefined;
    expect(() => {
      promise = observe(slo).execute(() => 1, { signal: notASignal });
    }).not.toThrow();
    await expect(promise).rejects.toThrow(new TypeError(signalMessage));
  });

  it('observe() and wrap() reject, never throw, when a policy of the caller throws synchronously', async () => {
    const boom = new Error('observer broke');
    const throwing = observe({
      observe: () => {
        throw boom;
      },
    });
    await expect(throwing.execute(() => 1)).rejects.toBe(boom);
    const bad: Policy = {
      execute: () => {
        throw boom;
      },
    };
    let promise: Promise<unknown> | undefined;
    expect(() => {
      promise = wrap(bad, new TimeoutPolicy(100, { clock: new VirtualClock() })).execute(() => 1);
    }).not.toThrow();
    await expect(promise).rejects.toBe(boom);
  });
});

describe('TimeoutPolicy on a clock whose timers fire synchronously', () => {
  const instant: Clock = {
    now: () => 0,
    setTimer: (_ms, callback) => {
      callback();
      return () => undefined;
    },
  };

  it('aggressive: rejects with a TimeoutError without starting the call, leaving no listener', async () => {
    const controller = new AbortController();
    let ran = false;
    const result = new TimeoutPolicy(100, { clock: instant }).execute(() => (ran = true), {
      signal: controller.signal,
    });
    await expect(result).rejects.toMatchObject({ name: 'TimeoutError', timeoutMs: 100 });
    expect(ran).toBe(false);
    expect(getEventListeners(controller.signal, 'abort')).toHaveLength(0);
  });

  it('cooperative: hands the call an aborted signal and waits for it, leaving no listener', async () => {
    const controller = new AbortController();
    const result = new TimeoutPolicy(100, { clock: instant, strategy: 'cooperative' }).execute(
      ({ signal }) => (signal.aborted ? 'saw the abort' : 'missed it'),
      { signal: controller.signal },
    );
    await expect(result).resolves.toBe('saw the abort');
    expect(getEventListeners(controller.signal, 'abort')).toHaveLength(0);
  });
});
