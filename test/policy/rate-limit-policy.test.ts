import { describe, expect, it, vi } from 'vitest';
import type { Clock } from '../../src/clock/index.js';
import { neverAborted } from '../../src/internal/never-aborted.js';
import {
  isBallastError,
  isRateLimitedError,
  RateLimitedError,
  RateLimitPolicy,
  type RateLimitEvents,
} from '../../src/policy/index.js';
import { VirtualClock } from '../../src/testing/index.js';
import { abortListeners, gate, outcome } from './load-helpers.js';

describe('RateLimitPolicy options', () => {
  it('rejects bad options naming the option and the value', () => {
    const ok = { limit: 10, intervalMs: 1_000 };
    expect(() => new RateLimitPolicy({ intervalMs: 1_000 } as never)).toThrow(
      new RangeError('limit must be an integer >= 1, got undefined'),
    );
    expect(() => new RateLimitPolicy({ ...ok, limit: 0.5 })).toThrow(
      'limit must be an integer >= 1, got 0.5',
    );
    expect(() => new RateLimitPolicy({ ...ok, intervalMs: 0 })).toThrow(
      'intervalMs must be a finite number > 0, got 0',
    );
    expect(() => new RateLimitPolicy({ ...ok, intervalMs: Infinity })).toThrow(RangeError);
    expect(() => new RateLimitPolicy({ ...ok, burst: 0 })).toThrow(
      'burst must be an integer >= 1, got 0',
    );
    expect(() => new RateLimitPolicy({ ...ok, maxQueue: -1 })).toThrow(
      'maxQueue must be an integer >= 0, got -1',
    );
    expect(() => new RateLimitPolicy({ ...ok, maxWaitMs: -1 })).toThrow(
      'maxWaitMs must be a finite number >= 0, got -1',
    );
    expect(() => new RateLimitPolicy({ ...ok, maxWait: 10 } as never)).toThrow(
      new TypeError('unknown option "maxWait" (did you mean "maxWaitMs"?)'),
    );
    expect(() => new RateLimitPolicy({ ...ok, interval: 10 } as never)).toThrow(
      'did you mean "intervalMs"?',
    );
    expect(() => new RateLimitPolicy({ ...ok, name: 3 } as never)).toThrow(
      'name must be a non-empty string, got 3',
    );
    expect(() => new RateLimitPolicy({ ...ok, clock: Date } as never)).toThrow(
      'clock must be a Clock',
    );
  });

  it('takes the defaults', () => {
    const limiter = new RateLimitPolicy({ limit: 5, intervalMs: 100 });
    expect([limiter.limit, limiter.intervalMs, limiter.burst]).toEqual([5, 100, 5]);
    expect([limiter.maxQueue, limiter.maxWaitMs, limiter.name]).toEqual([Infinity, 0, undefined]);
  });

  it('rejects, never throws, for a bad fn or bad options, taking no token', async () => {
    const limiter = new RateLimitPolicy({ limit: 1, intervalMs: 1_000, clock: new VirtualClock() });
    let promise: Promise<unknown> | undefined;
    expect(() => (promise = limiter.execute(null as never))).not.toThrow();
    await expect(promise).rejects.toThrow('fn must be a function, got null');
    await expect(limiter.execute(() => 1, { deadline: null } as never)).rejects.toThrow(
      'deadline must not be null',
    );
    await expect(limiter.execute(() => 'still a token')).resolves.toBe('still a token');
  });
});

describe('RateLimitPolicy', () => {
  it('lets a burst through, then rejects with the wait until the next token, holding no timer', async () => {
    const clock = new VirtualClock();
    const limiter = new RateLimitPolicy({ limit: 4, intervalMs: 1_000, clock });
    const rejected: RateLimitEvents['rejected'][] = [];
    limiter.events.on('rejected', (event) => rejected.push(event));
    for (let i = 0; i < 4; i++) await expect(limiter.execute(() => i)).resolves.toBe(i);
    const ran = vi.fn();
    const refused = outcome(limiter.execute(ran));
    await refused.promise;
    expect(refused.error).toBeInstanceOf(RateLimitedError);
    expect(refused.error).toMatchObject({
      name: 'RateLimitedError',
      reason: 'limit',
      retryAfterMs: 250,
    });
    expect(rejected).toEqual([{ reason: 'limit', retryAfterMs: 250 }]);
    expect(ran).not.toHaveBeenCalled();
    expect(clock.pendingTimers).toBe(0);
    await clock.advance(100);
    await expect(limiter.execute(ran)).rejects.toMatchObject({ retryAfterMs: 150 });
    await clock.advance(150);
    await expect(limiter.execute(() => 'refilled')).resolves.toBe('refilled');
    // After a quiet period, never more than the burst.
    await clock.advance(60_000);
    const results = await Promise.allSettled(
      Array.from({ length: 6 }, () => limiter.execute(() => 1)),
    );
    expect(results.filter((r) => r.status === 'fulfilled')).toHaveLength(4);
  });

  it('a burst smaller than the limit caps the bucket', async () => {
    const clock = new VirtualClock();
    const limiter = new RateLimitPolicy({ limit: 10, intervalMs: 1_000, burst: 2, clock });
    const runs = async (n: number) =>
      (await Promise.allSettled(Array.from({ length: n }, () => limiter.execute(() => 1)))).filter(
        (r) => r.status === 'fulfilled',
      ).length;
    expect(await runs(5)).toBe(2);
    await clock.advance(100);
    expect(await runs(5)).toBe(1);
    await clock.advance(10_000);
    expect(await runs(5)).toBe(2);
  });

  it('queues calls whose token comes within maxWaitMs, first in first out, each at its token', async () => {
    const clock = new VirtualClock();
    const limiter = new RateLimitPolicy({
      limit: 10,
      intervalMs: 1_000,
      burst: 1,
      maxWaitMs: 250,
      clock,
    });
    const queued: RateLimitEvents['queued'][] = [];
    limiter.events.on('queued', (event) => queued.push(event));
    const started: [string, number][] = [];
    const run = (name: string) =>
      limiter.execute(() => {
        started.push([name, clock.now()]);
        return name;
      });
    const calls = ['a', 'b', 'c'].map(run);
    expect(limiter.queued).toBe(2);
    expect(queued).toEqual([
      { waitMs: 100, queued: 1 },
      { waitMs: 200, queued: 2 },
    ]);
    await expect(run('d')).rejects.toMatchObject({ reason: 'limit', retryAfterMs: 300 });
    expect(clock.pendingTimers).toBe(2);
    await clock.advance(300);
    await expect(Promise.all(calls)).resolves.toEqual(['a', 'b', 'c']);
    expect(started).toEqual([
      ['a', 0],
      ['b', 100],
      ['c', 200],
    ]);
    expect([limiter.queued, clock.pendingTimers]).toEqual([0, 0]);
  });

  it('rejects a call that would wait when maxQueue calls already wait', async () => {
    const clock = new VirtualClock();
    const limiter = new RateLimitPolicy({
      limit: 1,
      intervalMs: 100,
      maxWaitMs: 1_000,
      maxQueue: 1,
      clock,
    });
    await limiter.execute(() => 1);
    const waiting = limiter.execute(() => 'waited');
    await expect(limiter.execute(() => 1)).rejects.toMatchObject({
      reason: 'queue',
      retryAfterMs: 200,
    });
    await clock.advance(100);
    await expect(waiting).resolves.toBe('waited');
    const noQueue = new RateLimitPolicy({
      limit: 1,
      intervalMs: 100,
      maxWaitMs: 1_000,
      maxQueue: 0,
      clock,
    });
    await noQueue.execute(() => 1);
    await expect(noQueue.execute(() => 1)).rejects.toMatchObject({ reason: 'queue' });
  });

  it('hands the function the caller signal and the deadline', async () => {
    const clock = new VirtualClock();
    const limiter = new RateLimitPolicy({ limit: 1, intervalMs: 100, maxWaitMs: 100, clock });
    const bare = await limiter.execute((context) => context);
    expect(bare).toEqual({ signal: neverAborted });
    expect('deadline' in bare).toBe(false);
    const controller = new AbortController();
    const queued = limiter.execute((context) => context, {
      signal: controller.signal,
      deadline: 1_000,
    });
    await clock.advance(100);
    await expect(queued).resolves.toEqual({ signal: controller.signal, deadline: 1_000 });
  });

  it('passes on a sync throw and a rejection as the same object', async () => {
    const limiter = new RateLimitPolicy({ limit: 5, intervalMs: 100, clock: new VirtualClock() });
    const boom = new Error('boom');
    await expect(
      limiter.execute(() => {
        throw boom;
      }),
    ).rejects.toBe(boom);
    await expect(limiter.execute(() => Promise.reject(boom))).rejects.toBe(boom);
  });
});

describe('RateLimitPolicy, aborts and deadlines', () => {
  it('rejects with the reason of a signal already aborted, taking no token', async () => {
    const limiter = new RateLimitPolicy({ limit: 1, intervalMs: 100, clock: new VirtualClock() });
    const reason = new Error('gone');
    await expect(limiter.execute(() => 1, { signal: AbortSignal.abort(reason) })).rejects.toBe(
      reason,
    );
    await expect(limiter.execute(() => 'token left')).resolves.toBe('token left');
  });

  it('takes a waiting call out when its signal aborts: same reason, timer cleared, listener removed, token back', async () => {
    const clock = new VirtualClock();
    const limiter = new RateLimitPolicy({ limit: 1, intervalMs: 100, maxWaitMs: 1_000, clock });
    await limiter.execute(() => 1);
    const controller = new AbortController();
    const ran = vi.fn();
    const waiting = outcome(limiter.execute(ran, { signal: controller.signal }));
    expect([limiter.queued, clock.pendingTimers, abortListeners(controller.signal)]).toEqual([
      1, 1, 1,
    ]);
    const reason = { why: 'user left' };
    controller.abort(reason);
    await waiting.promise;
    expect(waiting.error).toBe(reason);
    expect([limiter.queued, clock.pendingTimers, abortListeners(controller.signal)]).toEqual([
      0, 0, 0,
    ]);
    // Its token went back: the next call waits 100 ms, not 200.
    const started: number[] = [];
    const next = limiter.execute(() => started.push(clock.now()));
    await clock.advance(1_000);
    await next;
    expect(started).toEqual([100]);
    expect(ran).not.toHaveBeenCalled();
  });

  it('removes its listener once the waiting call starts', async () => {
    const clock = new VirtualClock();
    const limiter = new RateLimitPolicy({ limit: 1, intervalMs: 100, maxWaitMs: 100, clock });
    await limiter.execute(() => 1);
    const controller = new AbortController();
    const slow = gate();
    const call = limiter.execute(() => slow.promise, { signal: controller.signal });
    await clock.advance(100);
    expect(abortListeners(controller.signal)).toBe(0);
    controller.abort();
    slow.resolve('done');
    await expect(call).resolves.toBe('done');
  });

  it('rejects a call whose deadline is reached, or would be before its token, taking no token', async () => {
    const clock = new VirtualClock(1_000);
    const limiter = new RateLimitPolicy({ limit: 1, intervalMs: 100, maxWaitMs: 1_000, clock });
    const ran = vi.fn();
    await expect(limiter.execute(ran, { deadline: 1_000 })).rejects.toMatchObject({
      reason: 'deadline',
      retryAfterMs: 0,
    });
    await limiter.execute(() => 1);
    await expect(limiter.execute(ran, { deadline: 1_100 })).rejects.toMatchObject({
      reason: 'deadline',
      retryAfterMs: 100,
    });
    await expect(limiter.execute(ran, { deadline: 900 })).rejects.toMatchObject({
      reason: 'deadline',
      retryAfterMs: 100,
    });
    expect(ran).not.toHaveBeenCalled();
    expect(clock.pendingTimers).toBe(0);
    const inTime = limiter.execute(() => 'in time', { deadline: 1_101 });
    await clock.advance(100);
    await expect(inTime).resolves.toBe('in time');
  });

  it('a clock whose timers fire at once, or throw, leaves nothing queued or listened to', async () => {
    const instant: Clock = {
      now: () => 0,
      setTimer: (_ms, callback) => {
        callback();
        return () => undefined;
      },
    };
    const controller = new AbortController();
    const atOnce = new RateLimitPolicy({
      limit: 1,
      intervalMs: 100,
      maxWaitMs: 100,
      clock: instant,
    });
    await atOnce.execute(() => 1);
    await expect(atOnce.execute(() => 'fired', { signal: controller.signal })).resolves.toBe(
      'fired',
    );
    expect([atOnce.queued, abortListeners(controller.signal)]).toEqual([0, 0]);

    let time = 0;
    const broken: Clock = {
      now: () => time,
      setTimer: () => {
        throw new Error('no timers here');
      },
    };
    const limiter = new RateLimitPolicy({
      limit: 1,
      intervalMs: 100,
      maxWaitMs: 100,
      clock: broken,
    });
    await limiter.execute(() => 1);
    await expect(limiter.execute(() => 1, { signal: controller.signal })).rejects.toThrow(
      'no timers here',
    );
    expect([limiter.queued, abortListeners(controller.signal)]).toEqual([0, 0]);
    time = 100;
    await expect(limiter.execute(() => 'token back')).resolves.toBe('token back');

    const throwingNow = new RateLimitPolicy({
      limit: 1,
      intervalMs: 100,
      clock: {
        now: () => {
          throw new Error('no time');
        },
        setTimer: () => () => undefined,
      },
    });
    await expect(throwingNow.execute(() => 1)).rejects.toThrow('no time');
  });

  it('counts a reading that is not a finite number as no time passing', async () => {
    let time = 500;
    const clock: Clock = { now: () => time, setTimer: () => () => undefined };
    const limiter = new RateLimitPolicy({ limit: 1, intervalMs: 100, clock });
    await limiter.execute(() => 1);
    time = Number.NaN;
    await expect(limiter.execute(() => 1)).rejects.toMatchObject({ retryAfterMs: 100 });
    time = Infinity;
    await expect(limiter.execute(() => 1)).rejects.toMatchObject({ retryAfterMs: 100 });
    time = 600;
    await expect(limiter.execute(() => 'refilled')).resolves.toBe('refilled');
  });

  it('counts from the new reading when the clock goes back', async () => {
    let time = 10_000;
    const clock: Clock = { now: () => time, setTimer: () => () => undefined };
    const limiter = new RateLimitPolicy({ limit: 1, intervalMs: 100, clock });
    await limiter.execute(() => 1);
    time = 0;
    await expect(limiter.execute(() => 1)).rejects.toMatchObject({ retryAfterMs: 100 });
    time = 100;
    await expect(limiter.execute(() => 'refilled')).resolves.toBe('refilled');
  });
});

describe('RateLimitPolicy events and errors', () => {
  it('a throwing listener changes no outcome', async () => {
    const warn = vi.spyOn(process, 'emitWarning').mockImplementation(() => undefined);
    try {
      const clock = new VirtualClock();
      const limiter = new RateLimitPolicy({ limit: 1, intervalMs: 100, maxWaitMs: 100, clock });
      const broken = () => {
        throw new Error('listener broke');
      };
      limiter.events.on('rejected', broken);
      limiter.events.on('queued', broken);
      await limiter.execute(() => 1);
      const waiting = limiter.execute(() => 'waited');
      await expect(limiter.execute(() => 1)).rejects.toMatchObject({ reason: 'limit' });
      await clock.advance(100);
      await expect(waiting).resolves.toBe('waited');
      expect(warn).toHaveBeenCalled();
    } finally {
      warn.mockRestore();
    }
  });

  it('RateLimitedError: a name, retryAfterMs, a guard that works across copies, no stack trace', () => {
    const error = new RateLimitedError(1_234.5);
    expect(error.name).toBe('RateLimitedError');
    expect(error.reason).toBe('limit');
    expect(error.retryAfterMs).toBe(1_234.5);
    expect(error.message).toBe('rate limit reached: the next token is free in 1235 ms');
    expect(isRateLimitedError(error)).toBe(true);
    expect(isBallastError(error)).toBe(true);
    expect(isRateLimitedError({})).toBe(false);
    expect(isRateLimitedError(undefined)).toBe(false);
    const otherCopy = Object.create({ [Symbol.for('ballast.RateLimitedError')]: true }) as unknown;
    expect(isRateLimitedError(otherCopy)).toBe(true);
    expect(error.stack?.split('\n')).toHaveLength(1);
  });
});
