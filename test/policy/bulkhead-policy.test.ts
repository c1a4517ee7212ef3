import { describe, expect, expectTypeOf, it, vi } from 'vitest';
import type { Clock } from '../../src/clock/index.js';
import { neverAborted } from '../../src/internal/never-aborted.js';
import {
  BulkheadPolicy,
  BulkheadRejectedError,
  isBallastError,
  isBulkheadRejectedError,
  type BulkheadEvents,
  type PolicyContext,
} from '../../src/policy/index.js';
import { VirtualClock } from '../../src/testing/index.js';
import { abortListeners, gate, outcome } from './load-helpers.js';

/** A thenable of another library: not a native promise, whose `then` does what it likes. */
function thenable(
  then: (resolve: (value: string) => void, reject: (error: unknown) => void) => void,
): PromiseLike<string> {
  return { then } as unknown as PromiseLike<string>;
}

describe('BulkheadPolicy options', () => {
  it('rejects bad options naming the option and the value', () => {
    expect(() => new BulkheadPolicy(undefined as never)).toThrow(
      'options must be an object, got undefined',
    );
    expect(() => new BulkheadPolicy({} as never)).toThrow(
      new RangeError('maxConcurrent must be an integer >= 1, got undefined'),
    );
    expect(() => new BulkheadPolicy({ maxConcurrent: 0 })).toThrow(
      'maxConcurrent must be an integer >= 1, got 0',
    );
    expect(() => new BulkheadPolicy({ maxConcurrent: 1.5 })).toThrow(RangeError);
    expect(() => new BulkheadPolicy({ maxConcurrent: 1, maxQueue: -1 })).toThrow(
      'maxQueue must be an integer >= 0, got -1',
    );
    expect(() => new BulkheadPolicy({ maxConcurrent: 1, maxQueue: Number.NaN })).toThrow(
      'maxQueue must be an integer >= 0, got NaN',
    );
    expect(() => new BulkheadPolicy({ maxConcurent: 2 } as never)).toThrow(
      new TypeError('unknown option "maxConcurent" (did you mean "maxConcurrent"?)'),
    );
    expect(() => new BulkheadPolicy({ maxConcurrent: 1, maxQueue: null } as never)).toThrow(
      'maxQueue must not be null',
    );
    expect(() => new BulkheadPolicy({ maxConcurrent: 1, name: '' })).toThrow(
      'name must be a non-empty string, got ""',
    );
    expect(() => new BulkheadPolicy({ maxConcurrent: 1, clock: {} as Clock })).toThrow(
      'clock must be a Clock',
    );
  });

  it('takes the defaults and an unbounded queue', () => {
    const bulkhead = new BulkheadPolicy({ maxConcurrent: 3 });
    expect([bulkhead.maxConcurrent, bulkhead.maxQueue, bulkhead.name]).toEqual([3, 0, undefined]);
    const unbounded = new BulkheadPolicy({ maxConcurrent: 1, maxQueue: Infinity, name: 'db' });
    expect([unbounded.maxQueue, unbounded.name]).toEqual([Infinity, 'db']);
  });

  it('rejects, never throws, for a bad fn, bad options or a bad deadline', async () => {
    const bulkhead = new BulkheadPolicy({ maxConcurrent: 1 });
    let promise: Promise<unknown> | undefined;
    expect(() => (promise = bulkhead.execute(42 as never))).not.toThrow();
    await expect(promise).rejects.toThrow('fn must be a function, got 42');
    await expect(bulkhead.execute(() => 1, { deadlin: 5 } as never)).rejects.toThrow(
      'unknown option "deadlin" (did you mean "deadline"?)',
    );
    await expect(bulkhead.execute(() => 1, { deadline: '5' } as never)).rejects.toThrow(
      'options.deadline must be a time on the policy\'s clock (a number), got "5"',
    );
    await expect(bulkhead.execute(() => 1, { deadline: Number.NaN })).rejects.toThrow(TypeError);
    expect(bulkhead.active).toBe(0);
  });
});

describe('BulkheadPolicy', () => {
  it('runs maxConcurrent calls at once and rejects the next when there is no queue', async () => {
    const bulkhead = new BulkheadPolicy({ maxConcurrent: 2 });
    const rejected: BulkheadEvents['rejected'][] = [];
    bulkhead.events.on('rejected', (event) => rejected.push(event));
    const a = gate();
    const b = gate();
    const first = bulkhead.execute(() => a.promise);
    const second = bulkhead.execute(() => b.promise);
    expect(bulkhead.active).toBe(2);
    const ran = vi.fn();
    const third = bulkhead.execute(ran);
    await expect(third).rejects.toBeInstanceOf(BulkheadRejectedError);
    await expect(third).rejects.toMatchObject({ name: 'BulkheadRejectedError', reason: 'full' });
    expect(ran).not.toHaveBeenCalled();
    expect(rejected).toEqual([{ reason: 'full' }]);
    a.resolve('a');
    await expect(first).resolves.toBe('a');
    expect(bulkhead.active).toBe(1);
    await expect(bulkhead.execute(() => 'c')).resolves.toBe('c');
    b.resolve('b');
    await expect(second).resolves.toBe('b');
    expect(bulkhead.active).toBe(0);
  });

  it('queues up to maxQueue calls and starts them first in first out', async () => {
    const bulkhead = new BulkheadPolicy({ maxConcurrent: 1, maxQueue: 2 });
    const queued: number[] = [];
    bulkhead.events.on('queued', ({ queued: n }) => queued.push(n));
    const started: string[] = [];
    const gates = { a: gate(), b: gate(), c: gate() };
    const run = (name: keyof typeof gates) =>
      bulkhead.execute(() => {
        started.push(name);
        return gates[name].promise;
      });
    const a = run('a');
    const b = run('b');
    const c = run('c');
    expect([bulkhead.active, bulkhead.queued]).toEqual([1, 2]);
    expect(queued).toEqual([1, 2]);
    await expect(bulkhead.execute(() => 'd')).rejects.toMatchObject({ reason: 'full' });
    expect(started).toEqual(['a']);
    gates.a.resolve('a');
    await expect(a).resolves.toBe('a');
    expect(started).toEqual(['a', 'b']);
    expect([bulkhead.active, bulkhead.queued]).toEqual([1, 1]);
    gates.b.reject(new Error('b failed'));
    await expect(b).rejects.toThrow('b failed');
    expect(started).toEqual(['a', 'b', 'c']);
    gates.c.resolve('c');
    await expect(c).resolves.toBe('c');
    expect([bulkhead.active, bulkhead.queued]).toEqual([0, 0]);
  });

  it('frees the slot however the call settles: a throw, a rejection, foreign thenables', async () => {
    const bulkhead = new BulkheadPolicy({ maxConcurrent: 1, maxQueue: 10 });
    const boom = new Error('boom');
    const calls = [
      bulkhead.execute(() => {
        throw boom;
      }),
      bulkhead.execute(() => Promise.reject(boom)),
      bulkhead.execute(() =>
        thenable((resolve) => {
          resolve('thenable');
          resolve('twice');
        }),
      ),
      bulkhead.execute(() =>
        thenable((_, reject) => {
          reject(boom);
          reject(new Error('twice'));
        }),
      ),
      bulkhead.execute(() =>
        thenable(() => {
          throw boom;
        }),
      ),
      bulkhead.execute(() => 'plain'),
    ];
    const results = await Promise.allSettled(calls);
    expect(results.map((r): unknown => (r.status === 'fulfilled' ? r.value : r.reason))).toEqual([
      boom,
      boom,
      'thenable',
      boom,
      boom,
      'plain',
    ]);
    // The error reaches the caller as the same object.
    expect((results[0] as PromiseRejectedResult).reason).toBe(boom);
    expect([bulkhead.active, bulkhead.queued]).toEqual([0, 0]);
  });

  it("returns the call's own promise, with the slot already free when the caller resumes", async () => {
    const bulkhead = new BulkheadPolicy({ maxConcurrent: 1 });
    const own = Promise.resolve('own');
    const returned = bulkhead.execute(() => own);
    expect(returned).toBe(own);
    expect(bulkhead.active).toBe(1);
    await returned;
    expect(bulkhead.active).toBe(0);
    const failed = Promise.reject(new Error('failed'));
    await expect(bulkhead.execute(() => failed)).rejects.toThrow('failed');
    expect(bulkhead.active).toBe(0);
  });

  it('hands the function the caller signal and the deadline, or the never-aborting signal alone', async () => {
    const clock = new VirtualClock();
    const bulkhead = new BulkheadPolicy({ maxConcurrent: 1, clock });
    const bare = await bulkhead.execute((context) => context);
    expect(bare.signal).toBe(neverAborted);
    expect('deadline' in bare).toBe(false);
    const controller = new AbortController();
    const given = await bulkhead.execute((context) => context, {
      signal: controller.signal,
      deadline: 50,
    });
    expect(given).toEqual({ signal: controller.signal, deadline: 50 });
    expectTypeOf(bulkhead.execute(() => 1)).toEqualTypeOf<Promise<number>>();
  });

  it('lets a running function call execute() again, and throw, without losing a slot', async () => {
    const bulkhead = new BulkheadPolicy({ maxConcurrent: 1, maxQueue: 5 });
    const block = gate();
    const outer = bulkhead.execute(() => block.promise);
    let inner: Promise<string> | undefined;
    const second = bulkhead.execute(() => {
      inner = bulkhead.execute(() => 'inner');
      throw new Error('second threw');
    });
    block.resolve('first');
    await expect(outer).resolves.toBe('first');
    await expect(second).rejects.toThrow('second threw');
    await expect(inner).resolves.toBe('inner');
    expect([bulkhead.active, bulkhead.queued]).toEqual([0, 0]);
  });
});

describe('BulkheadPolicy and the caller signal', () => {
  it('rejects at once with the reason of a signal already aborted', async () => {
    const bulkhead = new BulkheadPolicy({ maxConcurrent: 1 });
    const reason = new Error('gone');
    const ran = vi.fn();
    await expect(bulkhead.execute(ran, { signal: AbortSignal.abort(reason) })).rejects.toBe(reason);
    expect(ran).not.toHaveBeenCalled();
    expect(bulkhead.active).toBe(0);
  });

  it('takes a queued call out of the queue when its signal aborts: same reason, never runs, no listener left', async () => {
    const bulkhead = new BulkheadPolicy({ maxConcurrent: 1, maxQueue: 3 });
    const block = gate();
    const first = bulkhead.execute(() => block.promise);
    const controller = new AbortController();
    const ran = vi.fn();
    const waiting = outcome(bulkhead.execute(ran, { signal: controller.signal }));
    const after = bulkhead.execute(() => 'after');
    expect(abortListeners(controller.signal)).toBe(1);
    expect(bulkhead.queued).toBe(2);
    const reason = { why: 'user left' };
    controller.abort(reason);
    await waiting.promise;
    expect(waiting.error).toBe(reason);
    expect(bulkhead.queued).toBe(1);
    expect(abortListeners(controller.signal)).toBe(0);
    block.resolve('first');
    await expect(first).resolves.toBe('first');
    await expect(after).resolves.toBe('after');
    expect(ran).not.toHaveBeenCalled();
  });

  it('removes its listener when a queued call starts, and leaves a running call to its function', async () => {
    const bulkhead = new BulkheadPolicy({ maxConcurrent: 1, maxQueue: 1 });
    const block = gate();
    const first = bulkhead.execute(() => block.promise);
    const controller = new AbortController();
    const second = gate();
    let seen: AbortSignal | undefined;
    const queued = bulkhead.execute(
      ({ signal }) => {
        seen = signal;
        return second.promise;
      },
      { signal: controller.signal },
    );
    block.resolve('first');
    await first;
    expect(seen).toBe(controller.signal);
    expect(abortListeners(controller.signal)).toBe(0);
    controller.abort(new Error('late'));
    expect(bulkhead.active).toBe(1);
    second.resolve('second');
    await expect(queued).resolves.toBe('second');
    expect(bulkhead.active).toBe(0);
  });
});

describe('BulkheadPolicy and deadlines', () => {
  it('neither runs nor queues a call whose deadline is reached, and sets no timer', async () => {
    const clock = new VirtualClock(1_000);
    const bulkhead = new BulkheadPolicy({ maxConcurrent: 1, maxQueue: 1, clock });
    const rejected = vi.fn();
    bulkhead.events.on('rejected', rejected);
    const ran = vi.fn();
    await expect(bulkhead.execute(ran, { deadline: 1_000 })).rejects.toMatchObject({
      name: 'BulkheadRejectedError',
      reason: 'deadline',
    });
    await expect(bulkhead.execute(ran, { deadline: 10 })).rejects.toBeInstanceOf(
      BulkheadRejectedError,
    );
    expect(ran).not.toHaveBeenCalled();
    expect(rejected).toHaveBeenCalledWith({ reason: 'deadline' });
    expect(clock.pendingTimers).toBe(0);
    // A deadline ahead runs the call with no timer: a running call is not the bulkhead's to stop.
    await expect(bulkhead.execute(() => 'in time', { deadline: 1_001 })).resolves.toBe('in time');
    await expect(bulkhead.execute(() => 'never', { deadline: Infinity })).resolves.toBe('never');
    expect(clock.pendingTimers).toBe(0);
  });

  it('takes a queued call out when its deadline passes, with the only timer, cleared once it starts', async () => {
    const clock = new VirtualClock();
    const bulkhead = new BulkheadPolicy({ maxConcurrent: 1, maxQueue: 2, clock });
    const rejected = vi.fn();
    bulkhead.events.on('rejected', rejected);
    const block = gate();
    const first = bulkhead.execute(() => block.promise);
    const ran = vi.fn();
    const late = outcome(bulkhead.execute(ran, { deadline: 100 }));
    const patient = bulkhead.execute(() => 'patient', { deadline: 500 });
    expect(clock.pendingTimers).toBe(2);
    await clock.advance(99);
    expect(late.settled).toBe(false);
    await clock.advance(1);
    await late.promise;
    expect(late.error).toMatchObject({ name: 'BulkheadRejectedError', reason: 'deadline' });
    expect(rejected).toHaveBeenCalledWith({ reason: 'deadline' });
    expect([bulkhead.queued, clock.pendingTimers]).toEqual([1, 1]);
    block.resolve('first');
    await first;
    await expect(patient).resolves.toBe('patient');
    expect(clock.pendingTimers).toBe(0);
    expect(ran).not.toHaveBeenCalled();
  });

  it('clears the deadline timer and the listener of a queued call its signal aborts', async () => {
    const clock = new VirtualClock();
    const bulkhead = new BulkheadPolicy({ maxConcurrent: 1, maxQueue: 1, clock });
    const block = gate();
    void bulkhead.execute(() => block.promise);
    const controller = new AbortController();
    const queued = outcome(bulkhead.execute(() => 1, { signal: controller.signal, deadline: 50 }));
    controller.abort();
    await queued.promise;
    expect(queued.error).toBe(controller.signal.reason);
    expect([clock.pendingTimers, abortListeners(controller.signal)]).toEqual([0, 0]);
    block.resolve('x');
  });

  it('a clock whose timers fire at once, or throw, leaves nothing queued or listened to', async () => {
    const instant: Clock = {
      now: () => 0,
      setTimer: (_ms, callback) => {
        callback();
        return () => undefined;
      },
    };
    const broken: Clock = {
      now: () => 0,
      setTimer: () => {
        throw new Error('no timers here');
      },
    };
    for (const clock of [instant, broken]) {
      const bulkhead = new BulkheadPolicy({ maxConcurrent: 1, maxQueue: 1, clock });
      const queued = vi.fn();
      bulkhead.events.on('queued', queued);
      const block = gate();
      const first = bulkhead.execute(() => block.promise);
      const controller = new AbortController();
      const ran = vi.fn();
      const call = bulkhead.execute(ran, { signal: controller.signal, deadline: 10 });
      await expect(call).rejects.toThrow(
        clock === instant ? 'deadline before the bulkhead' : 'no timers here',
      );
      expect([bulkhead.queued, abortListeners(controller.signal)]).toEqual([0, 0]);
      expect(queued).not.toHaveBeenCalled();
      block.resolve('first');
      await first;
      expect(ran).not.toHaveBeenCalled();
    }
    const nan = new BulkheadPolicy({
      maxConcurrent: 1,
      clock: { now: () => Number.NaN, setTimer: () => () => undefined },
    });
    await expect(nan.execute(() => 1, { deadline: 5 })).rejects.toMatchObject({
      reason: 'deadline',
    });
    const throwingNow: Clock = {
      now: () => {
        throw new Error('no time');
      },
      setTimer: () => () => undefined,
    };
    const bulkhead = new BulkheadPolicy({ maxConcurrent: 1, clock: throwingNow });
    await expect(bulkhead.execute(() => 1, { deadline: 5 })).rejects.toThrow('no time');
  });
});

describe('BulkheadPolicy events and errors', () => {
  it('a throwing listener changes no outcome', async () => {
    const warn = vi.spyOn(process, 'emitWarning').mockImplementation(() => undefined);
    try {
      const bulkhead = new BulkheadPolicy({ maxConcurrent: 1, maxQueue: 1 });
      const broken = () => {
        throw new Error('listener broke');
      };
      bulkhead.events.on('rejected', broken);
      bulkhead.events.on('queued', broken);
      const block = gate();
      const first = bulkhead.execute(() => block.promise);
      const second = bulkhead.execute(() => 'second');
      await expect(bulkhead.execute(() => 'third')).rejects.toMatchObject({ reason: 'full' });
      block.resolve('first');
      await expect(first).resolves.toBe('first');
      await expect(second).resolves.toBe('second');
      expect(warn).toHaveBeenCalled();
    } finally {
      warn.mockRestore();
    }
  });

  it('BulkheadRejectedError: a name, a reason, a guard that works across copies, no stack trace', () => {
    const error = new BulkheadRejectedError('full');
    expect(error).toBeInstanceOf(Error);
    expect(error.name).toBe('BulkheadRejectedError');
    expect(error.message).toContain('bulkhead is full');
    expect(new BulkheadRejectedError('deadline', 'custom').message).toBe('custom');
    expect(isBulkheadRejectedError(error)).toBe(true);
    expect(isBallastError(error)).toBe(true);
    expect(isBulkheadRejectedError(new Error('x'))).toBe(false);
    expect(isBulkheadRejectedError(null)).toBe(false);
    const otherCopy = Object.create({
      [Symbol.for('ballast.BulkheadRejectedError')]: true,
    }) as unknown;
    expect(isBulkheadRejectedError(otherCopy)).toBe(true);
    expect(error.stack?.split('\n')).toHaveLength(1);
  });

  it('is a Policy whose context type is PolicyContext', () => {
    const bulkhead = new BulkheadPolicy({ maxConcurrent: 1 });
    expectTypeOf(bulkhead.execute).parameter(0).parameter(0).toEqualTypeOf<PolicyContext>();
  });
});
