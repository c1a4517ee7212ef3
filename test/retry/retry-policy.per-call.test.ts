import { describe, expect, expectTypeOf, it } from 'vitest';
import { RetryPolicy, constant, retry } from '../../src/retry/index.js';
import { VirtualClock } from '../../src/testing/index.js';
import { runToEnd } from './helpers.js';

interface Reply {
  readonly status: number;
}

/** A function that returns the replies in order, counting its calls. */
function replies(...sequence: Reply[]): { fn: () => Promise<Reply>; calls: () => number } {
  let calls = 0;
  return {
    fn: () => Promise.resolve(sequence[Math.min(calls++, sequence.length - 1)]!),
    calls: () => calls,
  };
}

describe('a per-call retryOnResult', () => {
  it('is typed by the call, and replaces the policy’s for that call only', async () => {
    const clock = new VirtualClock();
    const policy = new RetryPolicy({
      maxAttempts: 3,
      backoff: constant(10),
      clock,
      retryOnResult: () => false,
    });
    const busy = { status: 503 };
    const ok = { status: 200 };
    const own = replies(busy, ok);
    const result = await runToEnd(
      clock,
      policy.execute(own.fn, {
        retryOnResult: (reply) => {
          expectTypeOf(reply).toEqualTypeOf<Reply>();
          return reply.status === 503;
        },
      }),
    );
    expect(result).toEqual({ value: ok });
    expect(own.calls()).toBe(2);
    // The next call without one uses the policy's, which accepts the 503.
    const plain = replies(busy, ok);
    expect(await runToEnd(clock, policy.execute(plain.fn))).toEqual({ value: busy });
    expect(plain.calls()).toBe(1);
  });

  it('returns the last rejected result, the same object, when the attempts run out', async () => {
    const clock = new VirtualClock();
    const policy = new RetryPolicy({ maxAttempts: 2, backoff: constant(1), clock });
    const busy = { status: 503 };
    const { fn, calls } = replies(busy);
    const result = await runToEnd(clock, policy.execute(fn, { retryOnResult: () => true }));
    expect(result).toEqual({ value: busy });
    expect((result as { value: Reply }).value).toBe(busy);
    expect(calls()).toBe(2);
  });

  it('rejects a per-call option that is not a function, or unknown, without calling fn', async () => {
    const policy = new RetryPolicy();
    let calls = 0;
    const fn = (): number => ++calls;
    await expect(policy.execute(fn, { retryOnResult: 'yes' } as never)).rejects.toThrow(
      new TypeError('options.retryOnResult must be a function, got "yes"'),
    );
    await expect(policy.execute(fn, { retryOnResults: () => true } as never)).rejects.toThrow(
      'unknown option "retryOnResults" (did you mean "retryOnResult"?)',
    );
    await expect(policy.execute(fn, { retryOnResult: null } as never)).rejects.toThrow(TypeError);
    expect(calls).toBe(0);
  });

  it('lets retry() type its predicate by the function’s result', async () => {
    const clock = new VirtualClock();
    const { fn, calls } = replies({ status: 503 }, { status: 200 });
    const result = await runToEnd(
      clock,
      retry(fn, {
        clock,
        backoff: constant(5),
        retryOnResult: (reply) => {
          expectTypeOf(reply).toEqualTypeOf<Reply>();
          return reply.status >= 500;
        },
      }),
    );
    expect(result).toEqual({ value: { status: 200 } });
    expect(calls()).toBe(2);
  });
});
