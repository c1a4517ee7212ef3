import { afterEach, describe, expect, it } from 'vitest';
import { sleep } from '../../src/clock/index.js';
import { observe, wrap, type Observer } from '../../src/policy/index.js';
import { SloSet, SloTracker } from '../../src/slo/index.js';
import { VirtualClock } from '../../src/testing/index.js';

const trackers: SloTracker[] = [];
afterEach(() => {
  for (const slo of trackers.splice(0)) slo.close();
});

describe('observe(sloSet)', () => {
  it('feeds every tracker of the set from one policy, classifying once', async () => {
    const clock = new VirtualClock();
    const options = { alerts: false as const, windowMs: 3_600_000, clock };
    const fast = new SloTracker({
      ...options,
      name: 'fast',
      objective: 0.9,
      latencyThresholdMs: 100,
    });
    const available = new SloTracker({ ...options, name: 'available', objective: 0.999 });
    trackers.push(fast, available);
    const set = new SloSet([fast, available]);
    const observer: Observer = set;
    let classified = 0;
    const policy = wrap(
      observe(observer, {
        isResultFailure: (result) => {
          classified++;
          return result === 'bad';
        },
      }),
    );
    const slow = policy.execute(() => sleep(300, { clock }).then(() => 'ok'));
    await clock.advance(300);
    await expect(slow).resolves.toBe('ok');
    await expect(policy.execute(() => 'bad')).resolves.toBe('bad');
    expect(classified).toBe(2);
    expect(fast.totals()).toEqual({ good: 0, total: 2 });
    expect(available.totals()).toEqual({ good: 1, total: 2 });
    expect(fast.latency()).toMatchObject({ count: 2, maxMs: 300 });
  });
});
