import { describe, expect, expectTypeOf, it } from 'vitest';
import type { BrokenCircuitError } from '../../src/breaker/index.js';
import {
  CircuitBreaker,
  consecutiveFailures,
  isBrokenCircuitError,
} from '../../src/breaker/index.js';
import { isTimeoutError, observe, TimeoutPolicy, wrap } from '../../src/policy/index.js';
import { constant, RetryPolicy } from '../../src/retry/index.js';
import { SloTracker } from '../../src/slo/index.js';
import { scripted, SimulatedDependency, VirtualClock } from '../../src/testing/index.js';

// The real modules composed the way the README shows, in virtual time.
describe('wrap with the real modules', () => {
  function stack(clock: VirtualClock) {
    const slo = new SloTracker({ name: 'dep', objective: 0.99, clock, alerts: false });
    const retryPolicy = new RetryPolicy({ maxAttempts: 3, backoff: constant(100), clock });
    const breaker = new CircuitBreaker({ trip: consecutiveFailures(3), openMs: 10_000, clock });
    const timeout = new TimeoutPolicy(1_000, { clock });
    return {
      slo,
      retryPolicy,
      breaker,
      timeout,
      policy: wrap(observe(slo), retryPolicy, breaker, timeout),
    };
  }

  it('gives the function the retry attempt and the timeout signal', async () => {
    const clock = new VirtualClock();
    const { policy, slo } = stack(clock);
    const seen: number[] = [];
    const result = policy.execute(({ attempt, signal }) => {
      expectTypeOf(attempt).toEqualTypeOf<number>();
      seen.push(attempt);
      if (attempt < 3) throw new Error(`attempt ${attempt} failed`);
      return signal.aborted ? 'aborted' : 'ok';
    });
    await clock.advance(200);
    await expect(result).resolves.toBe('ok');
    expect(seen).toEqual([1, 2, 3]);
    expect(slo.totals()).toEqual({ good: 1, total: 1 });
    slo.close();
    expect(clock.pendingTimers).toBe(0);
  });

  it('returns the last error unchanged and counts each attempt in the breaker', async () => {
    const clock = new VirtualClock();
    const { policy, breaker, slo } = stack(clock);
    const errors = [new Error('a'), new Error('b'), new Error('c')];
    const fn = scripted(errors.map((error) => ({ error })));
    const result = policy.execute(() => fn()).catch((error: unknown) => error);
    await clock.advance(1_000);
    expect(await result).toBe(errors[2]);
    expect(breaker.state).toBe('open');
    expect(slo.totals()).toEqual({ good: 0, total: 1 });
    // The open breaker rejects every attempt without running the function.
    const pending = policy.execute(() => 'never runs').catch((error: unknown) => error);
    await clock.advance(200);
    const rejected = await pending;
    expect(isBrokenCircuitError(rejected)).toBe(true);
    expect((rejected as BrokenCircuitError).retryAfterMs).toBe(10_000 - 1_000);
    slo.close();
  });

  it('times out a hung attempt, which the breaker counts and the retry retries', async () => {
    const clock = new VirtualClock();
    const { policy, breaker, slo } = stack(clock);
    const dependency = new SimulatedDependency({ clock, latencyMs: 5_000 });
    const result = policy.execute(({ signal }) => dependency.call(signal)).catch((e: unknown) => e);
    await clock.advance(3 * 1_000 + 2 * 100);
    expect(isTimeoutError(await result)).toBe(true);
    expect(dependency.calls).toBe(3);
    expect(breaker.state).toBe('open');
    slo.close();
    expect(clock.pendingTimers).toBe(0);
  });

  it('lets the caller abort everything at once', async () => {
    const clock = new VirtualClock();
    const { policy, slo } = stack(clock);
    const dependency = new SimulatedDependency({ clock, latencyMs: 500 });
    const controller = new AbortController();
    const result = policy.execute(({ signal }) => dependency.call(signal), {
      signal: controller.signal,
    });
    await clock.advance(100);
    const reason = new Error('client went away');
    controller.abort(reason);
    await expect(result).rejects.toBe(reason);
    slo.close();
    expect(clock.pendingTimers).toBe(0);
  });
});
