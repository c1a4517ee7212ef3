import { describe, expect, it } from 'vitest';
import { constant, retry, RetryPolicy, type RetryContext } from '../../src/retry/index.js';
import { VirtualClock } from '../../src/testing/index.js';

describe('RetryPolicy and a call deadline', () => {
  it('hands the deadline to every attempt, and starts no retry whose delay ends at or after it', async () => {
    const clock = new VirtualClock();
    const policy = new RetryPolicy({ clock, maxAttempts: 10, backoff: constant(100) });
    const giveUps: unknown[] = [];
    policy.events.on('giveUp', ({ reason, attempts, error }) =>
      giveUps.push({ reason, attempts, error }),
    );
    const contexts: RetryContext[] = [];
    const failures: Error[] = [];
    const call = policy
      .execute(
        (context) => {
          contexts.push(context);
          const failure = new Error(`attempt ${context.attempt}`);
          failures.push(failure);
          return Promise.reject(failure);
        },
        { deadline: 300 },
      )
      .catch((error: unknown) => error);
    await clock.runAll();
    // Retries at 100 and 200; the one at 300 would start at the deadline: not started.
    expect(contexts.map((c) => [c.attempt, c.deadline])).toEqual([
      [1, 300],
      [2, 300],
      [3, 300],
    ]);
    expect(await call).toBe(failures[2]);
    expect(giveUps).toEqual([{ reason: 'deadline', attempts: 3, error: failures[2] }]);
    expect(clock.pendingTimers).toBe(0);
  });

  it('still makes the first attempt when the deadline has passed, and gives up after it', async () => {
    const clock = new VirtualClock(1_000);
    const policy = new RetryPolicy({ clock, backoff: constant(0) });
    const reasons: string[] = [];
    policy.events.on('giveUp', ({ reason }) => reasons.push(reason));
    let attempts = 0;
    const failure = new Error('down');
    const call = policy.execute(
      () => {
        attempts++;
        throw failure;
      },
      { deadline: 1_000 },
    );
    await expect(call).rejects.toBe(failure);
    expect(attempts).toBe(1);
    expect(reasons).toEqual(['deadline']);
  });

  it('has no deadline in the context when none is given; retry() takes one', async () => {
    const clock = new VirtualClock();
    const policy = new RetryPolicy({ clock });
    await expect(policy.execute((context) => context.deadline)).resolves.toBeUndefined();
    const seen: (number | undefined)[] = [];
    const call = retry(
      ({ deadline }) => {
        seen.push(deadline);
        throw new Error('again');
      },
      { clock, backoff: constant(10), maxAttempts: 5, deadline: 25 },
    ).catch(() => undefined);
    await clock.runAll();
    await call;
    expect(seen).toEqual([25, 25, 25]);
  });
});
