import { describe, expect, it, vi } from 'vitest';
import { sleep } from '../../src/clock/index.js';
import { RetryPolicy, constant } from '../../src/retry/index.js';
import { VirtualClock } from '../../src/testing/index.js';
import { recordEvents, runToEnd } from './helpers.js';

const failing = () =>
  vi.fn(async (): Promise<string> => {
    throw new Error('down');
  });

describe('RetryPolicy: the caller signal', () => {
  it('rejects at once with the reason of an already aborted signal, making no attempt', async () => {
    const clock = new VirtualClock();
    const policy = new RetryPolicy({ clock });
    const log = recordEvents(policy.events);
    const reason = new Error('cancelled');
    const fn = failing();
    await expect(policy.execute(fn, { signal: AbortSignal.abort(reason) })).rejects.toBe(reason);
    expect(fn).not.toHaveBeenCalled();
    expect(log).toEqual([['giveUp', { attempts: 0, reason: 'aborted', durationMs: Number.NaN }]]);
  });

  it('rejects at once with the reason when aborted during a delay, cancelling the timer', async () => {
    const clock = new VirtualClock();
    const policy = new RetryPolicy({ clock, backoff: constant(10_000) });
    const log = recordEvents(policy.events);
    const controller = new AbortController();
    const error = new Error('down');
    const fn = vi.fn(async () => {
      throw error;
    });
    const promise = policy.execute(fn, { signal: controller.signal });
    const settled = promise.then(
      () => 'resolved',
      (error: unknown) => error,
    );
    await clock.advance(1_000);
    expect(clock.pendingTimers).toBe(1);
    const reason = new Error('user left');
    controller.abort(reason);
    expect(await settled).toBe(reason);
    expect(clock.pendingTimers).toBe(0);
    expect(clock.now()).toBe(1_000);
    expect(fn).toHaveBeenCalledTimes(1);
    expect(log.at(-1)).toEqual([
      'giveUp',
      { attempts: 1, reason: 'aborted', durationMs: 0, error },
    ]);
  });

  it('ends with the error of an attempt that failed after the abort, reason aborted', async () => {
    const clock = new VirtualClock();
    const policy = new RetryPolicy({ clock, backoff: constant(1) });
    const log = recordEvents(policy.events);
    const controller = new AbortController();
    const own = new Error('the attempt noticed the abort its own way');
    const fn = vi.fn(async ({ signal }: { signal: AbortSignal }) => {
      controller.abort(new Error('reason'));
      expect(signal.aborted).toBe(true);
      throw own;
    });
    await expect(policy.execute(fn, { signal: controller.signal })).rejects.toBe(own);
    expect(fn).toHaveBeenCalledTimes(1);
    expect(log).toEqual([
      ['giveUp', { attempts: 1, reason: 'aborted', durationMs: 0, error: own }],
    ]);
  });

  it('returns a result retryOnResult rejects when the signal aborted meanwhile', async () => {
    const clock = new VirtualClock();
    const policy = new RetryPolicy({ clock, retryOnResult: () => true });
    const controller = new AbortController();
    const result = { status: 503 };
    const value = await policy.execute(
      async () => {
        controller.abort();
        return result;
      },
      { signal: controller.signal },
    );
    expect(value).toBe(result);
  });

  it('keeps the result of an attempt that succeeds although the signal aborted', async () => {
    const controller = new AbortController();
    const policy = new RetryPolicy({ clock: new VirtualClock() });
    const value = await policy.execute(
      () => {
        controller.abort();
        return 'done anyway';
      },
      { signal: controller.signal },
    );
    expect(value).toBe('done anyway');
  });

  it('leaves no listener on the caller signal once the call settles', async () => {
    const clock = new VirtualClock();
    const controller = new AbortController();
    const add = vi.spyOn(controller.signal, 'addEventListener');
    const remove = vi.spyOn(controller.signal, 'removeEventListener');
    const policy = new RetryPolicy({ clock, backoff: constant(5), maxAttempts: 3 });
    await runToEnd(clock, policy.execute(failing(), { signal: controller.signal }));
    expect(add).toHaveBeenCalledTimes(2);
    expect(remove).toHaveBeenCalledTimes(2);
  });
});

describe('RetryPolicy: maxElapsedMs', () => {
  it('starts a retry whose delay ends exactly at the deadline, not one that ends past it', async () => {
    const clock = new VirtualClock();
    const policy = new RetryPolicy({
      clock,
      maxAttempts: 10,
      backoff: constant(100),
      maxElapsedMs: 250,
    });
    const log = recordEvents(policy.events);
    const fn = vi.fn(async () => {
      await sleep(25, { clock });
      throw new Error('down');
    });
    await runToEnd(clock, policy.execute(fn));
    // 0-25 attempt, 125-150 attempt, then 150 + 100 = 250 ends at the deadline: allowed;
    // 250-275 attempt, then 275 + 100 > 250: deadline.
    expect(fn).toHaveBeenCalledTimes(3);
    expect(clock.now()).toBe(275);
    expect(log.at(-1)).toMatchObject([
      'giveUp',
      { attempts: 3, reason: 'deadline', durationMs: 25 },
    ]);
  });

  it('counts from the start of the call, on the policy clock', async () => {
    const clock = new VirtualClock(5_000);
    const policy = new RetryPolicy({ clock, backoff: constant(60), maxElapsedMs: 100 });
    const fn = failing();
    await runToEnd(clock, policy.execute(fn));
    expect(fn).toHaveBeenCalledTimes(2);
    expect(clock.now()).toBe(5_060);
  });

  it('allows only zero-delay retries with maxElapsedMs 0', async () => {
    const clock = new VirtualClock();
    const zero = new RetryPolicy({ clock, backoff: constant(0), maxElapsedMs: 0 });
    const fn = failing();
    await runToEnd(clock, zero.execute(fn));
    expect(fn).toHaveBeenCalledTimes(3);
    const some = new RetryPolicy({ clock, backoff: constant(1), maxElapsedMs: 0 });
    const other = failing();
    await runToEnd(clock, some.execute(other));
    expect(other).toHaveBeenCalledTimes(1);
  });
});

describe('RetryPolicy: retryAfter hints', () => {
  it('waits a hint longer than the backoff delay, and the delay when the hint is shorter', async () => {
    const clock = new VirtualClock();
    const hints = [500, 10, undefined];
    let i = 0;
    const retryAfter = vi.fn((_failure: unknown) => hints[i++]);
    const policy = new RetryPolicy({ clock, maxAttempts: 4, backoff: constant(100), retryAfter });
    const log = recordEvents(policy.events);
    const error = new Error('429');
    await runToEnd(
      clock,
      policy.execute(async () => {
        throw error;
      }),
    );
    expect(retryAfter.mock.calls.map(([e]) => e)).toEqual([error, error, error, error]);
    expect(
      log.filter(([n]) => n === 'retry').map(([, p]) => (p as { delayMs: number }).delayMs),
    ).toEqual([500, 100, 100]);
    expect(clock.now()).toBe(700);
  });

  it('gives up with reason deadline rather than wait a hint past maxElapsedMs', async () => {
    const clock = new VirtualClock();
    const policy = new RetryPolicy({
      clock,
      backoff: constant(10),
      maxElapsedMs: 5_000,
      retryAfter: () => 60_000,
    });
    const log = recordEvents(policy.events);
    const fn = failing();
    await runToEnd(clock, policy.execute(fn));
    expect(fn).toHaveBeenCalledTimes(1);
    expect(clock.now()).toBe(0);
    expect(log).toMatchObject([['giveUp', { attempts: 1, reason: 'deadline' }]]);
  });

  it('gives up with reason deadline, setting no timer, on a hint above maxRetryAfterMs (60 s by default)', async () => {
    const clock = new VirtualClock();
    const error = new Error('429');
    const policy = new RetryPolicy({
      clock,
      backoff: constant(10),
      retryAfter: () => 999_999_999_000,
    });
    const log = recordEvents(policy.events);
    const fn = vi.fn(async () => {
      throw error;
    });
    const settled = policy.execute(fn).catch((e: unknown) => e);
    await Promise.resolve();
    await Promise.resolve();
    expect(clock.pendingTimers).toBe(0);
    expect(await settled).toBe(error);
    expect(fn).toHaveBeenCalledTimes(1);
    expect(clock.now()).toBe(0);
    expect(log).toEqual([['giveUp', { attempts: 1, reason: 'deadline', durationMs: 0, error }]]);
  });

  it('waits a hint up to maxRetryAfterMs, and gives up (deadline) on one just above it', async () => {
    const clock = new VirtualClock();
    const hints = [60_000, 60_001];
    let i = 0;
    const policy = new RetryPolicy({ clock, maxAttempts: 5, retryAfter: () => hints[i++] });
    const log = recordEvents(policy.events);
    await runToEnd(clock, policy.execute(failing()));
    expect(clock.now()).toBe(60_000);
    expect(log.map(([name, p]) => [name, (p as { reason?: string }).reason])).toEqual([
      ['retry', undefined],
      ['giveUp', 'deadline'],
    ]);
  });

  it('takes maxRetryAfterMs from the options, Infinity to wait any hint', async () => {
    const clock = new VirtualClock();
    const short = new RetryPolicy({ clock, maxRetryAfterMs: 1_000, retryAfter: () => 1_001 });
    const log = recordEvents(short.events);
    await runToEnd(clock, short.execute(failing()));
    expect(log).toMatchObject([['giveUp', { reason: 'deadline' }]]);
    const patient = new RetryPolicy({
      clock,
      maxAttempts: 2,
      maxRetryAfterMs: Infinity,
      retryAfter: () => 1e12,
    });
    await runToEnd(clock, patient.execute(failing()));
    expect(clock.now()).toBe(1e12);
  });

  it("stops with reason notRetryable on 'stop', for errors and results", async () => {
    const clock = new VirtualClock();
    const policy = new RetryPolicy({
      clock,
      retryAfter: () => 'stop',
      retryOnResult: (r) => r === 'busy',
    });
    const log = recordEvents(policy.events);
    const fn = failing();
    await runToEnd(clock, policy.execute(fn));
    expect(fn).toHaveBeenCalledTimes(1);
    expect(await policy.execute(() => 'busy')).toBe('busy');
    expect(log.map(([, p]) => (p as { reason: string }).reason)).toEqual([
      'notRetryable',
      'notRetryable',
    ]);
  });

  it.each([-1, Number.NaN, Infinity])(
    'rejects with a RangeError naming retryAfter for %s',
    async (hint) => {
      const clock = new VirtualClock();
      const policy = new RetryPolicy({ clock, retryAfter: () => hint });
      const outcome = await runToEnd(clock, policy.execute(failing()));
      expect('error' in outcome && String(outcome.error)).toMatch(
        /RangeError: retryAfter must return a finite number >= 0/,
      );
    },
  );
});
