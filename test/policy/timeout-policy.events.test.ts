import { describe, expect, it, vi } from 'vitest';
import { sleep } from '../../src/clock/index.js';
import { Emitter } from '../../src/events/index.js';
import {
  TimeoutError,
  TimeoutPolicy,
  type TimeoutEvents,
  type TimeoutStrategy,
} from '../../src/policy/index.js';
import { VirtualClock } from '../../src/testing/index.js';

const hang = (): Promise<never> => new Promise<never>(() => undefined);

describe('TimeoutPolicy events', () => {
  it('emits timeout with the timeout and the strategy when the timer fires, aggressive', async () => {
    const clock = new VirtualClock();
    const policy = new TimeoutPolicy(100, { clock });
    expect(policy.events).toBeInstanceOf(Emitter);
    const seen: TimeoutEvents['timeout'][] = [];
    policy.events.on('timeout', (event) => seen.push(event));
    const result = policy.execute(hang).catch((error: unknown) => error);
    await clock.advance(99);
    expect(seen).toEqual([]);
    await clock.advance(1);
    expect(seen).toEqual([{ timeoutMs: 100, strategy: 'aggressive' }]);
    expect(await result).toBeInstanceOf(TimeoutError);
  });

  it('emits once for a cooperative call, when the signal aborts, not when the call ends', async () => {
    const clock = new VirtualClock();
    const policy = new TimeoutPolicy(100, { clock, strategy: 'cooperative' });
    const seen: { at: number; strategy: TimeoutStrategy }[] = [];
    policy.events.on('timeout', ({ strategy }) => seen.push({ at: clock.now(), strategy }));
    const result = policy.execute(async ({ signal }) => {
      await new Promise((resolve) => signal.addEventListener('abort', resolve));
      await sleep(50, { clock }); // cleans up for a while after the abort
      return 'stopped';
    });
    await clock.advance(150);
    await expect(result).resolves.toBe('stopped');
    expect(seen).toEqual([{ at: 100, strategy: 'cooperative' }]);
  });

  it('emits nothing for calls that beat the timeout, fail, or that the caller aborted first', async () => {
    const clock = new VirtualClock();
    const aggressive = new TimeoutPolicy(100, { clock });
    const cooperative = new TimeoutPolicy(100, { clock, strategy: 'cooperative' });
    const listener = vi.fn();
    aggressive.events.on('timeout', listener);
    cooperative.events.on('timeout', listener);
    await expect(aggressive.execute(() => 'fast')).resolves.toBe('fast');
    await expect(aggressive.execute(() => Promise.reject(new Error('x')))).rejects.toThrow('x');
    const controller = new AbortController();
    // A cooperative call that ignores its signal outlives the caller's abort and its own timer.
    const stubborn = cooperative.execute(() => sleep(500, { clock }).then(() => 'done'), {
      signal: controller.signal,
    });
    controller.abort(new Error('caller left'));
    await clock.advance(500);
    await expect(stubborn).resolves.toBe('done');
    expect(listener).not.toHaveBeenCalled();
    expect(clock.pendingTimers).toBe(0);
  });

  it('a throwing listener changes neither the outcome nor the other listeners', async () => {
    const clock = new VirtualClock();
    const policy = new TimeoutPolicy(100, { clock });
    // The policy's own emitter reports through process.emitWarning; spy on it.
    const warn = vi.spyOn(process, 'emitWarning').mockImplementation(() => undefined);
    try {
      const after = vi.fn();
      policy.events.on('timeout', () => {
        throw new Error('listener broke');
      });
      policy.events.on('timeout', after);
      const result = policy.execute(hang).catch((error: unknown) => error);
      await clock.advance(100);
      const error = await result;
      expect(error).toBeInstanceOf(TimeoutError);
      expect((error as TimeoutError).timeoutMs).toBe(100);
      expect(after).toHaveBeenCalledTimes(1);
      expect(warn).toHaveBeenCalledTimes(1);

      const cooperative = new TimeoutPolicy(100, { clock, strategy: 'cooperative' });
      cooperative.events.on('timeout', () => {
        throw new Error('listener broke');
      });
      const stopped = cooperative.execute(
        ({ signal }) =>
          new Promise((resolve) => signal.addEventListener('abort', () => resolve(7))),
      );
      await clock.advance(100);
      await expect(stopped).resolves.toBe(7);
    } finally {
      warn.mockRestore();
    }
    expect(clock.pendingTimers).toBe(0);
  });

  it('builds no payload when nobody listens', async () => {
    const clock = new VirtualClock();
    const policy = new TimeoutPolicy(100, { clock });
    const emit = vi.spyOn(policy.events, 'emit');
    const result = policy.execute(hang).catch((error: unknown) => error);
    await clock.advance(100);
    expect(await result).toBeInstanceOf(TimeoutError);
    expect(emit).not.toHaveBeenCalled();
  });

  it('emits even when a clock fires the timer at once, and the call never starts', async () => {
    const policy = new TimeoutPolicy(100, {
      clock: {
        now: () => 0,
        setTimer: (_ms, callback) => {
          callback();
          return () => undefined;
        },
      },
    });
    const listener = vi.fn();
    policy.events.on('timeout', listener);
    const fn = vi.fn();
    await expect(policy.execute(fn)).rejects.toBeInstanceOf(TimeoutError);
    expect(fn).not.toHaveBeenCalled();
    expect(listener).toHaveBeenCalledWith({ timeoutMs: 100, strategy: 'aggressive' });
  });
});
