import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { sleep } from '../../src/clock/index.js';
import { isTimeoutError, TimeoutPolicy, type TimeoutError } from '../../src/policy/index.js';
import { VirtualClock } from '../../src/testing/index.js';

const ms = fc.integer({ min: 1, max: 500 });

const scenario = fc.record({
  /** The policy's timeout: fixed, or what its generator returns. */
  policyMs: ms,
  generated: fc.boolean(),
  /** The call's own timeoutMs, when given. */
  callMs: fc.option(ms, { nil: undefined }),
  strategy: fc.constantFrom('aggressive' as const, 'cooperative' as const),
  /** How long the function runs, whether it stops when its signal aborts, how it ends. */
  durationMs: fc.integer({ min: 0, max: 600 }),
  honoursSignal: fc.boolean(),
  fails: fc.boolean(),
});

type Scenario = typeof scenario extends fc.Arbitrary<infer S> ? S : never;

/**
 * What should happen, by a model that knows nothing of timers: the call's timeout is its own, or
 * else the policy's; it expires when the function runs at least that long (the policy's timer is
 * set before the function starts, so it fires first on a tie). Then the call ends with the
 * TimeoutError at the timeout, unless it is cooperative and the function ignores its signal.
 */
function model(s: Scenario): { timedOut: boolean; endsWithTimeout: boolean; at: number } {
  const timeoutMs = s.callMs ?? s.policyMs;
  const timedOut = s.durationMs >= timeoutMs;
  const endsWithTimeout = timedOut && (s.strategy === 'aggressive' || s.honoursSignal);
  return { timedOut, endsWithTimeout, at: endsWithTimeout ? timeoutMs : s.durationMs };
}

describe('TimeoutPolicy against a model', () => {
  it('ends each call as the model says, emits one event per expired timeout, clears every timer', async () => {
    await fc.assert(
      fc.asyncProperty(scenario, async (s) => {
        const clock = new VirtualClock();
        const policy = new TimeoutPolicy(s.generated ? () => s.policyMs : s.policyMs, {
          clock,
          strategy: s.strategy,
        });
        const events: number[] = [];
        policy.events.on('timeout', ({ timeoutMs, strategy }) => {
          expect(strategy).toBe(s.strategy);
          events.push(timeoutMs);
        });
        const boom = new Error('boom');
        let settlements = 0;
        let at = -1;
        let outcome: { value: unknown } | { error: unknown } | undefined;
        void policy
          .execute(
            ({ signal }) =>
              sleep(s.durationMs, { clock, ...(s.honoursSignal ? { signal } : {}) }).then(() => {
                if (s.fails) throw boom;
                return 'ok';
              }),
            s.callMs === undefined ? undefined : { timeoutMs: s.callMs },
          )
          .then(
            (value) => {
              settlements++;
              at = clock.now();
              outcome = { value };
            },
            (error: unknown) => {
              settlements++;
              at = clock.now();
              outcome = { error };
            },
          );
        await clock.runAll();

        const expected = model(s);
        const timeoutMs = s.callMs ?? s.policyMs;
        expect(settlements).toBe(1);
        expect(at).toBe(expected.at);
        if (expected.endsWithTimeout) {
          const error = (outcome as { error: unknown }).error;
          expect(isTimeoutError(error)).toBe(true);
          expect((error as TimeoutError).timeoutMs).toBe(timeoutMs);
        } else if (s.fails) {
          expect(outcome).toEqual({ error: boom });
          expect((outcome as { error: unknown }).error).toBe(boom);
        } else {
          expect(outcome).toEqual({ value: 'ok' });
        }
        expect(events).toEqual(expected.timedOut ? [timeoutMs] : []);
        expect(clock.pendingTimers).toBe(0);
      }),
      { numRuns: 150 },
    );
  });
});
