import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest';
import { CircuitBreaker, consecutiveFailures, failureRate } from '../../src/breaker/index.js';
import { observe, wrap, type Policy } from '../../src/policy/index.js';
import { RetryPolicy } from '../../src/retry/index.js';
import { SloTracker } from '../../src/slo/index.js';
import { VirtualClock } from '../../src/testing/index.js';

// What a layer that only observes a call's outcome must keep true, however it attaches its
// bookkeeping: the state has moved before the caller's `await` resumes; the result or error
// reaches the caller as the same object; a synchronous throw still becomes a rejection; a
// non-native thenable works; and nothing ends up as an unhandled rejection, not even when the
// bookkeeping itself throws.

interface Layer {
  readonly name: string;
  /** Runs `fn` through the layer. */
  run<T>(fn: () => T | PromiseLike<T>): Promise<T>;
  /** How many failures and successes the layer has counted so far. */
  counts(): { failures: number; successes: number };
  /** Makes the layer's next bookkeeping throw, where the layer has a user hook that can. */
  breakBookkeeping?(): void;
}

function consecutiveBreaker(): Layer {
  let broken = false;
  const breaker = new CircuitBreaker({
    trip: consecutiveFailures(1_000),
    clock: new VirtualClock(),
    isFailure: () => {
      if (broken) throw new Error('classifier fault');
      return true;
    },
  });
  return {
    name: 'closed consecutive breaker',
    run: (fn) => breaker.execute(fn),
    counts: () => {
      const m = breaker.metrics();
      return { failures: m.failuresTotal, successes: m.successesTotal };
    },
    breakBookkeeping: () => {
      broken = true;
    },
  };
}

function timeWindowBreaker(): Layer {
  const breaker = new CircuitBreaker({
    trip: failureRate({
      threshold: 0.99,
      minimumCalls: 1_000,
      window: { durationMs: 10_000, buckets: 10 },
    }),
    clock: new VirtualClock(),
  });
  return {
    name: 'closed time-window breaker',
    run: (fn) => breaker.execute(fn),
    counts: () => {
      const m = breaker.metrics();
      return { failures: m.failuresTotal, successes: m.successesTotal };
    },
  };
}

function sloObserve(): Layer {
  const slo = new SloTracker({ name: 'layer', objective: 0.99, clock: new VirtualClock() });
  return {
    name: 'SloTracker.observe',
    run: (fn) => slo.observe(fn),
    counts: () => sloCounts(slo),
  };
}

function observePolicy(): Layer {
  const slo = new SloTracker({ name: 'layer', objective: 0.99, clock: new VirtualClock() });
  let broken = false;
  const policy: Policy = observe(slo, {
    isFailure: () => {
      if (broken) throw new Error('classifier fault');
      return true;
    },
  });
  return {
    name: 'observe(slo)',
    run: (fn) => policy.execute(fn),
    counts: () => sloCounts(slo),
    breakBookkeeping: () => {
      broken = true;
    },
  };
}

function stack(): Layer {
  const clock = new VirtualClock();
  const slo = new SloTracker({ name: 'stack', objective: 0.99, clock });
  const policy = wrap(
    observe(slo),
    new RetryPolicy({ maxAttempts: 1, clock }),
    new CircuitBreaker({ trip: consecutiveFailures(1_000), clock }),
  );
  return {
    name: 'wrap(observe(slo), retry, breaker)',
    run: (fn) => policy.execute(fn),
    counts: () => sloCounts(slo),
  };
}

const layers = [consecutiveBreaker, timeWindowBreaker, sloObserve, observePolicy, stack];

let unhandled: unknown[] = [];
const onUnhandled = (reason: unknown): void => {
  unhandled.push(reason);
};

beforeEach(() => {
  unhandled = [];
  process.on('unhandledRejection', onUnhandled);
});

afterEach(() => {
  process.off('unhandledRejection', onUnhandled);
  vi.restoreAllMocks();
});

/** Lets every pending reaction and Node's unhandled-rejection check run. */
function settleAll(): Promise<void> {
  return new Promise((resolve) => setTimeout(resolve, 5));
}

describe.each(layers.map((make) => [make().name, make] as const))('%s', (_name, make) => {
  it('has counted a success before the caller resumes, and hands on the same object', async () => {
    const layer = make();
    const value = { id: 1 };
    const result = await layer.run(() => Promise.resolve(value));
    expect(layer.counts().successes).toBe(1);
    expect(result).toBe(value);
  });

  it('has counted a failure before the caller resumes, and hands on the same error', async () => {
    const layer = make();
    const error = new Error('down');
    const caught = await layer.run(() => Promise.reject(error)).catch((e: unknown) => e);
    expect(layer.counts().failures).toBe(1);
    expect(caught).toBe(error);
  });

  it('has counted before the continuation of a caller who awaits in an async function', async () => {
    const layer = make();
    const seen: number[] = [];
    const caller = async (): Promise<void> => {
      try {
        await layer.run(() => Promise.reject(new Error('down')));
      } catch {
        seen.push(layer.counts().failures);
      }
      await layer.run(() => 'ok');
      seen.push(layer.counts().successes);
    };
    await caller();
    expect(seen).toEqual([1, 1]);
  });

  it('turns a synchronous throw into a rejection with the same error', async () => {
    const layer = make();
    const error = new Error('sync');
    let returned: Promise<unknown> | undefined;
    expect(() => {
      returned = layer.run(() => {
        throw error;
      });
    }).not.toThrow();
    await expect(returned).rejects.toBe(error);
    expect(layer.counts().failures).toBe(1);
  });

  it('takes a non-native thenable, fulfilled and rejected', async () => {
    const layer = make();
    const value = { id: 2 };
    const error = new Error('thenable');
    const fulfilled: PromiseLike<typeof value> = {
      then: (onFulfilled) => Promise.resolve(onFulfilled?.(value)) as never,
    };
    const rejected: PromiseLike<never> = {
      then: (_onFulfilled, onRejected) => Promise.resolve(onRejected?.(error)) as never,
    };
    await expect(layer.run(() => fulfilled)).resolves.toBe(value);
    await expect(layer.run(() => rejected)).rejects.toBe(error);
    expect(layer.counts()).toEqual({ failures: 1, successes: 1 });
  });

  it('leaves no unhandled rejection when the caller handles the error', async () => {
    const layer = make();
    const error = new Error('handled');
    await layer.run(() => Promise.reject(error)).catch(() => undefined);
    await settleAll();
    expect(unhandled).toEqual([]);
  });

  it('leaves no unhandled rejection when its bookkeeping throws, and keeps the outcome', async () => {
    const layer = make();
    if (layer.breakBookkeeping === undefined) return;
    vi.spyOn(process, 'emitWarning').mockImplementation(() => undefined);
    layer.breakBookkeeping();
    const error = new Error('down');
    const caught = await layer.run(() => Promise.reject(error)).catch((e: unknown) => e);
    expect(caught).toBe(error);
    await settleAll();
    expect(unhandled).toEqual([]);
  });
});

function sloCounts(slo: SloTracker): { failures: number; successes: number } {
  const { good, total } = slo.totals();
  return { failures: total - good, successes: good };
}
