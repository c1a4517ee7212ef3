import { getEventListeners } from 'node:events';
import { describe, expect, it, vi } from 'vitest';
import { CircuitBreaker } from '../../src/breaker/index.js';
import { neverAborted } from '../../src/internal/never-aborted.js';
import { isTimeoutError, TimeoutError, TimeoutPolicy, wrap } from '../../src/policy/index.js';
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

describe('TimeoutPolicy built from the timeout alone', () => {
  it('times calls out aggressively on the system clock', async () => {
    vi.useFakeTimers();
    try {
      const policy = new TimeoutPolicy(100);
      expect(policy.timeoutMs).toBe(100);
      let aborted: unknown;
      const result = policy
        .execute(({ signal }) => {
          signal.addEventListener('abort', () => (aborted = signal.reason as unknown));
          // Ignores its signal: only an aggressive timeout ends the call.
          return new Promise<never>(() => undefined);
        })
        .catch((error: unknown) => error);
      await vi.advanceTimersByTimeAsync(99);
      expect(aborted).toBeUndefined();
      await vi.advanceTimersByTimeAsync(1);
      const error = await result;
      expect(isTimeoutError(error)).toBe(true);
      expect(aborted).toBe(error);
      expect(vi.getTimerCount()).toBe(0);
    } finally {
      vi.useRealTimers();
    }
  });
});

describe('TimeoutError and isTimeoutError', () => {
  it('names the error TimeoutError and gives the timeout in its message', () => {
    const error = new TimeoutError(250);
    expect(error).toBeInstanceOf(Error);
    expect(error.name).toBe('TimeoutError');
    expect(error.message).toBe('call timed out after 250 ms');
    expect(String(error)).toBe('TimeoutError: call timed out after 250 ms');
    expect(error.timeoutMs).toBe(250);
    expect(isTimeoutError(error)).toBe(true);
  });

  it('answers false, never throwing, for primitives and look-alikes', () => {
    for (const value of ['x', 'TimeoutError', 42, 10n, true, undefined, Symbol('timeout')]) {
      expect(isTimeoutError(value)).toBe(false);
    }
    expect(isTimeoutError({ name: 'TimeoutError', timeoutMs: 100 })).toBe(false);
  });
});

/** How `promise` stands once pending callbacks have run (without waiting on any clock). */
async function stateOf(promise: Promise<unknown>): Promise<'resolved' | 'rejected' | 'pending'> {
  const pending = new Promise<'pending'>((resolve) => setImmediate(() => resolve('pending')));
  return Promise.race([
    promise.then(
      () => 'resolved' as const,
      () => 'rejected' as const,
    ),
    pending,
  ]);
}

describe("TimeoutPolicy and the caller's signal", () => {
  it("leaves no listener on the caller's signal however the call ends", async () => {
    const clock = new VirtualClock();
    const controller = new AbortController();
    const { signal } = controller;
    const listeners = (): number => getEventListeners(signal, 'abort').length;
    const aggressive = new TimeoutPolicy(100, { clock });
    const cooperative = new TimeoutPolicy(100, { clock, strategy: 'cooperative' });

    // Resolves, rejects, throws: one long-lived signal across many calls.
    await expect(aggressive.execute(() => 'ok', { signal })).resolves.toBe('ok');
    expect(listeners()).toBe(0);
    const boom = new Error('boom');
    await expect(aggressive.execute(() => Promise.reject(boom), { signal })).rejects.toBe(boom);
    expect(listeners()).toBe(0);
    await expect(
      cooperative.execute(
        () => {
          throw boom;
        },
        { signal },
      ),
    ).rejects.toBe(boom);
    expect(listeners()).toBe(0);

    // Timed out, aggressively and cooperatively.
    const hung = aggressive
      .execute(() => new Promise<never>(() => undefined), { signal })
      .catch((error: unknown) => error);
    const stopped = cooperative.execute(
      ({ signal: inner }) =>
        new Promise<string>((resolve) => inner.addEventListener('abort', () => resolve('stopped'))),
      { signal },
    );
    expect(listeners()).toBe(2);
    await clock.advance(100);
    expect(await hung).toBeInstanceOf(TimeoutError);
    await expect(stopped).resolves.toBe('stopped');
    expect(listeners()).toBe(0);
    expect(clock.pendingTimers).toBe(0);
  });

  it("settles at once when the caller aborts, handing a cooperative call the caller's reason", async () => {
    const clock = new VirtualClock();
    const controller = new AbortController();
    const reason = new Error('caller left');
    const hung = new TimeoutPolicy(100, { clock }).execute(
      () => new Promise<never>(() => undefined),
      {
        signal: controller.signal,
      },
    );
    let seen: unknown;
    const cooperative = new TimeoutPolicy(100, { clock, strategy: 'cooperative' }).execute(
      ({ signal }) =>
        new Promise<string>((resolve) =>
          signal.addEventListener('abort', () => {
            seen = signal.reason as unknown;
            resolve('stopped');
          }),
        ),
      { signal: controller.signal },
    );
    controller.abort(reason);
    expect(await stateOf(hung)).toBe('rejected');
    await expect(hung).rejects.toBe(reason);
    expect(await stateOf(cooperative)).toBe('resolved');
    expect(seen).toBe(reason);
    expect(getEventListeners(controller.signal, 'abort')).toHaveLength(0);
    expect(clock.pendingTimers).toBe(0);
  });
});
