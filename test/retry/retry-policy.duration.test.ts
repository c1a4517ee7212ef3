import { describe, expect, expectTypeOf, it, vi } from 'vitest';
import { sleep, type Clock } from '../../src/clock/index.js';
import {
  RetryPolicy,
  constant,
  type GiveUpEvent,
  type RetryBudgetLike,
  type RetryEvent,
  type RetryOptions,
} from '../../src/retry/index.js';
import { VirtualClock } from '../../src/testing/index.js';
import { recordEvents, runToEnd } from './helpers.js';

// The `durationMs` of `retry` and `giveUp` (Polly's OnRetryArguments.Duration): how long the failed
// attempt took, on the policy's clock, read only for attempts that start while someone listens.

/** The policy's clock: a virtual one whose reads are counted, and that throws on chosen reads. */
function countingClock(start = 0): {
  readonly virtual: VirtualClock;
  readonly clock: Clock;
  readonly reads: () => number;
  failOn: (read: number, error: unknown) => void;
} {
  const virtual = new VirtualClock(start);
  const failures = new Map<number, unknown>();
  let reads = 0;
  return {
    virtual,
    clock: {
      now: () => {
        reads++;
        if (failures.has(reads)) throw failures.get(reads);
        return virtual.now();
      },
      setTimer: (delayMs, callback, options) => virtual.setTimer(delayMs, callback, options),
    },
    reads: () => reads,
    failOn: (read, error) => failures.set(read, error),
  };
}

/** An attempt function whose attempt `i` (from 1) lasts `durations[i - 1]` ms, then throws. */
function slowFailures(clock: VirtualClock, durations: readonly number[]) {
  const thrown: Error[] = [];
  const fn = vi.fn(async ({ attempt }: { attempt: number }): Promise<string> => {
    await sleep(durations[attempt - 1] ?? 0, { clock });
    const error = new Error(`attempt ${attempt}`);
    thrown.push(error);
    throw error;
  });
  return { fn, thrown };
}

describe('RetryPolicy: the duration of a failed attempt', () => {
  it('is in every retry and in the giveUp, on the policy clock, without the delays', async () => {
    const clock = new VirtualClock(5_000);
    const policy = new RetryPolicy({ clock, maxAttempts: 3, backoff: constant(100) });
    const log = recordEvents(policy.events);
    const { fn, thrown } = slowFailures(clock, [30, 50, 70]);
    await runToEnd(clock, policy.execute(fn));
    expect(clock.now()).toBe(5_000 + 30 + 100 + 50 + 100 + 70);
    expect(log).toEqual([
      ['retry', { attempt: 1, delayMs: 100, durationMs: 30, error: thrown[0] }],
      ['retry', { attempt: 2, delayMs: 100, durationMs: 50, error: thrown[1] }],
      ['giveUp', { attempts: 3, reason: 'attempts', durationMs: 70, error: thrown[2] }],
    ]);
  });

  it('is there for a result retryOnResult rejects, too', async () => {
    const clock = new VirtualClock();
    const policy = new RetryPolicy({
      clock,
      maxAttempts: 2,
      backoff: constant(10),
      retryOnResult: (r) => r === 'busy',
    });
    const log = recordEvents(policy.events);
    const durations = [12, 34];
    await runToEnd(
      clock,
      policy.execute(async ({ attempt }) => {
        await sleep(durations[attempt - 1]!, { clock });
        return 'busy';
      }),
    );
    expect(log).toEqual([
      ['retry', { attempt: 1, delayMs: 10, durationMs: 12, result: 'busy' }],
      ['giveUp', { attempts: 2, reason: 'attempts', durationMs: 34, result: 'busy' }],
    ]);
  });

  it('is NaN for an attempt that started before anyone listened to retry or giveUp', async () => {
    const clock = new VirtualClock();
    const policy = new RetryPolicy({ clock, maxAttempts: 3, backoff: constant(10) });
    const log: [string, number][] = [];
    const fn = vi.fn(async ({ attempt }: { attempt: number }) => {
      // The first attempt starts unobserved and adds the listeners while it runs.
      if (attempt === 1) {
        policy.events.on('retry', ({ durationMs }) => log.push(['retry', durationMs]));
        policy.events.on('giveUp', ({ durationMs }) => log.push(['giveUp', durationMs]));
      }
      await sleep(attempt * 5, { clock });
      throw new Error('down');
    });
    await runToEnd(clock, policy.execute(fn));
    expect(log).toEqual([
      ['retry', Number.NaN],
      ['retry', 10],
      ['giveUp', 15],
    ]);
  });

  it('is measured for a giveUp listener alone, and for a retry listener alone', async () => {
    for (const event of ['retry', 'giveUp'] as const) {
      const clock = new VirtualClock();
      const policy = new RetryPolicy({ clock, maxAttempts: 2, backoff: constant(10) });
      const durations: number[] = [];
      policy.events.on(event, ({ durationMs }: { durationMs: number }) => {
        durations.push(durationMs);
      });
      await runToEnd(clock, policy.execute(slowFailures(clock, [7, 9]).fn));
      expect(durations).toEqual(event === 'retry' ? [7] : [9]);
    }
  });
});

describe('RetryPolicy: durationMs of a giveUp without a just-failed attempt', () => {
  it('is NaN when no attempt ran: a signal aborted before the start', async () => {
    const clock = new VirtualClock();
    const policy = new RetryPolicy({ clock });
    const log = recordEvents(policy.events);
    await expect(policy.execute(() => 1, { signal: AbortSignal.abort() })).rejects.toBeDefined();
    expect(log).toEqual([['giveUp', { attempts: 0, reason: 'aborted', durationMs: Number.NaN }]]);
  });

  it("is NaN when no attempt ran: the budget's recordRequest threw", async () => {
    const error = new Error('budget bug');
    const budget: RetryBudgetLike = {
      recordRequest: () => {
        throw error;
      },
      tryAcquireRetry: () => 1,
      recordSuccess: () => undefined,
    };
    const policy = new RetryPolicy({ clock: new VirtualClock(), budget });
    const log = recordEvents(policy.events);
    await expect(policy.execute(() => 1)).rejects.toBe(error);
    expect(log).toEqual([
      ['giveUp', { attempts: 0, reason: 'notRetryable', durationMs: Number.NaN, error }],
    ]);
  });

  it('repeats the failed attempt’s duration for an abort during the delay after it', async () => {
    const clock = new VirtualClock();
    const policy = new RetryPolicy({ clock, backoff: constant(1_000) });
    const log = recordEvents(policy.events);
    const controller = new AbortController();
    const { fn, thrown } = slowFailures(clock, [40]);
    const settled = policy.execute(fn, { signal: controller.signal }).catch((e: unknown) => e);
    await clock.advance(540);
    const reason = new Error('user left');
    controller.abort(reason);
    expect(await settled).toBe(reason);
    expect(log).toEqual([
      ['retry', { attempt: 1, delayMs: 1_000, durationMs: 40, error: thrown[0] }],
      ['giveUp', { attempts: 1, reason: 'aborted', durationMs: 40, error: thrown[0] }],
    ]);
  });

  it('is the duration of the attempt whose result retryOnResult threw on', async () => {
    const clock = new VirtualClock();
    const error = new Error('predicate bug');
    let calls = 0;
    const policy = new RetryPolicy({
      clock,
      backoff: constant(10),
      retryOnResult: () => {
        if (++calls === 2) throw error;
        return true;
      },
    });
    const log = recordEvents(policy.events);
    const outcome = await runToEnd(
      clock,
      policy.execute(async ({ attempt }) => {
        await sleep(attempt === 1 ? 20 : 30, { clock });
        return 'busy';
      }),
    );
    expect(outcome).toEqual({ error });
    expect(log.at(-1)).toEqual([
      'giveUp',
      { attempts: 2, reason: 'notRetryable', durationMs: 30, error },
    ]);
  });

  it.each<[string, (error: Error) => RetryOptions]>([
    ['shouldRetry (refusing)', () => ({ shouldRetry: () => false })],
    [
      'shouldRetry (throwing)',
      (error) => ({
        shouldRetry: () => {
          throw error;
        },
      }),
    ],
    [
      'the budget (refusing)',
      () => ({
        budget: { recordRequest: () => {}, tryAcquireRetry: () => false, recordSuccess: () => {} },
      }),
    ],
    ['maxElapsedMs', () => ({ maxElapsedMs: 25 })],
    ['maxAttempts', () => ({ maxAttempts: 1 })],
  ])(
    'is the just-failed attempt’s duration when %s ends the call after it',
    async (_name, options) => {
      const clock = new VirtualClock();
      const bug = new Error('bug');
      const policy = new RetryPolicy({ clock, backoff: constant(10), ...options(bug) });
      const giveUps: GiveUpEvent[] = [];
      policy.events.on('giveUp', (event) => giveUps.push(event));
      await runToEnd(clock, policy.execute(slowFailures(clock, [20]).fn));
      expect(giveUps).toHaveLength(1);
      expect(giveUps[0]).toMatchObject({ attempts: 1, durationMs: 20 });
    },
  );
});

describe('RetryPolicy: clock reads for durations', () => {
  const failingCall = async (
    options: RetryOptions,
    listen: readonly ('retry' | 'giveUp' | 'success')[],
    outcomes: 'fail' | 'succeed',
  ) => {
    const c = countingClock();
    const policy = new RetryPolicy({ clock: c.clock, maxAttempts: 3, ...options });
    const seen: number[] = [];
    for (const event of listen) {
      if (event === 'success') policy.events.on('success', () => undefined);
      else policy.events.on(event, ({ durationMs }) => seen.push(durationMs));
    }
    const fn =
      outcomes === 'fail'
        ? async () => {
            await sleep(5, { clock: c.virtual });
            throw new Error('down');
          }
        : () => 'ok';
    await runToEnd(c.virtual, policy.execute(fn));
    return { reads: c.reads(), seen };
  };

  it('reads no clock when nobody listens to retry or giveUp, and reports nothing', async () => {
    expect(await failingCall({ backoff: constant(1) }, [], 'fail')).toEqual({ reads: 0, seen: [] });
    expect(await failingCall({ backoff: constant(1) }, ['success'], 'fail')).toEqual({
      reads: 0,
      seen: [],
    });
  });

  it('keeps the reads of maxElapsedMs as they were when nobody listens', async () => {
    // The call's start, then the deadline check after each failure that could be retried.
    const { reads } = await failingCall({ backoff: constant(1), maxElapsedMs: 1_000 }, [], 'fail');
    expect(reads).toBe(3);
  });

  it('reads the clock once as each attempt starts and once as it fails when someone listens', async () => {
    for (const listen of [['retry'], ['giveUp'], ['retry', 'giveUp']] as const) {
      const plain = await failingCall({ backoff: constant(1) }, listen, 'fail');
      expect(plain.reads).toBe(6);
      expect(plain.seen.every((d) => d === 5)).toBe(true);
      // With maxElapsedMs the call's start and the deadline checks share those reads.
      const timed = await failingCall(
        { backoff: constant(1), maxElapsedMs: 1_000 },
        listen,
        'fail',
      );
      expect(timed.reads).toBe(6);
      expect(timed.seen).toEqual(plain.seen);
    }
  });

  it('reads the clock once for a first-attempt success, listened to or timed', async () => {
    const listen = ['retry', 'giveUp', 'success'] as const;
    expect((await failingCall({}, listen, 'succeed')).reads).toBe(1);
    expect((await failingCall({ maxElapsedMs: 1_000 }, listen, 'succeed')).reads).toBe(1);
    expect((await failingCall({ retryOnResult: () => false }, listen, 'succeed')).reads).toBe(1);
    expect((await failingCall({}, ['success'], 'succeed')).reads).toBe(0);
  });
});

describe('RetryPolicy: a clock that throws while timing attempts', () => {
  const clockError = new Error('clock broke');

  it('is never read, so never fails a call, while nobody listens', async () => {
    const c = countingClock();
    c.failOn(1, clockError);
    const policy = new RetryPolicy({ clock: c.clock, backoff: constant(1) });
    let calls = 0;
    const outcome = await runToEnd(
      c.virtual,
      policy.execute(() => {
        if (++calls < 3) throw new Error('down');
        return 'ok';
      }),
    );
    expect(outcome).toEqual({ value: 'ok' });
    expect(c.reads()).toBe(0);
  });

  it('ends the call, as a rejection, when it throws as the first attempt would start', async () => {
    const c = countingClock();
    c.failOn(1, clockError);
    const policy = new RetryPolicy({ clock: c.clock });
    const log = recordEvents(policy.events);
    const fn = vi.fn(() => 'ok');
    await expect(policy.execute(fn)).rejects.toBe(clockError);
    expect(fn).not.toHaveBeenCalled();
    expect(log).toEqual([
      [
        'giveUp',
        { attempts: 0, reason: 'notRetryable', durationMs: Number.NaN, error: clockError },
      ],
    ]);
  });

  it('ends the call with NaN when it throws as an attempt fails', async () => {
    const c = countingClock();
    c.failOn(2, clockError);
    const policy = new RetryPolicy({ clock: c.clock, backoff: constant(1) });
    const log = recordEvents(policy.events);
    const { fn } = slowFailures(c.virtual, [5]);
    expect(await runToEnd(c.virtual, policy.execute(fn))).toEqual({ error: clockError });
    expect(fn).toHaveBeenCalledTimes(1);
    expect(log).toEqual([
      [
        'giveUp',
        { attempts: 1, reason: 'notRetryable', durationMs: Number.NaN, error: clockError },
      ],
    ]);
  });

  it('ends the call, after the delay, with the last attempt’s duration when it throws as the next starts', async () => {
    const c = countingClock();
    c.failOn(3, clockError);
    const policy = new RetryPolicy({ clock: c.clock, backoff: constant(10) });
    const log = recordEvents(policy.events);
    const { fn, thrown } = slowFailures(c.virtual, [5]);
    expect(await runToEnd(c.virtual, policy.execute(fn))).toEqual({ error: clockError });
    expect(fn).toHaveBeenCalledTimes(1);
    expect(c.virtual.pendingTimers).toBe(0);
    expect(log).toEqual([
      ['retry', { attempt: 1, delayMs: 10, durationMs: 5, error: thrown[0] }],
      ['giveUp', { attempts: 1, reason: 'notRetryable', durationMs: 5, error: clockError }],
    ]);
  });

  it('leaves the first exception to the caller when retryOnResult throws and the clock too', async () => {
    const c = countingClock();
    c.failOn(2, clockError);
    const predicateError = new Error('predicate bug');
    const policy = new RetryPolicy({
      clock: c.clock,
      retryOnResult: () => {
        throw predicateError;
      },
    });
    const log = recordEvents(policy.events);
    await expect(policy.execute(() => 'value')).rejects.toBe(predicateError);
    expect(log).toEqual([
      [
        'giveUp',
        { attempts: 1, reason: 'notRetryable', durationMs: Number.NaN, error: predicateError },
      ],
    ]);
  });
});

describe('RetryPolicy: event types', () => {
  it('types durationMs as a number in both payloads', () => {
    expectTypeOf<RetryEvent['durationMs']>().toEqualTypeOf<number>();
    expectTypeOf<GiveUpEvent['durationMs']>().toEqualTypeOf<number>();
  });
});
