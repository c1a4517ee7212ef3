import { describe, expect, it, vi } from 'vitest';
import type { Clock } from '../../src/clock/index.js';
import { RetryPolicy, constant, type Backoff, type RetryContext } from '../../src/retry/index.js';
import { VirtualClock } from '../../src/testing/index.js';
import { recordEvents, runToEnd } from './helpers.js';

/** Fails `failures` times with fresh errors, then returns 'ok'; keeps what it threw. */
function flaky(failures: number) {
  const thrown: Error[] = [];
  const contexts: RetryContext[] = [];
  const fn = vi.fn(async (context: RetryContext) => {
    contexts.push(context);
    if (thrown.length < failures) {
      const error = new Error(`failure ${thrown.length + 1}`);
      thrown.push(error);
      throw error;
    }
    return 'ok';
  });
  return { fn, thrown, contexts };
}

describe('RetryPolicy: outcomes', () => {
  it('returns a first-attempt success as is, with no timer and one success event', async () => {
    const clock = new VirtualClock();
    const policy = new RetryPolicy({ clock });
    const log = recordEvents(policy.events);
    const value = { id: 1 };
    const promise = policy.execute(async () => value);
    expect(clock.pendingTimers).toBe(0);
    await expect(promise).resolves.toBe(value);
    expect(log).toEqual([['success', { attempts: 1 }]]);
  });

  it('accepts a synchronous function and a non-native thenable', async () => {
    const policy = new RetryPolicy({ clock: new VirtualClock() });
    await expect(policy.execute(() => 42)).resolves.toBe(42);
    const thenable: PromiseLike<string> = { then: (resolve) => resolve?.('then') as never };
    await expect(policy.execute(() => thenable)).resolves.toBe('then');
  });

  it('retries until success, numbering attempts and waiting the backoff', async () => {
    const clock = new VirtualClock();
    const policy = new RetryPolicy({ clock, maxAttempts: 4, backoff: constant(100) });
    const log = recordEvents(policy.events);
    const { fn, thrown, contexts } = flaky(2);
    const outcome = await runToEnd(clock, policy.execute(fn));
    expect(outcome).toEqual({ value: 'ok' });
    expect(contexts.map((c) => c.attempt)).toEqual([1, 2, 3]);
    expect(clock.now()).toBe(200);
    expect(log).toEqual([
      ['retry', { attempt: 1, delayMs: 100, durationMs: 0, error: thrown[0] }],
      ['retry', { attempt: 2, delayMs: 100, durationMs: 0, error: thrown[1] }],
      ['success', { attempts: 3 }],
    ]);
  });

  it('rethrows the last error itself when attempts run out', async () => {
    const clock = new VirtualClock();
    const policy = new RetryPolicy({ clock, maxAttempts: 3, backoff: constant(10) });
    const log = recordEvents(policy.events);
    const { fn, thrown } = flaky(10);
    const outcome = await runToEnd(clock, policy.execute(fn));
    expect(fn).toHaveBeenCalledTimes(3);
    expect('error' in outcome && outcome.error).toBe(thrown[2]);
    expect(log.at(-1)).toEqual([
      'giveUp',
      { attempts: 3, reason: 'attempts', durationMs: 0, error: thrown[2] },
    ]);
    expect(clock.pendingTimers).toBe(0);
  });

  it('treats a synchronous throw as a failed attempt', async () => {
    const clock = new VirtualClock();
    const policy = new RetryPolicy({ clock, backoff: constant(1) });
    let calls = 0;
    const outcome = await runToEnd(
      clock,
      policy.execute(() => {
        if (++calls < 3) throw new Error('sync');
        return calls;
      }),
    );
    expect(outcome).toEqual({ value: 3 });
  });

  it('returns the last rejected result when retryOnResult keeps asking for more', async () => {
    const clock = new VirtualClock();
    const retryOnResult = vi.fn((r: unknown) => (r as { status: number }).status >= 500);
    const policy = new RetryPolicy({ clock, maxAttempts: 3, backoff: constant(5), retryOnResult });
    const log = recordEvents(policy.events);
    const results = [{ status: 503 }, { status: 502 }, { status: 500 }];
    let i = 0;
    const outcome = await runToEnd(
      clock,
      policy.execute(async () => results[i++]!),
    );
    expect('value' in outcome && outcome.value).toBe(results[2]);
    expect(log).toEqual([
      ['retry', { attempt: 1, delayMs: 5, durationMs: 0, result: results[0] }],
      ['retry', { attempt: 2, delayMs: 5, durationMs: 0, result: results[1] }],
      ['giveUp', { attempts: 3, reason: 'attempts', durationMs: 0, result: results[2] }],
    ]);
  });

  it('returns a result retryOnResult accepts, after retrying rejected ones', async () => {
    const clock = new VirtualClock();
    const policy = new RetryPolicy({
      clock,
      backoff: constant(5),
      retryOnResult: (r) => r === 'busy',
    });
    const answers = ['busy', 'done'];
    let i = 0;
    const outcome = await runToEnd(
      clock,
      policy.execute(() => answers[i++]),
    );
    expect(outcome).toEqual({ value: 'done' });
    expect(await policy.execute(() => 'first')).toBe('first');
  });

  it('stops at once on an error shouldRetry rejects, passing it the attempt number', async () => {
    const clock = new VirtualClock();
    const fatal = new Error('400');
    const shouldRetry = vi.fn((error: unknown, _attempt: number) => error !== fatal);
    const policy = new RetryPolicy({ clock, maxAttempts: 5, backoff: constant(1), shouldRetry });
    const log = recordEvents(policy.events);
    let calls = 0;
    const outcome = await runToEnd(
      clock,
      policy.execute(async () => {
        throw ++calls === 1 ? new Error('503') : fatal;
      }),
    );
    expect('error' in outcome && outcome.error).toBe(fatal);
    expect(shouldRetry.mock.calls.map(([, attempt]) => attempt)).toEqual([1, 2]);
    expect(log.at(-1)).toEqual([
      'giveUp',
      { attempts: 2, reason: 'notRetryable', durationMs: 0, error: fatal },
    ]);
  });

  it('never consults shouldRetry for a result retryOnResult rejects', async () => {
    const clock = new VirtualClock();
    // A shouldRetry that refuses everything: were it asked about results, no result would be retried.
    const shouldRetry = vi.fn(() => false);
    const policy = new RetryPolicy({
      clock,
      maxAttempts: 3,
      backoff: constant(5),
      shouldRetry,
      retryOnResult: (r) => r === 'busy',
    });
    const log = recordEvents(policy.events);
    const answers = ['busy', 'busy', 'done'];
    let i = 0;
    const outcome = await runToEnd(
      clock,
      policy.execute(() => answers[i++]),
    );
    expect(outcome).toEqual({ value: 'done' });
    expect(shouldRetry).not.toHaveBeenCalled();
    expect(log).toEqual([
      ['retry', { attempt: 1, delayMs: 5, durationMs: 0, result: 'busy' }],
      ['retry', { attempt: 2, delayMs: 5, durationMs: 0, result: 'busy' }],
      ['success', { attempts: 3 }],
    ]);
  });

  it('by default retries every error but an AbortError, TimeoutErrors included', async () => {
    const clock = new VirtualClock();
    const policy = new RetryPolicy({ clock, backoff: constant(1) });
    const timeout = new DOMException('slow', 'TimeoutError');
    const timeouts = await runToEnd(
      clock,
      policy.execute(async () => {
        throw timeout;
      }),
    );
    expect('error' in timeouts && timeouts.error).toBe(timeout);
    const abort = new DOMException('stopped', 'AbortError');
    const fn = vi.fn(async () => {
      throw abort;
    });
    await expect(policy.execute(fn)).rejects.toBe(abort);
    expect(fn).toHaveBeenCalledTimes(1);
    for (const odd of [undefined, null, 'text', 0]) {
      const thrower = vi.fn(() => {
        throw odd;
      });
      const outcome = await runToEnd(clock, policy.execute(thrower));
      expect(outcome).toEqual({ error: odd });
      expect(thrower).toHaveBeenCalledTimes(3);
    }
  });

  it('passes each backoff the retry number and its own previous delay', async () => {
    const clock = new VirtualClock();
    const random = () => 0.25;
    const backoff = vi.fn<Backoff>((retry) => retry * 10);
    const policy = new RetryPolicy({ clock, maxAttempts: 4, backoff, random });
    await runToEnd(clock, policy.execute(flaky(10).fn));
    expect(backoff.mock.calls).toEqual([
      [1, 0, random],
      [2, 10, random],
      [3, 20, random],
    ]);
    expect(clock.now()).toBe(60);
  });

  it.each([Number.NaN, -1, Infinity, '5' as unknown as number])(
    'rejects with a RangeError naming backoff when it returns %s',
    async (bad) => {
      const clock = new VirtualClock();
      const policy = new RetryPolicy({ clock, backoff: () => bad });
      const outcome = await runToEnd(clock, policy.execute(flaky(1).fn));
      expect('error' in outcome && outcome.error).toBeInstanceOf(RangeError);
      expect('error' in outcome && String(outcome.error)).toMatch(
        /backoff must return a finite number >= 0, got .* for retry 1/,
      );
      expect(clock.pendingTimers).toBe(0);
    },
  );

  it('lets a throwing predicate reject the call with its own error', async () => {
    const clock = new VirtualClock();
    const bug = new Error('bug in shouldRetry');
    const policy = new RetryPolicy({
      clock,
      shouldRetry: () => {
        throw bug;
      },
    });
    await expect(policy.execute(flaky(1).fn)).rejects.toBe(bug);
    const resultBug = new Error('bug in retryOnResult');
    const byResult = new RetryPolicy({
      clock,
      retryOnResult: () => {
        throw resultBug;
      },
    });
    await expect(byResult.execute(() => 1)).rejects.toBe(resultBug);
  });

  it('sets timers that keep the process alive, and clears them all', async () => {
    const virtual = new VirtualClock();
    const seen: (boolean | undefined)[] = [];
    const clock: Clock = {
      now: () => virtual.now(),
      setTimer: (ms, cb, options) => {
        seen.push(options?.unref);
        return virtual.setTimer(ms, cb);
      },
    };
    const policy = new RetryPolicy({ clock, maxAttempts: 3, backoff: constant(10) });
    await runToEnd(virtual, policy.execute(flaky(5).fn));
    expect(seen).toHaveLength(2);
    expect(seen.every((unref) => unref !== true)).toBe(true);
    expect(virtual.pendingTimers).toBe(0);
  });

  it('waits a zero delay on a timer too, so a failing loop yields to the event loop', async () => {
    const clock = new VirtualClock();
    const policy = new RetryPolicy({ clock, maxAttempts: 3, backoff: constant(0) });
    const { fn } = flaky(1);
    const promise = policy.execute(fn);
    await Promise.resolve();
    await Promise.resolve();
    expect(clock.pendingTimers).toBe(1);
    await runToEnd(clock, promise);
    expect(fn).toHaveBeenCalledTimes(2);
  });
});

describe('RetryPolicy: listeners', () => {
  it('shows a success listener the calls that start after it is added', async () => {
    const policy = new RetryPolicy({ clock: new VirtualClock() });
    let release = (): void => undefined;
    const inFlight = policy.execute(
      () => new Promise<string>((resolve) => (release = () => resolve('a'))),
    );
    const seen: number[] = [];
    policy.events.on('success', ({ attempts }) => seen.push(attempts));
    release();
    await inFlight;
    await policy.execute(() => 'b');
    expect(seen).toEqual([1]);
  });

  it('keeps outcomes and timing unchanged when every listener throws', async () => {
    const warn = vi.spyOn(process, 'emitWarning').mockImplementation(() => undefined);
    try {
      const clock = new VirtualClock();
      const policy = new RetryPolicy({ clock, maxAttempts: 3, backoff: constant(10) });
      for (const name of ['retry', 'giveUp', 'success'] as const) {
        policy.events.on(name, () => {
          throw new Error(`listener of ${name}`);
        });
      }
      const success = flaky(1);
      expect(await runToEnd(clock, policy.execute(success.fn))).toEqual({ value: 'ok' });
      expect(await policy.execute(() => 'first')).toBe('first');
      const failure = flaky(10);
      const outcome = await runToEnd(clock, policy.execute(failure.fn));
      expect('error' in outcome && outcome.error).toBe(failure.thrown[2]);
      expect(clock.now()).toBe(30);
      expect(warn).toHaveBeenCalled();
    } finally {
      warn.mockRestore();
    }
  });
});

describe('RetryPolicy: context signal', () => {
  it('hands every attempt the same never-aborting signal when the caller gave none', async () => {
    const clock = new VirtualClock();
    const policy = new RetryPolicy({ clock, backoff: constant(1) });
    const { fn, contexts } = flaky(2);
    await runToEnd(clock, policy.execute(fn));
    const signals = new Set(contexts.map((c) => c.signal));
    expect(signals.size).toBe(1);
    expect(contexts[0]!.signal.aborted).toBe(false);
  });

  it('does not warn of a listener leak when many attempts listen to the shared signal', async () => {
    const warn = vi.spyOn(process, 'emitWarning').mockImplementation(() => undefined);
    try {
      const policy = new RetryPolicy();
      const removers: (() => void)[] = [];
      await Promise.all(
        Array.from({ length: 30 }, () =>
          policy.execute(({ signal }) => {
            const onAbort = (): void => undefined;
            signal.addEventListener('abort', onAbort);
            removers.push(() => signal.removeEventListener('abort', onAbort));
          }),
        ),
      );
      for (const remove of removers) remove();
      expect(warn).not.toHaveBeenCalled();
    } finally {
      warn.mockRestore();
    }
  });

  it("passes the caller's signal to every attempt", async () => {
    const clock = new VirtualClock();
    const controller = new AbortController();
    const policy = new RetryPolicy({ clock, backoff: constant(1) });
    const { fn, contexts } = flaky(2);
    await runToEnd(clock, policy.execute(fn, { signal: controller.signal }));
    expect(contexts.every((c) => c.signal === controller.signal)).toBe(true);
  });
});
