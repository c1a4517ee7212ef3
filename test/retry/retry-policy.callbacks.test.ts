import fc from 'fast-check';
import { afterEach, describe, expect, it, vi } from 'vitest';
import {
  RetryPolicy,
  constant,
  retry,
  type RetryBudgetLike,
  type RetryOptions,
} from '../../src/retry/index.js';
import { VirtualClock } from '../../src/testing/index.js';
import { recordEvents, runToEnd } from './helpers.js';

afterEach(() => {
  vi.restoreAllMocks();
});

const bug = () => new Error('a bug in an option');

/** A budget that allows everything, with one method replaced. */
function budgetWith(overrides: Partial<RetryBudgetLike>): RetryBudgetLike {
  return {
    recordRequest: () => undefined,
    tryAcquireRetry: () => 1,
    recordSuccess: () => undefined,
    ...overrides,
  };
}

describe('RetryPolicy: options that throw before the outcome is known', () => {
  // Each case: the options, given the exception to throw, and the attempt at which it throws.
  // Each callback is called once per failed attempt: throwing at its n-th call ends attempt n.
  const cases: [string, (error: Error, at: number) => RetryOptions][] = [
    ['shouldRetry', (e, at) => ({ shouldRetry: counting(at, e, true) })],
    ['retryOnResult', (e, at) => ({ retryOnResult: counting(at, e, true) })],
    ['retryAfter', (e, at) => ({ retryAfter: counting(at, e, undefined) })],
    ['backoff', (e, at) => ({ backoff: counting(at, e, 1) })],
    [
      'random',
      (e, at) => ({ random: counting(at, e, 0.5), backoff: (_r, _p, random) => random() }),
    ],
    [
      'budget.tryAcquireRetry',
      (e, at) => ({ budget: budgetWith({ tryAcquireRetry: counting(at, e, 1) }) }),
    ],
  ];

  it.each(cases.flatMap(([name, make]) => [1, 2].map((at) => [name, at, make] as const)))(
    'rejects with what %s throws at attempt %i, after exactly one giveUp (notRetryable)',
    async (name, at, make) => {
      const clock = new VirtualClock();
      const error = bug();
      const options = { clock, maxAttempts: 5, backoff: constant(1), ...make(error, at) };
      const policy = new RetryPolicy(options);
      const log = recordEvents(policy.events);
      // Results for retryOnResult, errors for the rest: either way every attempt fails.
      const fn =
        name === 'retryOnResult'
          ? async () => 'a result'
          : async () => {
              throw new Error('down');
            };
      const settled = await runToEnd(clock, policy.execute(fn));
      expect(settled).toEqual({ error });
      expect((settled as { error: unknown }).error).toBe(error);
      const ends = log.filter(([name]) => name !== 'retry');
      expect(ends).toEqual([
        ['giveUp', expect.objectContaining({ reason: 'notRetryable', error })],
      ]);
      expect(clock.pendingTimers).toBe(0);
    },
  );

  it('rejects, never throws, when the budget recordRequest throws; one giveUp, no attempt', async () => {
    const error = bug();
    const policy = new RetryPolicy({
      clock: new VirtualClock(),
      budget: budgetWith({ recordRequest: thrower(error) }),
    });
    const log = recordEvents(policy.events);
    const fn = vi.fn(() => 'ok');
    let promise: Promise<unknown> | undefined;
    expect(() => {
      promise = policy.execute(fn);
    }).not.toThrow();
    await expect(promise).rejects.toBe(error);
    expect(fn).not.toHaveBeenCalled();
    expect(log).toEqual([
      ['giveUp', { attempts: 0, reason: 'notRetryable', durationMs: Number.NaN, error }],
    ]);
  });

  it.each([Number.NaN, 'yes', -1, true, undefined])(
    'rejects, without retrying, when the budget tryAcquireRetry returns %s (neither a grant nor false)',
    async (answer) => {
      const clock = new VirtualClock();
      const policy = new RetryPolicy({
        clock,
        maxAttempts: 5,
        backoff: constant(1),
        budget: budgetWith({ tryAcquireRetry: () => answer as never }),
      });
      const log = recordEvents(policy.events);
      const fn = vi.fn(async () => {
        throw new Error('down');
      });
      const settled = await runToEnd(clock, policy.execute(fn));
      expect((settled as { error: Error }).error).toBeInstanceOf(TypeError);
      expect((settled as { error: Error }).error.message).toMatch(
        /^budget\.tryAcquireRetry\(\) must return a finite number >= 0 or false, got /,
      );
      expect(fn).toHaveBeenCalledTimes(1);
      expect(log.map(([name]) => name)).toEqual(['giveUp']);
      expect(log[0]![1]).toMatchObject({ reason: 'notRetryable' });
    },
  );

  it('rejects with what retryOnResult throws at the first attempt of a synchronous function', async () => {
    const error = bug();
    const policy = new RetryPolicy({ clock: new VirtualClock(), retryOnResult: thrower(error) });
    const log = recordEvents(policy.events);
    await expect(policy.execute(() => 'sync')).rejects.toBe(error);
    expect(log).toEqual([
      ['giveUp', { attempts: 1, reason: 'notRetryable', durationMs: 0, error }],
    ]);
  });
});

describe('RetryPolicy: bookkeeping that throws after a success', () => {
  it.each([1, 3])(
    'keeps a success at attempt %i when the budget recordSuccess throws, and warns',
    async (attempts) => {
      const warn = vi.spyOn(process, 'emitWarning').mockImplementation(() => undefined);
      const clock = new VirtualClock();
      const error = bug();
      const policy = new RetryPolicy({
        clock,
        maxAttempts: 3,
        backoff: constant(1),
        budget: budgetWith({ recordSuccess: thrower(error) }),
      });
      const log = recordEvents(policy.events);
      const result = { id: 1 };
      let n = 0;
      const settled = await runToEnd(
        clock,
        policy.execute(async () => {
          if (++n < attempts) throw new Error('down');
          return result;
        }),
      );
      expect(settled).toEqual({ value: result });
      expect((settled as { value: unknown }).value).toBe(result);
      expect(log.filter(([name]) => name !== 'retry')).toEqual([['success', { attempts }]]);
      expect(warn).toHaveBeenCalledTimes(1);
      expect(String(warn.mock.calls[0]![0])).toMatch(
        /recordSuccess threw: Error: a bug in an option/,
      );
    },
  );

  it('keeps a first-attempt success with retryOnResult when recordSuccess throws', async () => {
    vi.spyOn(process, 'emitWarning').mockImplementation(() => undefined);
    const policy = new RetryPolicy({
      clock: new VirtualClock(),
      retryOnResult: () => false,
      budget: budgetWith({ recordSuccess: thrower(bug()) }),
    });
    await expect(policy.execute(() => 'ok')).resolves.toBe('ok');
  });
});

describe('retry(): options that throw', () => {
  it('rejects, never throws, when the budget recordRequest throws', async () => {
    const error = bug();
    let promise: Promise<unknown> | undefined;
    expect(() => {
      promise = retry(() => 'ok', { budget: budgetWith({ recordRequest: thrower(error) }) });
    }).not.toThrow();
    await expect(promise).rejects.toBe(error);
  });

  it('keeps a success when the budget recordSuccess throws', async () => {
    vi.spyOn(process, 'emitWarning').mockImplementation(() => undefined);
    await expect(
      retry(() => 'ok', { budget: budgetWith({ recordSuccess: thrower(bug()) }) }),
    ).resolves.toBe('ok');
  });
});

type Callback =
  | 'shouldRetry'
  | 'retryOnResult'
  | 'retryAfter'
  | 'backoff'
  | 'random'
  | 'recordRequest'
  | 'tryAcquireRetry'
  | 'recordSuccess';

describe('RetryPolicy under randomly throwing callbacks', () => {
  it('ends every call in exactly one success or giveUp, and never loses a result', async () => {
    await fc.assert(
      fc.asyncProperty(
        fc.array(fc.boolean(), { minLength: 1, maxLength: 8 }),
        fc.array(fc.boolean(), { minLength: 1, maxLength: 8 }),
        fc.func(fc.integer({ min: 0, max: 5 })),
        fc.integer({ min: 1, max: 6 }),
        fc.boolean(),
        async (attemptFails, resultRejected, throws, maxAttempts, useResults) => {
          vi.spyOn(process, 'emitWarning').mockImplementation(() => undefined);
          const clock = new VirtualClock();
          let calls = 0;
          // Decides, call by call, whether a callback throws (recorded for the model).
          const thrown: Callback[] = [];
          const maybeThrow = (name: Callback): void => {
            if (throws(name, calls, thrown.length) === 0) {
              thrown.push(name);
              throw new Error(`${name} threw`);
            }
          };
          const budget: RetryBudgetLike = {
            recordRequest: () => maybeThrow('recordRequest'),
            tryAcquireRetry: () => (maybeThrow('tryAcquireRetry'), 1),
            recordSuccess: () => maybeThrow('recordSuccess'),
          };
          const policy = new RetryPolicy({
            clock,
            maxAttempts,
            budget,
            backoff: (_r, _p, random) => (maybeThrow('backoff'), random()),
            random: () => (maybeThrow('random'), 0.5),
            shouldRetry: () => (maybeThrow('shouldRetry'), true),
            retryAfter: () => (maybeThrow('retryAfter'), undefined),
            ...(useResults
              ? {
                  retryOnResult: () => (
                    maybeThrow('retryOnResult'),
                    resultRejected[(calls - 1) % resultRejected.length]!
                  ),
                }
              : {}),
          });
          const log = recordEvents(policy.events);
          const result = { ok: true };
          const failure = new Error('down');
          const settled = await runToEnd(
            clock,
            policy.execute(async () => {
              const fails = attemptFails[calls++ % attemptFails.length]!;
              if (fails) throw failure;
              return result;
            }),
          );
          const ends = log.filter(([name]) => name !== 'retry');
          expect(ends).toHaveLength(1);
          const [kind, payload] = ends[0]!;
          // A callback's own exception ends the call with that exception, reason notRetryable;
          // recordSuccess never does (it runs once the outcome is known).
          const before = thrown.filter((name) => name !== 'recordSuccess');
          if (kind === 'success') {
            expect(before).toEqual([]);
            expect(settled).toEqual({ value: result });
          } else {
            if (before.length > 0) {
              expect(payload).toMatchObject({ reason: 'notRetryable' });
              expect((settled as { error: Error }).error.message).toBe(`${before[0]} threw`);
            } else {
              expect('error' in settled ? settled.error : settled.value).toBe(
                'error' in settled ? failure : result,
              );
            }
          }
          expect(thrown.filter((name) => name !== 'recordSuccess').length).toBeLessThanOrEqual(1);
          expect(clock.pendingTimers).toBe(0);
          vi.restoreAllMocks();
        },
      ),
      { numRuns: 300 },
    );
  });
});

function thrower(error: unknown): () => never {
  return () => {
    throw error;
  };
}

/** A callback that returns `value`, and throws `error` on its `at`-th call. */
function counting<T>(at: number, error: unknown, value: T): () => T {
  let n = 0;
  return () => {
    if (++n === at) throw error;
    return value;
  };
}

describe('RetryPolicy: exact bookkeeping', () => {
  it('counts the attempts of a call whose retryOnResult throws at a later attempt', async () => {
    const clock = new VirtualClock();
    const error = bug();
    const policy = new RetryPolicy({
      clock,
      maxAttempts: 5,
      backoff: constant(1),
      retryOnResult: counting(3, error, true),
    });
    const log = recordEvents(policy.events);
    await runToEnd(
      clock,
      policy.execute(async () => 'busy'),
    );
    expect(log.at(-1)).toEqual([
      'giveUp',
      { attempts: 3, reason: 'notRetryable', durationMs: 0, error },
    ]);
  });

  it('grants a retry that costs 0, and hands that cost back on success', async () => {
    const clock = new VirtualClock();
    const refunds: unknown[] = [];
    const policy = new RetryPolicy({
      clock,
      backoff: constant(1),
      budget: budgetWith({
        tryAcquireRetry: () => 0,
        recordSuccess: (cost) => void refunds.push(cost),
      }),
    });
    let calls = 0;
    const settled = await runToEnd(
      clock,
      policy.execute(async () => {
        if (++calls === 1) throw new Error('down');
        return 'up';
      }),
    );
    expect(settled).toEqual({ value: 'up' });
    expect(refunds).toEqual([0]);
  });

  it('reports a throwing recordSuccess as a BallastCallbackWarning', async () => {
    const warn = vi.spyOn(process, 'emitWarning').mockImplementation(() => undefined);
    const policy = new RetryPolicy({
      clock: new VirtualClock(),
      budget: budgetWith({ recordSuccess: thrower(bug()) }),
    });
    await expect(policy.execute(() => 'ok')).resolves.toBe('ok');
    expect(warn).toHaveBeenCalledTimes(1);
    expect(warn.mock.calls[0]?.[1]).toEqual({
      type: 'BallastCallbackWarning',
      code: 'BALLAST_CALLBACK_ERROR',
    });
  });

  it('gives up with neither error nor result when nothing failed (an abort before the start)', async () => {
    const policy = new RetryPolicy({ clock: new VirtualClock() });
    const log = recordEvents(policy.events);
    await expect(policy.execute(() => 1, { signal: AbortSignal.abort() })).rejects.toBeDefined();
    expect(log).toHaveLength(1);
    expect(Object.keys(log[0]![1]).sort()).toEqual(['attempts', 'durationMs', 'reason']);
  });
});
