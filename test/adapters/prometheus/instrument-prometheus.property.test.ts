import fc from 'fast-check';
import { Registry } from 'prom-client';
import { describe, expect, it } from 'vitest';
import { instrumentPrometheus } from '../../../src/adapters/prometheus/index.js';
import {
  CircuitBreaker,
  consecutiveFailures,
  isBrokenCircuitError,
  type CircuitState,
} from '../../../src/breaker/index.js';
import { VirtualClock } from '../../../src/testing/index.js';
import { sample } from '../helpers.js';
import { sleep } from '../../../src/clock/index.js';

type Op = 'ok' | 'slow' | 'fail' | 'isolate' | 'release' | 'reset' | { advance: number };

const op: fc.Arbitrary<Op> = fc.oneof(
  { arbitrary: fc.constantFrom<Op>('ok', 'slow'), weight: 3 },
  { arbitrary: fc.constant<Op>('fail'), weight: 4 },
  { arbitrary: fc.constantFrom<Op>('isolate', 'release', 'reset'), weight: 1 },
  { arbitrary: fc.integer({ min: 1, max: 800 }).map((advance) => ({ advance })), weight: 3 },
);

const DURATION: Record<'ok' | 'slow' | 'fail', number> = { ok: 10, slow: 150, fail: 20 };
const STATES: CircuitState[] = ['closed', 'open', 'half-open', 'isolated'];

describe('instrumentPrometheus: property', () => {
  it('reports what the callers saw, for any sequence of calls, waits and controls', async () => {
    const reached = new Set<string>();
    await fc.assert(
      fc.asyncProperty(fc.array(op, { maxLength: 50 }), async (ops) => {
        const clock = new VirtualClock();
        const registry = new Registry();
        const breaker = new CircuitBreaker({
          name: 'b',
          clock,
          trip: consecutiveFailures(2),
          openMs: 500,
          slowCallMs: 100,
        });
        const metrics = instrumentPrometheus({ breakers: [breaker] }, { registry });
        // The reference: outcomes as the callers got them, and durations as the test imposed them.
        const seen = { success: 0, failure: 0, rejected: 0, slow: 0 };
        const sums = { success: 0, failure: 0 };
        const changes = new Map<string, number>();
        const releases: (() => void)[] = [];
        breaker.events.on('stateChange', ({ from, to }) => {
          changes.set(`${from}>${to}`, (changes.get(`${from}>${to}`) ?? 0) + 1);
        });
        for (const step of ops) {
          if (typeof step === 'object') await clock.advance(step.advance);
          else if (step === 'isolate') releases.push(breaker.isolate());
          else if (step === 'release') releases.pop()?.();
          else if (step === 'reset') breaker.reset();
          else {
            const ms = DURATION[step];
            const call = breaker.execute(async () => {
              await sleep(ms, { clock });
              if (step === 'fail') throw new Error('down');
            });
            const result = call.then(
              () => 'success' as const,
              (error: unknown) => (isBrokenCircuitError(error) ? 'rejected' : 'failure'),
            );
            await clock.advance(ms);
            const outcome = await result;
            seen[outcome]++;
            if (outcome !== 'rejected') {
              sums[outcome] += ms / 1000;
              if (step === 'slow') seen.slow++;
            }
          }
        }
        const text = await registry.metrics();
        const at = (series: string) => sample(text, series);
        for (const outcome of ['success', 'failure', 'rejected'] as const) {
          expect(at(`ballast_breaker_calls_total{breaker="b",outcome="${outcome}"}`)).toBe(
            seen[outcome],
          );
        }
        for (const outcome of ['success', 'failure'] as const) {
          const h = `ballast_breaker_call_duration_seconds`;
          expect(at(`${h}_count{breaker="b",outcome="${outcome}"}`)).toBe(seen[outcome]);
          expect(at(`${h}_sum{breaker="b",outcome="${outcome}"}`)).toBeCloseTo(sums[outcome], 9);
        }
        expect(at('ballast_breaker_slow_calls_total{breaker="b"}')).toBe(seen.slow);
        for (const state of STATES) {
          const value = at(`ballast_breaker_state{breaker="b",state="${state}"}`);
          expect(value).toBe(state === breaker.state ? 1 : 0);
        }
        for (const [key, count] of changes) {
          const [from, to] = key.split('>');
          expect(
            at(`ballast_breaker_state_changes_total{breaker="b",from="${from}",to="${to}"}`),
          ).toBe(count);
        }
        metrics.detach();
        for (const key of changes.keys()) reached.add(key.split('>')[1]!);
        if (seen.rejected > 0) reached.add('a rejection');
      }),
      {
        numRuns: 60,
        // One run that surely visits every state, so that the coverage check below never depends
        // on the random draws: trip, a rejection, a probe that closes, an isolation and release.
        examples: [[['fail', 'fail', 'ok', { advance: 500 }, 'ok', 'isolate', 'release']]],
      },
    );
    // The runs went through every state, so the property was checked beyond the closed circuit.
    expect([...reached].sort()).toEqual(['a rejection', 'closed', 'half-open', 'isolated', 'open']);
  });
});
