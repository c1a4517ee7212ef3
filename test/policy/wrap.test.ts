import { describe, expect, expectTypeOf, it } from 'vitest';
import { observe, wrap, type Policy, type PolicyContext } from '../../src/policy/index.js';

/** A policy that logs around the call and adds a field to the context. */
function tracing<K extends string>(
  log: string[],
  name: K,
): Policy<PolicyContext & Record<K, string>> {
  return {
    async execute(fn, options) {
      log.push(`${name}:in`);
      try {
        const signal = options?.signal ?? new AbortController().signal;
        return await fn({ signal, [name]: name } as PolicyContext & Record<K, string>);
      } finally {
        log.push(`${name}:out`);
      }
    },
  };
}

describe('wrap', () => {
  it('runs policies outermost first and merges their contexts', async () => {
    const log: string[] = [];
    const policy = wrap(tracing(log, 'a'), tracing(log, 'b'), tracing(log, 'c'));
    const result = await policy.execute((context) => {
      expectTypeOf(context).toExtend<{ a: string; b: string; c: string; signal: AbortSignal }>();
      log.push('fn');
      return [context.a, context.b, context.c].join('');
    });
    expect(result).toBe('abc');
    expect(log).toEqual(['a:in', 'b:in', 'c:in', 'fn', 'c:out', 'b:out', 'a:out']);
  });

  it('passes the caller signal down and the error up unchanged', async () => {
    const controller = new AbortController();
    const boom = new Error('boom');
    let seen: AbortSignal | undefined;
    const policy = wrap(tracing([], 'a'), tracing([], 'b'));
    await expect(
      policy.execute(
        ({ signal }) => {
          seen = signal;
          throw boom;
        },
        { signal: controller.signal },
      ),
    ).rejects.toBe(boom);
    expect(seen).toBe(controller.signal);
  });

  it('rejects an empty or malformed list', () => {
    expect(() => (wrap as (...p: unknown[]) => unknown)()).toThrow(RangeError);
    expect(() => wrap({} as Policy)).toThrow(/policies\[0\] must have an execute\(\) method/);
  });

  it('names the empty list and the position of the malformed policy', () => {
    expect(() => (wrap as (...p: unknown[]) => unknown)()).toThrow(
      new RangeError('wrap needs at least one policy'),
    );
    const fine = tracing([], 'a');
    expect(() => wrap(fine, null as never)).toThrow(
      new TypeError('policies[1] must have an execute() method'),
    );
    expect(() => wrap(fine, fine, { execute: 'run' } as never)).toThrow(
      new TypeError('policies[2] must have an execute() method'),
    );
  });

  it("hands the function a single policy's own context, as is", async () => {
    // Not a copy: a context with getters or methods reaches the function intact.
    const context = { signal: new AbortController().signal, attempt: 1 };
    const policy: Policy<typeof context> = { execute: async (fn) => fn(context) };
    let seen: unknown;
    await wrap(policy).execute((received) => (seen = received));
    expect(seen).toBe(context);
  });
});

describe('observe', () => {
  it('hands the call to the observer with a context', async () => {
    const observed: string[] = [];
    const observer = {
      async observe<T>(fn: () => T | PromiseLike<T>): Promise<T> {
        observed.push('start');
        const value = await fn();
        observed.push('end');
        return value;
      },
    };
    const controller = new AbortController();
    const value = await observe(observer).execute(({ signal }) => signal === controller.signal, {
      signal: controller.signal,
    });
    expect(value).toBe(true);
    expect(observed).toEqual(['start', 'end']);
    await expect(observe(observer).execute(({ signal }) => signal.aborted)).resolves.toBe(false);
  });

  it('needs an observe() method', () => {
    expect(() => observe({} as never)).toThrow(/observer must have an observe\(\) method/);
  });

  it('rejects a null or undefined observer with the same TypeError', () => {
    for (const observer of [null, undefined, { observe: 1 }]) {
      expect(() => observe(observer as never)).toThrow(
        new TypeError('observer must have an observe() method'),
      );
    }
  });
});
