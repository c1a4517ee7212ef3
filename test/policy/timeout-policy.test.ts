import { getEventListeners } from 'node:events';
import { describe, expect, it } from 'vitest';
import { CircuitBreaker } from '../../src/breaker/index.js';
import { neverAborted } from '../../src/internal/never-aborted.js';
import type { TimeoutError } from '../../src/policy/index.js';
import { isTimeoutError, TimeoutPolicy, wrap } from '../../src/policy/index.js';
import { sleep } from '../../src/clock/index.js';
import { VirtualClock } from '../../src/testing/index.js';

describe('TimeoutPolicy', () => {
  it('returns the result of a call that beats the timeout and clears its timer', async () => {
    const clock = new VirtualClock();
    const policy = new TimeoutPolicy(100, { clock });
    const result = policy.execute(async ({ signal }) => {
      await sleep(50, { clock, signal });
      return 'done';
    });
    await clock.advance(50);
    await expect(result).resolves.toBe('done');
    expect(clock.pendingTimers).toBe(0);
  });

  it('aggressive: rejects at the timeout even if the call ignores its signal', async () => {
    const clock = new VirtualClock();
    const policy = new TimeoutPolicy(100, { clock });
    let aborted: unknown;
    const result = policy
      .execute(({ signal }) => {
        signal.addEventListener('abort', () => {
          aborted = signal.reason as unknown;
        });
        return new Promise<never>(() => undefined);
      })
      .catch((error: unknown) => error);
    await clock.advance(100);
    const error = await result;
    expect(isTimeoutError(error)).toBe(true);
    expect((error as TimeoutError).timeoutMs).toBe(100);
    expect(aborted).toBe(error);
    expect(clock.pendingTimers).toBe(0);
  });

  it('cooperative: aborts the signal and waits for the call to settle', async () => {
    const clock = new VirtualClock();
    const policy = new TimeoutPolicy(100, { clock, strategy: 'cooperative' });
    const result = policy.execute(async ({ signal }) => {
      await sleep(1_000, { clock, signal }).catch(() => undefined);
      return signal.aborted ? 'stopped early' : 'ran to the end';
    });
    await clock.advance(100);
    await expect(result).resolves.toBe('stopped early');
  });

  it('passes the caller abort through with its reason', async () => {
    const clock = new VirtualClock();
    const policy = new TimeoutPolicy(100, { clock });
    const controller = new AbortController();
    const result = policy.execute(() => new Promise<never>(() => undefined), {
      signal: controller.signal,
    });
    const reason = new Error('caller left');
    controller.abort(reason);
    await expect(result).rejects.toBe(reason);
    expect(clock.pendingTimers).toBe(0);
    await expect(policy.execute(() => 1, { signal: controller.signal })).rejects.toBe(reason);
  });

  it('passes errors through unchanged, sync throws included', async () => {
    const clock = new VirtualClock();
    const policy = new TimeoutPolicy(100, { clock });
    const boom = new Error('boom');
    await expect(
      policy.execute(() => {
        throw boom;
      }),
    ).rejects.toBe(boom);
    await expect(policy.execute(() => Promise.reject(boom))).rejects.toBe(boom);
    expect(clock.pendingTimers).toBe(0);
  });

  it('rejects bad options', () => {
    expect(() => new TimeoutPolicy(0)).toThrow(/timeoutMs must be a finite number > 0, got 0/);
    expect(() => new TimeoutPolicy(10, { strategy: 'lazy' as never })).toThrow(TypeError);
    expect(() => new TimeoutPolicy(10, { clock: {} as never })).toThrow(/clock must be a Clock/);
  });
});

describe('TimeoutPolicy across copies and shared signals', () => {
  it('recognises a TimeoutError from another copy of ballast by its registered brand', () => {
    const foreign = Object.create({ [Symbol.for('ballast.TimeoutError')]: true }) as object;
    expect(isTimeoutError(foreign)).toBe(true);
    expect(isTimeoutError(new Error('timeout'))).toBe(false);
    expect(isTimeoutError(null)).toBe(false);
  });

  it('adds no listener to the never-aborting signal that wrap() hands on', async () => {
    const clock = new VirtualClock();
    const timeout = new TimeoutPolicy(1_000, { clock });
    const inner = wrap(new CircuitBreaker({ clock }), timeout);
    const calls = Array.from({ length: 20 }, () => inner.execute(() => sleep(10, { clock })));
    expect(getEventListeners(neverAborted, 'abort')).toHaveLength(0);
    await clock.advance(10);
    await Promise.all(calls);
    expect(clock.pendingTimers).toBe(0);
  });
});
