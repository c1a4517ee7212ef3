import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import {
  CircuitBreaker,
  consecutiveFailures,
  failureRate,
  type CircuitState,
} from '../../src/breaker/index.js';
import { sleep } from '../../src/clock/index.js';
import { VirtualClock } from '../../src/testing/index.js';
import { outcome } from './helpers.js';

class NotFound extends Error {}

type Probe = 'success' | 'failure' | 'ignored';

/** A breaker tripped and waited out: the next call is a probe. */
async function halfOpenBreaker(
  maxFailures: number,
  successesToClose: number,
): Promise<{ breaker: CircuitBreaker; clock: VirtualClock }> {
  const clock = new VirtualClock();
  const breaker = new CircuitBreaker({
    clock,
    trip: consecutiveFailures(1),
    openMs: 100,
    halfOpen: { maxFailures, successesToClose },
    isFailure: (error) => !(error instanceof NotFound),
  });
  await outcome(breaker.execute(() => Promise.reject(new Error('trip'))));
  await clock.advance(100);
  return { breaker, clock };
}

function run(breaker: CircuitBreaker, probe: Probe, error = new Error('probe failed')) {
  return outcome(
    breaker.execute(() => {
      if (probe === 'success') return 'ok';
      throw probe === 'ignored' ? new NotFound('not found') : error;
    }),
  );
}

describe('CircuitBreaker halfOpen.maxFailures', () => {
  it('re-opens only once more probes than maxFailures failed, with the last one as cause', async () => {
    const { breaker } = await halfOpenBreaker(2, 3);
    await run(breaker, 'failure');
    await run(breaker, 'failure');
    await run(breaker, 'success');
    expect(breaker.state).toBe('half-open');
    const third = new Error('third');
    await run(breaker, 'failure', third);
    expect(breaker.state).toBe('open');
    expect(breaker.snapshot()).toMatchObject({ openedTimes: 2 });
    const rejected = await outcome(breaker.execute(() => 1));
    expect(rejected).toMatchObject({ ok: false, error: { state: 'open', cause: third } });
  });

  it('closes once successesToClose probes succeeded, failures in between', async () => {
    const { breaker } = await halfOpenBreaker(1, 2);
    await run(breaker, 'success');
    await run(breaker, 'failure');
    expect(breaker.state).toBe('half-open');
    await run(breaker, 'success');
    expect(breaker.state).toBe('closed');
  });

  it('counts afresh in each half-open period, and never counts ignored probes', async () => {
    const { breaker, clock } = await halfOpenBreaker(1, 5);
    await run(breaker, 'failure');
    await run(breaker, 'ignored');
    await run(breaker, 'ignored');
    expect(breaker.state).toBe('half-open');
    await run(breaker, 'failure');
    expect(breaker.state).toBe('open');
    await clock.advance(100);
    await run(breaker, 'failure');
    expect(breaker.state).toBe('half-open');
  });

  it('counts a slow probe as a failed one when the condition counts slow calls', async () => {
    const clock = new VirtualClock();
    const breaker = new CircuitBreaker({
      clock,
      slowCallMs: 10,
      openMs: 100,
      halfOpen: { maxFailures: 1, successesToClose: 3 },
      trip: failureRate({
        threshold: 1,
        minimumCalls: 1,
        window: { calls: 1 },
        slowCallThreshold: 1,
      }),
    });
    await outcome(breaker.execute(() => Promise.reject(new Error('trip'))));
    await clock.advance(100);
    for (let i = 0; i < 2; i++) {
      const slow = breaker.execute(() => sleep(11, { clock }));
      await clock.advance(11);
      await slow;
    }
    expect(breaker.state).toBe('open');
  });

  // Probes one at a time: the breaker re-opens at the (maxFailures + 1)-th failed probe and
  // closes at the successesToClose-th successful one, whichever comes first; ignored probes
  // change nothing.
  it('decides as a plain count of probe outcomes says', async () => {
    await fc.assert(
      fc.asyncProperty(
        fc.integer({ min: 0, max: 3 }),
        fc.integer({ min: 1, max: 4 }),
        fc.array(fc.constantFrom<Probe>('success', 'failure', 'failure', 'ignored'), {
          maxLength: 12,
        }),
        async (maxFailures, successesToClose, probes) => {
          const { breaker } = await halfOpenBreaker(maxFailures, successesToClose);
          let failures = 0;
          let successes = 0;
          for (const probe of probes) {
            if (probe === 'failure') failures++;
            if (probe === 'success') successes++;
            let expected: CircuitState = 'half-open';
            if (failures > maxFailures) expected = 'open';
            else if (successes >= successesToClose) expected = 'closed';
            await run(breaker, probe);
            expect(breaker.state).toBe(expected);
            if (expected !== 'half-open') return;
          }
        },
      ),
      { numRuns: 200 },
    );
  });
});
