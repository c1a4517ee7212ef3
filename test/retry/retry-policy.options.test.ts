import { describe, expect, expectTypeOf, it, vi } from 'vitest';
import {
  RetryBudget,
  RetryPolicy,
  retry,
  type RetryContext,
  type RetryOptions,
} from '../../src/retry/index.js';
import { VirtualClock } from '../../src/testing/index.js';
import { recordEvents, runToEnd } from './helpers.js';

describe('RetryPolicy options', () => {
  it.each<[string, RetryOptions, RegExp]>([
    ['maxAttempts 0', { maxAttempts: 0 }, /maxAttempts must be an integer >= 1 or Infinity, got 0/],
    ['maxAttempts 1.5', { maxAttempts: 1.5 }, /maxAttempts .* got 1.5/],
    ['maxAttempts NaN', { maxAttempts: Number.NaN }, /maxAttempts .* got NaN/],
    ['maxAttempts -Infinity', { maxAttempts: -Infinity }, /maxAttempts/],
    ['maxAttempts "3"', { maxAttempts: '3' as unknown as number }, /maxAttempts/],
    ['maxElapsedMs -1', { maxElapsedMs: -1 }, /maxElapsedMs must be a number >= 0, got -1/],
    ['maxElapsedMs NaN', { maxElapsedMs: Number.NaN }, /maxElapsedMs .* got NaN/],
    [
      'maxRetryAfterMs -1',
      { maxRetryAfterMs: -1 },
      /maxRetryAfterMs must be a number >= 0, got -1/,
    ],
    ['maxRetryAfterMs NaN', { maxRetryAfterMs: Number.NaN }, /maxRetryAfterMs .* got NaN/],
    ['maxRetryAfterMs "5"', { maxRetryAfterMs: '5' as never }, /maxRetryAfterMs .* got "5"/],
    ['maxAttempts 10n', { maxAttempts: 10n as never }, /maxAttempts .* got 10n$/],
    ['maxElapsedMs a Symbol', { maxElapsedMs: Symbol('s') as never }, /got Symbol\(s\)$/],
    [
      'maxAttempts a null-prototype object',
      { maxAttempts: Object.create(null) as never },
      /maxAttempts .* got \{\}$/,
    ],
    ['maxAttempts null', { maxAttempts: null as never }, /maxAttempts must not be null/],
    ['budget null', { budget: null as never }, /budget must not be null/],
    ['budget a string', { budget: 'b' as never }, /budget must have .* got "b"/],
    ['backoff', { backoff: 100 as never }, /backoff must be a function, got 100/],
    ['shouldRetry', { shouldRetry: true as never }, /shouldRetry must be a function/],
    ['retryOnResult', { retryOnResult: {} as never }, /retryOnResult must be a function/],
    ['retryAfter', { retryAfter: 5 as never }, /retryAfter must be a function/],
    ['random', { random: 0.5 as never }, /random must be a function/],
    ['clock', { clock: {} as never }, /clock must be a Clock/],
    [
      'budget {}',
      { budget: {} as never },
      /budget must have recordRequest\(\), .* got an object without them/,
    ],
    ['budget 1', { budget: 1 as never }, /budget must have .* got 1/],
    [
      'retries',
      { retries: 2 } as RetryOptions,
      /unknown option "retries" \(maxAttempts counts the first attempt/,
    ],
    [
      'a typo',
      { maxAttempt: 2 } as RetryOptions,
      /unknown option "maxAttempt" \(did you mean "maxAttempts"\?\)$/,
    ],
    [
      'a typo of maxRetryAfterMs',
      { maxRetryAfter: 2 } as RetryOptions,
      /unknown option "maxRetryAfter" \(did you mean "maxRetryAfterMs"\?\)$/,
    ],
  ])('rejects %s at construction, naming it', (_name, options, message) => {
    expect(() => new RetryPolicy(options)).toThrow(message);
  });

  it.each(['recordRequest', 'tryAcquireRetry', 'recordSuccess'])(
    'rejects a budget without %s() at construction',
    (missing) => {
      const complete: Record<string, unknown> = {
        recordRequest: () => undefined,
        tryAcquireRetry: () => 1,
        recordSuccess: () => undefined,
      };
      expect(() => new RetryPolicy({ budget: complete as never })).not.toThrow();
      for (const replacement of [undefined, 'yes', 1]) {
        const budget = { ...complete, [missing]: replacement };
        expect(() => new RetryPolicy({ budget: budget as never })).toThrow(
          /^budget must have recordRequest\(\), tryAcquireRetry\(\) and recordSuccess\(\), got an object without them$/,
        );
      }
    },
  );

  it('rejects a non-object', () => {
    expect(() => new RetryPolicy(null as never)).toThrow(/options must be an object, got null/);
  });

  it('accepts the limits at their edges and exposes maxAttempts', () => {
    expect(new RetryPolicy().maxAttempts).toBe(3);
    expect(new RetryPolicy({ maxAttempts: 1 }).maxAttempts).toBe(1);
    expect(new RetryPolicy({ maxAttempts: Infinity, maxElapsedMs: 0 }).maxAttempts).toBe(Infinity);
    expect(
      () => new RetryPolicy({ maxElapsedMs: Infinity, budget: new RetryBudget() }),
    ).not.toThrow();
  });

  it('rejects (never throws) a signal that is not an AbortSignal, before any attempt or timer', async () => {
    const clock = new VirtualClock();
    const policy = new RetryPolicy({ clock });
    const log = recordEvents(policy.events);
    const controller = new AbortController();
    const fn = vi.fn(() => 'ok');
    let promise: Promise<unknown> | undefined;
    expect(() => {
      promise = policy.execute(fn, { signal: controller as never });
    }).not.toThrow();
    await expect(promise).rejects.toThrow(
      /^signal must be an AbortSignal, got an AbortController \(pass controller.signal, not the controller\)$/,
    );
    await expect(policy.execute(fn, { signal: 'x' as never })).rejects.toThrow(TypeError);
    expect(fn).not.toHaveBeenCalled();
    expect(clock.pendingTimers).toBe(0);
    expect(log).toEqual([]);
  });

  it('rejects execute options that are null or have an unknown key, naming the closest one', async () => {
    const policy = new RetryPolicy({ clock: new VirtualClock() });
    const fn = vi.fn(() => 'ok');
    await expect(policy.execute(fn, null as never)).rejects.toThrow(
      /options must be an object, got null/,
    );
    await expect(policy.execute(fn, { signl: undefined } as never)).rejects.toThrow(
      /unknown option "signl" \(did you mean "signal"\?\)/,
    );
    await expect(policy.execute(fn, { signal: null } as never)).rejects.toThrow(
      /signal must not be null/,
    );
    expect(fn).not.toHaveBeenCalled();
  });

  it('rejects a fn that is not a function, as a rejected promise', async () => {
    await expect(new RetryPolicy().execute(undefined as never)).rejects.toThrow(
      /fn must be a function, got undefined/,
    );
  });

  it('types execute and retry by what fn returns', () => {
    const policy = new RetryPolicy();
    expectTypeOf(policy.execute(async () => 1)).toEqualTypeOf<Promise<number>>();
    expectTypeOf(policy.execute(() => 'sync')).toEqualTypeOf<Promise<string>>();
    expectTypeOf(policy.execute((_: RetryContext) => ({ a: 1 }) as const)).toEqualTypeOf<
      Promise<{ readonly a: 1 }>
    >();
    expectTypeOf(retry(async () => true)).toEqualTypeOf<Promise<boolean>>();
    expectTypeOf<Parameters<typeof policy.execute>[0]>().parameter(0).toEqualTypeOf<RetryContext>();
  });
});

describe('RetryPolicy when an option throws', () => {
  it.each<[string, (bug: Error) => RetryOptions]>([
    [
      'shouldRetry',
      (bug) => ({
        shouldRetry: () => {
          throw bug;
        },
      }),
    ],
    [
      'retryAfter',
      (bug) => ({
        retryAfter: () => {
          throw bug;
        },
      }),
    ],
    [
      'backoff',
      (bug) => ({
        backoff: () => {
          throw bug;
        },
      }),
    ],
  ])('%s: rejects with its exception after one giveUp', async (_name, options) => {
    const clock = new VirtualClock();
    const bug = new Error('bug in an option');
    const policy = new RetryPolicy({ ...options(bug), clock });
    const events: string[] = [];
    policy.events.on('giveUp', ({ reason, error }) => {
      events.push(reason);
      expect(error).toBe(bug);
    });
    policy.events.on('success', () => events.push('success'));
    await expect(policy.execute(() => Promise.reject(new Error('attempt failed')))).rejects.toBe(
      bug,
    );
    expect(events).toEqual(['notRetryable']);
    expect(clock.pendingTimers).toBe(0);
  });
});

describe('retry', () => {
  it('runs fn under a one-off policy with the given options and signal', async () => {
    const clock = new VirtualClock();
    let calls = 0;
    const controller = new AbortController();
    const seen: AbortSignal[] = [];
    const outcome = await runToEnd(
      clock,
      retry(
        async ({ signal }) => {
          seen.push(signal);
          if (++calls < 4) throw new Error('again');
          return calls;
        },
        { clock, maxAttempts: 4, signal: controller.signal },
      ),
    );
    expect(outcome).toEqual({ value: 4 });
    expect(seen.every((s) => s === controller.signal)).toBe(true);
  });

  it('works with no options', async () => {
    await expect(retry(() => 'x')).resolves.toBe('x');
  });

  it('rejects, rather than throws, for bad options', async () => {
    const promise = retry(() => 1, { maxAttempts: 0 });
    await expect(promise).rejects.toThrow(RangeError);
  });

  it('rejects (never throws) null options and a signal that is not an AbortSignal', async () => {
    const fn = vi.fn(() => 1);
    await expect(retry(fn, null as never)).rejects.toThrow(/options must be an object, got null/);
    const controller = new AbortController();
    await expect(retry(fn, { signal: controller as never })).rejects.toThrow(
      /signal must be an AbortSignal, .*pass controller.signal/,
    );
    await expect(retry(fn, { signl: 1 } as never)).rejects.toThrow(
      /unknown option "signl" \(did you mean "signal"\?\)/,
    );
    expect(fn).not.toHaveBeenCalled();
  });

  it('rejects at once when the signal has already aborted', async () => {
    const reason = new Error('no');
    await expect(retry(() => 1, { signal: AbortSignal.abort(reason) })).rejects.toBe(reason);
  });
  it('shows a budget that is not an object as it is', () => {
    expect(() => new RetryPolicy({ budget: 5 as never })).toThrow(
      new TypeError(
        'budget must have recordRequest(), tryAcquireRetry() and recordSuccess(), got 5',
      ),
    );
  });
});
