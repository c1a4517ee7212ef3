import { describe, expect, it } from 'vitest';
import { runVariant } from '../../../src/simulator/engine/run-variant.js';
import { StallGuard } from '../../../src/simulator/engine/stall-guard.js';
import { parseScenario } from '../../../src/simulator/index.js';
import { VirtualClock } from '../../../src/testing/index.js';

/** A retry with no backoff against a dependency that fails at once: it re-arms at one instant. */
const stuck = parseScenario({
  name: 'stuck',
  duration: '1m',
  traffic: 5,
  dependency: { errorRate: 1, latency: 0 },
  variants: [
    { name: 'fine', layers: [] },
    {
      name: 'spinning',
      layers: [{ retry: { maxAttempts: 1e9, backoff: { type: 'constant', delayMs: 0 } } }],
    },
  ],
  slos: [{ name: 'availability', objective: 0.99 }],
});

describe('StallGuard', () => {
  it('counts only the timers that fire at one instant', async () => {
    const clock = new VirtualClock();
    const guard = new StallGuard(clock, 3);
    let fired = 0;
    for (let i = 0; i < 3; i++) guard.setTimer(0, () => fired++);
    guard.setTimer(1, () => fired++);
    await clock.advance(1);
    expect([fired, guard.stalledAt]).toEqual([4, undefined]);
    // At 1 ms, one has fired already: two more may, the third trips the guard, the fourth is inert.
    for (let i = 0; i < 4; i++) guard.setTimer(0, () => fired++);
    await clock.advance(0);
    expect([fired, guard.stalledAt]).toEqual([6, 1]);
  });

  it('stops a variant that re-arms without delay, naming the time and the variant', async () => {
    let driver: VirtualClock | undefined;
    const run = runVariant(
      stuck,
      stuck.variants[1]!,
      1,
      () => {},
      (clock) => {
        driver = clock;
        return new StallGuard(clock, 1_000);
      },
    );
    await expect(run).rejects.toThrow(
      /^the simulation stalled at 197\.275 ms of virtual time in variant "spinning": 1000 timers fired without time moving, so a layer retries or re-arms without delay/,
    );
    // It stopped at the stall: the clock went no further, and the rest of the run never started.
    expect(driver!.now()).toBeLessThan(1_000);
  });

  it('leaves alone a variant that makes progress', async () => {
    const result = await runVariant(
      stuck,
      stuck.variants[0]!,
      1,
      () => {},
      (clock) => {
        return new StallGuard(clock, 1_000);
      },
    );
    expect(result.summary.requests).toBeGreaterThan(250);
  });

  it('leaves no real timer or handle behind when it stops a run', async () => {
    const before = process.getActiveResourcesInfo().length;
    await expect(
      runVariant(
        stuck,
        stuck.variants[1]!,
        1,
        () => {},
        (clock) => new StallGuard(clock, 1_000),
      ),
    ).rejects.toThrow(/stalled/);
    expect(process.getActiveResourcesInfo().length).toBeLessThanOrEqual(before);
  });
});
