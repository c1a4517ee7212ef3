import { describe, expect, it } from 'vitest';
import { CircuitBreaker, consecutiveFailures } from '../../src/breaker/index.js';
import type { Clock } from '../../src/clock/index.js';
import { RetryPolicy } from '../../src/retry/index.js';

describe('execute with a clock that throws', () => {
  const broken = new Error('clock broke');
  const clock: Clock = {
    now: () => {
      throw broken;
    },
    setTimer: () => () => undefined,
  };

  function settle(run: () => Promise<unknown>): Promise<unknown> {
    let promise: Promise<unknown> | undefined;
    expect(() => (promise = run())).not.toThrow();
    return promise!.then(
      () => 'resolved',
      (error: unknown) => error,
    );
  }

  it('RetryPolicy rejects with the clock error, never throws, and gives up once', async () => {
    const policy = new RetryPolicy({ clock, maxElapsedMs: 1_000 });
    const giveUps: unknown[] = [];
    policy.events.on('giveUp', ({ reason }) => giveUps.push(reason));
    let ran = false;
    expect(await settle(() => policy.execute(() => (ran = true)))).toBe(broken);
    expect(ran).toBe(false);
    expect(giveUps).toEqual(['notRetryable']);
  });

  it('CircuitBreaker rejects with the clock error, never throws, when it times calls', async () => {
    const breaker = new CircuitBreaker({ clock, slowCallMs: 5 });
    expect(await settle(() => breaker.execute(() => 1))).toBe(broken);
  });

  it('CircuitBreaker rejects with the clock error, never throws, when open', async () => {
    let reading = 0;
    let fail = false;
    const flaky: Clock = {
      now: () => {
        if (fail) throw broken;
        return reading;
      },
      setTimer: () => () => undefined,
    };
    const breaker = new CircuitBreaker({ clock: flaky, trip: consecutiveFailures(1) });
    await breaker.execute(() => Promise.reject(new Error('down'))).catch(() => undefined);
    expect(breaker.state).toBe('open');
    reading = 1;
    fail = true;
    expect(await settle(() => breaker.execute(() => 1))).toBe(broken);
  });
});
