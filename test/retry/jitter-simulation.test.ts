import { describe, expect, it } from 'vitest';
import {
  RetryPolicy,
  constant,
  decorrelatedJitter,
  exponential,
  linear,
  type Backoff,
} from '../../src/retry/index.js';
import { VirtualClock } from '../../src/testing/index.js';
import { seeded } from './helpers.js';

/**
 * A smaller run of bench/jitter-simulation.ts (the AWS "Exponential Backoff And Jitter"
 * contention simulation): `clients` writers under optimistic concurrency, all starting at once;
 * a write that finds the resource changed after its 5 ms of work fails and is retried.
 */
async function simulate(clients: number, backoff: Backoff, seed: number) {
  const clock = new VirtualClock();
  const policy = new RetryPolicy({ clock, backoff, maxAttempts: Infinity, random: seeded(seed) });
  let version = 0;
  let calls = 0;
  const write = async (): Promise<void> => {
    calls++;
    const read = version;
    await new Promise<void>((resolve) => clock.setTimer(5, resolve));
    if (version !== read) throw new Error('conflict');
    version++;
  };
  const done = Promise.all(Array.from({ length: clients }, () => policy.execute(write)));
  await clock.runAll(1_000_000);
  await done;
  return { calls, completionMs: clock.now(), commits: version };
}

describe('the jitter contention simulation', () => {
  const options = { initialMs: 10, maxMs: 1_000 };

  it('needs far fewer calls with full or decorrelated jitter than with none', async () => {
    const none = await simulate(20, exponential({ ...options, jitter: 'none' }), 1);
    const full = await simulate(20, exponential({ ...options, jitter: 'full' }), 1);
    const equal = await simulate(20, exponential({ ...options, jitter: 'equal' }), 1);
    const decorrelated = await simulate(20, decorrelatedJitter(options), 1);
    for (const run of [none, full, equal, decorrelated]) expect(run.commits).toBe(20);
    // Without jitter the clients stay in lockstep: one commit per round, 20 + 19 + ... + 1 calls.
    expect(none.calls).toBe(210);
    expect(full.calls).toBeLessThan(none.calls / 2);
    expect(decorrelated.calls).toBeLessThan(none.calls / 2);
    expect(equal.calls).toBeLessThan(none.calls);
    expect(full.completionMs).toBeLessThan(none.completionMs / 4);
    expect(decorrelated.completionMs).toBeLessThan(none.completionMs / 4);
  });

  it('breaks the lockstep of constant and linear delays too, with a jitter of ±25 %', async () => {
    const constantNone = await simulate(20, constant(50), 1);
    const constantSpread = await simulate(20, constant(50, { jitter: 0.25 }), 1);
    const steps = { initialMs: 10, stepMs: 10, maxMs: 1_000 };
    const linearNone = await simulate(20, linear(steps), 1);
    const linearSpread = await simulate(20, linear({ ...steps, jitter: 0.25 }), 1);
    for (const run of [constantNone, constantSpread, linearNone, linearSpread]) {
      expect(run.commits).toBe(20);
    }
    expect(constantNone.calls).toBe(210);
    expect(linearNone.calls).toBe(210);
    expect(constantSpread.calls).toBeLessThan(constantNone.calls / 2);
    expect(linearSpread.calls).toBeLessThan(linearNone.calls / 2);
    expect(constantSpread.completionMs).toBeLessThan(constantNone.completionMs / 2);
    expect(linearSpread.completionMs).toBeLessThan(linearNone.completionMs / 4);
  });

  it('is deterministic for a seed', async () => {
    const a = await simulate(10, exponential(options), 7);
    const b = await simulate(10, exponential(options), 7);
    expect(a).toEqual(b);
    const spread = () => linear({ initialMs: 10, stepMs: 10, jitter: 0.5 });
    expect(await simulate(10, spread(), 7)).toEqual(await simulate(10, spread(), 7));
  });
});
