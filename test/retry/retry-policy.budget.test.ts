import { describe, expect, it } from 'vitest';
import { RetryPolicy, constant, type RetryBudgetLike } from '../../src/retry/index.js';
import { VirtualClock } from '../../src/testing/index.js';
import { recordEvents, runToEnd } from './helpers.js';

/** Fails `failures` times, then returns 'ok'; keeps what it threw. */
function flaky(failures: number) {
  const thrown: Error[] = [];
  const fn = async (): Promise<string> => {
    if (thrown.length < failures) {
      const error = new Error(`failure ${thrown.length + 1}`);
      thrown.push(error);
      throw error;
    }
    return 'ok';
  };
  return { fn, thrown };
}

describe('RetryPolicy: budget', () => {
  function fakeBudget(allow: (failure: unknown) => number | false) {
    const calls: string[] = [];
    const budget: RetryBudgetLike = {
      recordRequest: () => calls.push('request'),
      tryAcquireRetry: (failure) => {
        const cost = allow(failure);
        calls.push(`retry:${String(cost)}`);
        return cost;
      },
      recordSuccess: (cost) => calls.push(`success:${String(cost)}`),
    };
    return { budget, calls };
  }

  it('deposits once per call, asks before each retry and reports the last cost on success', async () => {
    const clock = new VirtualClock();
    let cost = 0;
    const { budget, calls } = fakeBudget(() => ++cost * 5);
    const policy = new RetryPolicy({ clock, budget, maxAttempts: 5, backoff: constant(1) });
    await runToEnd(clock, policy.execute(flaky(2).fn));
    await policy.execute(() => 'first');
    expect(calls).toEqual([
      'request',
      'retry:5',
      'retry:10',
      'success:10',
      'request',
      'success:undefined',
    ]);
  });

  it('gives up with reason budget and the last error when the budget refuses', async () => {
    const clock = new VirtualClock();
    const { budget, calls } = fakeBudget(() => false);
    const policy = new RetryPolicy({ clock, budget, backoff: constant(1) });
    const log = recordEvents(policy.events);
    const { fn, thrown } = flaky(5);
    const outcome = await runToEnd(clock, policy.execute(fn));
    expect('error' in outcome && outcome.error).toBe(thrown[0]);
    expect(log).toEqual([
      ['giveUp', { attempts: 1, reason: 'budget', durationMs: 0, error: thrown[0] }],
    ]);
    expect(calls).toEqual(['request', 'retry:false']);
  });

  it('is not charged for a retry another limit refuses', async () => {
    const clock = new VirtualClock();
    const { budget, calls } = fakeBudget(() => 1);
    const policy = new RetryPolicy({ clock, budget, maxAttempts: 2, backoff: constant(1) });
    await runToEnd(clock, policy.execute(flaky(5).fn));
    const fatal = new RetryPolicy({ clock, budget, shouldRetry: () => false });
    await runToEnd(clock, fatal.execute(flaky(5).fn));
    const late = new RetryPolicy({ clock, budget, maxElapsedMs: 5, backoff: constant(10) });
    await runToEnd(clock, late.execute(flaky(5).fn));
    expect(calls).toEqual(['request', 'retry:1', 'request', 'request']);
  });
});
