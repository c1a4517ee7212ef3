import { getEventListeners } from 'node:events';
import { describe, expect, it, vi } from 'vitest';
import {
  AdaptiveConcurrencyPolicy,
  ConcurrencyLimitError,
  isConcurrencyLimitError,
  type AdaptiveContext,
} from '../../src/adaptive/index.js';
import { sleep } from '../../src/clock/index.js';
import { neverAborted } from '../../src/internal/never-aborted.js';
import { TimeoutError, TimeoutPolicy, wrap } from '../../src/policy/index.js';
import { VirtualClock } from '../../src/testing/index.js';

const overloaded = Object.assign(new Error('busy'), { status: 503 });

/** A call that takes `ms` on the clock, honouring its signal. */
const takes =
  (clock: VirtualClock, ms: number, value: unknown = ms) =>
  async ({ signal }: AdaptiveContext) => {
    await sleep(ms, { clock, signal });
    return value;
  };

const outcome = (promise: Promise<unknown>): Promise<unknown> =>
  promise.then(
    (value) => value,
    (error: unknown) => error,
  );

describe('AdaptiveConcurrencyPolicy', () => {
  it('runs up to the limit and rejects the rest with a ConcurrencyLimitError', async () => {
    const clock = new VirtualClock();
    const limiter = new AdaptiveConcurrencyPolicy({ clock, initialLimit: 2, minLimit: 2 });
    const rejects: unknown[] = [];
    limiter.events.on('reject', (event) => rejects.push(event));
    const a = limiter.execute(takes(clock, 10));
    const b = limiter.execute(takes(clock, 10));
    expect(limiter.inFlight).toBe(2);
    const error = await outcome(limiter.execute(takes(clock, 10)));
    expect(isConcurrencyLimitError(error)).toBe(true);
    expect(error).toMatchObject({ name: 'ConcurrencyLimitError', limit: 2, reason: 'full' });
    expect(rejects).toEqual([{ limit: 2, inFlight: 2, reason: 'full' }]);
    await clock.advance(10);
    await expect(Promise.all([a, b])).resolves.toEqual([10, 10]);
    expect(limiter.inFlight).toBe(0);
    expect(clock.pendingTimers).toBe(0);
  });

  it('queues up to maxQueue calls, first in first out', async () => {
    const clock = new VirtualClock();
    const limiter = new AdaptiveConcurrencyPolicy({
      clock,
      initialLimit: 1,
      maxLimit: 1,
      maxQueue: 2,
    });
    const started: string[] = [];
    const call = (name: string) =>
      limiter.execute(async (context) => {
        started.push(name);
        return takes(clock, 10, name)(context);
      });
    const calls = [call('a'), call('b'), call('c')];
    expect(limiter.queued).toBe(2);
    await expect(call('d')).rejects.toBeInstanceOf(ConcurrencyLimitError);
    await clock.advance(30);
    await expect(Promise.all(calls)).resolves.toEqual(['a', 'b', 'c']);
    expect(started).toEqual(['a', 'b', 'c']);
    expect(clock.pendingTimers).toBe(0);
  });

  it('an abort takes a call out of the queue, and frees the slot of a running call', async () => {
    const clock = new VirtualClock();
    const limiter = new AdaptiveConcurrencyPolicy({
      clock,
      initialLimit: 1,
      maxLimit: 1,
      maxQueue: 2,
    });
    const running = new AbortController();
    const waiting = new AbortController();
    // The running call ignores its signal: the slot is freed all the same.
    const first = outcome(
      limiter.execute(() => new Promise(() => undefined), { signal: running.signal }),
    );
    const second = outcome(limiter.execute(takes(clock, 10, 'second'), { signal: waiting.signal }));
    const third = limiter.execute(takes(clock, 10, 'third'));
    waiting.abort(new Error('second left'));
    await expect(second).resolves.toMatchObject({ message: 'second left' });
    expect(limiter.queued).toBe(1);
    expect(getEventListeners(waiting.signal, 'abort')).toHaveLength(0);
    running.abort(new Error('first left'));
    await expect(first).resolves.toMatchObject({ message: 'first left' });
    expect(getEventListeners(running.signal, 'abort')).toHaveLength(0);
    expect(limiter.inFlight).toBe(1);
    await clock.advance(10);
    await expect(third).resolves.toBe('third');
    // A call its caller gave up on is no sample: the limit is untouched by it.
    expect(limiter.limit).toBe(1);
    expect(clock.pendingTimers).toBe(0);
  });

  it('a queued call leaves when its deadline passes, and its timer goes with it', async () => {
    const clock = new VirtualClock();
    const limiter = new AdaptiveConcurrencyPolicy({
      clock,
      initialLimit: 1,
      maxLimit: 1,
      maxQueue: 5,
    });
    const first = limiter.execute(takes(clock, 100));
    const late = outcome(limiter.execute(takes(clock, 10), { deadline: 50 }));
    const inTime = limiter.execute(takes(clock, 10, 'in time'), { deadline: 500 });
    const past = await outcome(limiter.execute(takes(clock, 10), { deadline: 0 }));
    expect(past).toMatchObject({ reason: 'deadline' });
    expect(clock.pendingTimers).toBe(3);
    await clock.advance(50);
    await expect(late).resolves.toMatchObject({
      name: 'ConcurrencyLimitError',
      reason: 'deadline',
    });
    await clock.advance(60);
    await expect(first).resolves.toBe(100);
    await expect(inTime).resolves.toBe('in time');
    expect(clock.pendingTimers).toBe(0);
  });

  it('passes the signal and the deadline on', async () => {
    const limiter = new AdaptiveConcurrencyPolicy({ clock: new VirtualClock() });
    const seen: AdaptiveContext[] = [];
    await limiter.execute((context) => seen.push(context));
    const controller = new AbortController();
    await limiter.execute((context) => seen.push(context), {
      signal: controller.signal,
      deadline: 9,
    });
    expect(seen[0]!.signal).toBe(neverAborted);
    expect(seen[1]).toEqual({ signal: controller.signal, deadline: 9 });
  });

  it('AIMD: drops cut the limit by the backoff ratio, successes near the limit add one', async () => {
    const clock = new VirtualClock();
    const limiter = new AdaptiveConcurrencyPolicy({
      clock,
      initialLimit: 10,
      aimd: { backoffRatio: 0.5 },
    });
    const changes: unknown[] = [];
    limiter.events.on('limitChange', (change) => changes.push(change));
    await outcome(limiter.execute(() => Promise.reject(overloaded)));
    expect(limiter.limit).toBe(5);
    // An error that is no sign of overload is no drop; with 1 of 5 in flight, no growth either.
    // Then five calls at once: those that started with 3, 4 and 5 in flight (>= half) add one.
    await outcome(limiter.execute(() => Promise.reject(new TypeError('bug'))));
    expect(limiter.limit).toBe(5);
    const calls = [1, 2, 3, 4, 5].map(() => limiter.execute(takes(clock, 5)));
    await clock.advance(5);
    await Promise.all(calls);
    expect(limiter.limit).toBe(8);
    expect(changes).toEqual([
      { from: 10, to: 5 },
      { from: 5, to: 6 },
      { from: 6, to: 7 },
      { from: 7, to: 8 },
    ]);
  });

  it('counts a TimeoutError of an inner TimeoutPolicy as a drop', async () => {
    const clock = new VirtualClock();
    const limiter = new AdaptiveConcurrencyPolicy({ clock, initialLimit: 10 });
    const policy = wrap(limiter, new TimeoutPolicy(100, { clock }));
    const call = outcome(policy.execute(takes(clock, 1_000)));
    await clock.advance(100);
    expect(await call).toBeInstanceOf(TimeoutError);
    expect(limiter.limit).toBe(9);
    expect(limiter.inFlight).toBe(0);
    expect(clock.pendingTimers).toBe(0);
  });

  it('an isDrop that throws counts a drop, warns once, and leaves the error to the caller', async () => {
    const warn = vi.spyOn(process, 'emitWarning').mockImplementation(() => undefined);
    const limiter = new AdaptiveConcurrencyPolicy({
      clock: new VirtualClock(),
      initialLimit: 10,
      isDrop: () => {
        throw new Error('classifier bug');
      },
    });
    const error = new Error('mine');
    await expect(limiter.execute(() => Promise.reject(error))).rejects.toBe(error);
    await expect(limiter.execute(() => Promise.reject(error))).rejects.toBe(error);
    expect(limiter.limit).toBe(8);
    expect(warn).toHaveBeenCalledTimes(1);
    warn.mockRestore();
  });

  it('rejects, never throws, for a bad fn, bad options, an aborted signal or a throwing fn', async () => {
    const limiter = new AdaptiveConcurrencyPolicy({ clock: new VirtualClock() });
    await expect(limiter.execute(42 as never)).rejects.toThrow('fn must be a function, got 42');
    await expect(limiter.execute(() => 1, { signal: {} as never })).rejects.toThrow(TypeError);
    await expect(limiter.execute(() => 1, { deadline: Number.NaN })).rejects.toThrow(
      "options.deadline must be a time on the policy's clock (a number), got NaN",
    );
    await expect(limiter.execute(() => 1, { signal: AbortSignal.abort('no') })).rejects.toBe('no');
    const thrown = new Error('sync');
    await expect(
      limiter.execute(() => {
        throw thrown;
      }),
    ).rejects.toBe(thrown);
    expect(limiter.inFlight).toBe(0);
  });

  it('validates its options at construction, nested ones by their path', () => {
    const make = (options: object) => () => new AdaptiveConcurrencyPolicy(options);
    expect(make({ algorithm: 'bbr' })).toThrow(
      `algorithm must be 'aimd', 'gradient2' or 'vegas', got "bbr"`,
    );
    expect(make({ minLimit: 0 })).toThrow('minLimit must be an integer >= 1, got 0');
    expect(make({ minLimit: 5, maxLimit: 4 })).toThrow('maxLimit must be an integer >= 5, got 4');
    expect(make({ initialLimit: 300 })).toThrow('initialLimit must be <= maxLimit (200), got 300');
    expect(make({ maxQueue: -1 })).toThrow('maxQueue must be an integer >= 0, got -1');
    expect(make({ isDrop: 'x' })).toThrow('isDrop must be a function, got "x"');
    expect(make({ maxLimt: 3 })).toThrow('unknown option "maxLimt" (did you mean "maxLimit"?)');
    expect(make({ aimd: { backoffRatio: 1 } })).toThrow(
      'aimd.backoffRatio must be in [0.5, 1), got 1',
    );
    expect(make({ aimd: { backof: 1 } })).toThrow(
      'unknown option "aimd.backof" (did you mean "aimd.backoffRatio"?)',
    );
    expect(make({ algorithm: 'gradient2', gradient2: { rttTolerance: 0.5 } })).toThrow(
      'gradient2.rttTolerance must be in [1, ',
    );
    expect(make({ algorithm: 'gradient2', gradient2: { smoothing: 0 } })).toThrow(
      'gradient2.smoothing must be in (0, 1], got 0',
    );
    expect(make({ algorithm: 'vegas', vegas: { probeMultiplier: 0.5 } })).toThrow(
      'vegas.probeMultiplier must be an integer >= 1, got 0.5',
    );
    expect(make({ gradient2: { smoothing: 0.5 } })).toThrow(
      `gradient2 options were given, but the algorithm is "aimd"`,
    );
    expect(make({ maxLimit: 5 })).not.toThrow();
    expect(new AdaptiveConcurrencyPolicy({ maxLimit: 5 }).limit).toBe(5);
    expect(new AdaptiveConcurrencyPolicy().limit).toBe(20);
  });
});
