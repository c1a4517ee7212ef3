import { describe, expect, expectTypeOf, it, vi } from 'vitest';
import {
  BrokenCircuitError,
  CircuitBreaker,
  consecutiveFailures,
} from '../../src/breaker/index.js';
import { neverAborted } from '../../src/internal/never-aborted.js';
import {
  BulkheadPolicy,
  BulkheadRejectedError,
  fallback,
  FallbackPolicy,
  RateLimitedError,
  RateLimitPolicy,
  TimeoutError,
  TimeoutPolicy,
  isBallastError,
  wrap,
  type FallbackFailure,
} from '../../src/policy/index.js';
import { VirtualClock } from '../../src/testing/index.js';
import { abortListeners, gate } from './load-helpers.js';

describe('fallback options', () => {
  it('rejects bad options naming the option and the value', () => {
    expect(() => fallback(1, { shouldHandel: () => true } as never)).toThrow(
      new TypeError('unknown option "shouldHandel" (did you mean "shouldHandle"?)'),
    );
    expect(() => fallback(1, { shouldHandle: 'yes' } as never)).toThrow(
      'shouldHandle must be a function, got "yes"',
    );
    expect(() => fallback(1, null as never)).toThrow('options must be an object, got null');
    expect(fallback(1)).toBeInstanceOf(FallbackPolicy);
    expect(() => new FallbackPolicy(1, { shouldHandle: 1 } as never)).toThrow(
      'shouldHandle must be a function, got 1',
    );
  });

  it('rejects, never throws, for a bad fn or bad options', async () => {
    let promise: Promise<unknown> | undefined;
    expect(() => (promise = fallback(1).execute('x' as never))).not.toThrow();
    await expect(promise).rejects.toThrow('fn must be a function, got "x"');
    await expect(fallback(1).execute(() => 2, { timeoutMs: 5 } as never)).rejects.toThrow(
      'unknown option "timeoutMs"',
    );
  });
});

describe('fallback', () => {
  it('passes a result through and answers a failure with the value', async () => {
    const policy = fallback('cached');
    await expect(policy.execute(() => 'fresh')).resolves.toBe('fresh');
    await expect(policy.execute(() => Promise.reject(new Error('down')))).resolves.toBe('cached');
    await expect(
      policy.execute(() => {
        throw new Error('sync');
      }),
    ).resolves.toBe('cached');
    expectTypeOf(policy.execute(() => 42)).toEqualTypeOf<Promise<number | string>>();
  });

  it('calls the fallback function with the error, the same object, and takes its value or promise', async () => {
    const boom = new Error('boom');
    const seen: FallbackFailure[] = [];
    const sync = fallback((failure: FallbackFailure) => {
      seen.push(failure);
      return 'from function';
    });
    await expect(sync.execute(() => Promise.reject(boom))).resolves.toBe('from function');
    expect(seen).toHaveLength(1);
    expect(seen[0]!.error).toBe(boom);
    const later = fallback(() => Promise.resolve('from promise'));
    await expect(later.execute(() => Promise.reject(boom))).resolves.toBe('from promise');
  });

  it('rejects with the error of a fallback function that throws or rejects', async () => {
    const fallbackError = new Error('no cache either');
    const throwing = fallback(() => {
      throw fallbackError;
    });
    await expect(throwing.execute(() => Promise.reject(new Error('down')))).rejects.toBe(
      fallbackError,
    );
    const rejecting = fallback(() => Promise.reject(fallbackError));
    await expect(rejecting.execute(() => Promise.reject(new Error('down')))).rejects.toBe(
      fallbackError,
    );
  });

  it('handles only what shouldHandle accepts, and passes the rest on unchanged', async () => {
    const policy = fallback('fallback', { shouldHandle: (error) => isBallastError(error) });
    const own = new Error('the dependency failed');
    await expect(policy.execute(() => Promise.reject(own))).rejects.toBe(own);
    for (const error of [
      new BrokenCircuitError('open', 'open', 100),
      new TimeoutError(100),
      new BulkheadRejectedError('full'),
      new RateLimitedError(100),
    ]) {
      await expect(policy.execute(() => Promise.reject(error))).resolves.toBe('fallback');
    }
    const truthy = fallback('x', { shouldHandle: () => 1 as never });
    await expect(truthy.execute(() => Promise.reject(own))).rejects.toBe(own);
  });

  it('passes the error on when shouldHandle throws, and warns once', async () => {
    const warn = vi.spyOn(process, 'emitWarning').mockImplementation(() => undefined);
    try {
      const policy = fallback('x', {
        shouldHandle: () => {
          throw new Error('classifier broke');
        },
      });
      const own = new Error('down');
      await expect(policy.execute(() => Promise.reject(own))).rejects.toBe(own);
      await expect(policy.execute(() => Promise.reject(own))).rejects.toBe(own);
      expect(warn).toHaveBeenCalledTimes(1);
      expect(String(warn.mock.calls[0]![0])).toContain("a fallback's shouldHandle threw");
    } finally {
      warn.mockRestore();
    }
  });

  it('gives no fallback to a call its caller aborted: the original error, or the signal reason', async () => {
    const handled = vi.fn(() => 'fallback');
    const policy = fallback(handled);
    const reason = new Error('caller left');
    await expect(policy.execute(() => 1, { signal: AbortSignal.abort(reason) })).rejects.toBe(
      reason,
    );
    const controller = new AbortController();
    const slow = gate();
    const call = policy.execute(() => slow.promise, { signal: controller.signal });
    controller.abort(reason);
    const own = new Error('stopped because aborted');
    slow.reject(own);
    await expect(call).rejects.toBe(own);
    expect(handled).not.toHaveBeenCalled();
    expect(abortListeners(controller.signal)).toBe(0);
  });

  it('hands the function the caller signal and the deadline', async () => {
    const policy = fallback(undefined);
    const bare = await policy.execute((context) => context);
    expect(bare).toEqual({ signal: neverAborted });
    const controller = new AbortController();
    await expect(
      policy.execute((context) => context, { signal: controller.signal, deadline: 7 }),
    ).resolves.toEqual({ signal: controller.signal, deadline: 7 });
  });

  it('emits fallback with the error, and a throwing listener changes nothing', async () => {
    const warn = vi.spyOn(process, 'emitWarning').mockImplementation(() => undefined);
    try {
      const policy = fallback('x');
      const seen: unknown[] = [];
      policy.events.on('fallback', () => {
        throw new Error('listener broke');
      });
      policy.events.on('fallback', ({ error }) => seen.push(error));
      const own = new Error('down');
      await expect(policy.execute(() => Promise.reject(own))).resolves.toBe('x');
      await expect(policy.execute(() => 'ok')).resolves.toBe('ok');
      expect(seen).toEqual([own]);
      expect(seen[0]).toBe(own);
    } finally {
      warn.mockRestore();
    }
  });
});

describe('load policies in a wrap()', () => {
  it('fallback answers the rejections of a bulkhead, a rate limiter, a breaker and a timeout', async () => {
    const clock = new VirtualClock();
    const bulkhead = new BulkheadPolicy({ maxConcurrent: 1 });
    const limiter = new RateLimitPolicy({ limit: 1, intervalMs: 1_000, clock });
    const breaker = new CircuitBreaker({ trip: consecutiveFailures(1), clock });
    const timeout = new TimeoutPolicy(100, { clock });
    const events: string[] = [];
    const safe = fallback(({ error }) => (error as Error).name);
    safe.events.on('fallback', ({ error }) => events.push((error as Error).name));

    const block = gate();
    const running = wrap(safe, bulkhead).execute(() => block.promise);
    await expect(wrap(safe, bulkhead).execute(() => 'x')).resolves.toBe('BulkheadRejectedError');
    block.resolve('done');
    await expect(running).resolves.toBe('done');

    await expect(wrap(safe, limiter).execute(() => 'first')).resolves.toBe('first');
    await expect(wrap(safe, limiter).execute(() => 'second')).resolves.toBe('RateLimitedError');

    await expect(
      wrap(safe, breaker).execute(() => Promise.reject(new Error('trip'))),
    ).resolves.toBe('Error');
    await expect(wrap(safe, breaker).execute(() => 'x')).resolves.toBe('BrokenCircuitError');

    const hanging = wrap(safe, timeout).execute(() => new Promise<string>(() => undefined));
    await clock.advance(100);
    await expect(hanging).resolves.toBe('TimeoutError');
    expect(events).toEqual([
      'BulkheadRejectedError',
      'RateLimitedError',
      'Error',
      'BrokenCircuitError',
      'TimeoutError',
    ]);
    expect(clock.pendingTimers).toBe(0);
  });

  it('the caller signal reaches the function through every layer, and an abort leaves the bulkhead queue', async () => {
    const clock = new VirtualClock();
    const bulkhead = new BulkheadPolicy({ maxConcurrent: 1, maxQueue: 1, clock });
    const limiter = new RateLimitPolicy({ limit: 10, intervalMs: 1_000, clock });
    const policy = wrap(fallback('fallback'), bulkhead, limiter);
    const block = gate();
    const first = policy.execute(() => block.promise);
    const controller = new AbortController();
    const ran = vi.fn();
    const queued = policy.execute(ran, { signal: controller.signal });
    expect(bulkhead.queued).toBe(1);
    const reason = new Error('left');
    controller.abort(reason);
    // Aborted by its caller: no fallback, the signal's reason.
    await expect(queued).rejects.toBe(reason);
    expect(abortListeners(controller.signal)).toBe(0);
    block.resolve('first');
    await expect(first).resolves.toBe('first');
    const other = new AbortController();
    await expect(policy.execute(({ signal }) => signal, { signal: other.signal })).resolves.toBe(
      other.signal,
    );
    expect(ran).not.toHaveBeenCalled();
    expect(clock.pendingTimers).toBe(0);
  });

  it('keeps an outer layer deadline in the merged context when an inner layer has none', async () => {
    const clock = new VirtualClock();
    const policy = wrap(new BulkheadPolicy({ maxConcurrent: 1, clock }), fallback(0));
    const context = await policy.execute((c) => c, { deadline: 123 });
    expect(context.deadline).toBe(123);
  });
});
