import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { CircuitBreaker, failureRate } from '../../src/breaker/index.js';
import { RetryBudget } from '../../src/retry/index.js';
import { SloTracker } from '../../src/slo/index.js';
import { VirtualClock } from '../../src/testing/index.js';

// Every window aligns its buckets to the clock's zero. Shifted by a whole number of 30-day periods
// (a multiple of every bucket width), a run must behave exactly as it does from zero: any clock
// reading up to Number.MAX_SAFE_INTEGER is ordinary time, not a place where a window hangs or
// miscounts.
const PERIOD_MS = 30 * 86_400_000;
const MAX_PERIODS = Math.floor((Number.MAX_SAFE_INTEGER - 100 * 86_400_000) / PERIOD_MS);

type Step =
  | { readonly kind: 'call'; readonly ok: boolean; readonly latencyMs: number }
  | { readonly kind: 'wait'; readonly ms: number };

const step: fc.Arbitrary<Step> = fc.oneof(
  fc.record({
    kind: fc.constant('call' as const),
    ok: fc.boolean(),
    latencyMs: fc.integer({ min: 0, max: 500 }),
  }),
  fc.record({
    kind: fc.constant('wait' as const),
    // Long waits are few and at most six hours: each fires the tracker's housekeeping timers.
    ms: fc.oneof(
      { arbitrary: fc.integer({ min: 0, max: 20_000 }), weight: 8 },
      { arbitrary: fc.integer({ min: 0, max: 6 * 3_600_000 }), weight: 1 },
    ),
  }),
);

async function run(startMs: number, steps: readonly Step[]): Promise<unknown[]> {
  const clock = new VirtualClock(startMs);
  const slo = new SloTracker({ name: 'x', objective: 0.99, latencyThresholdMs: 300, clock });
  const breaker = new CircuitBreaker({
    clock,
    openMs: 1_000,
    trip: failureRate({ threshold: 0.5, minimumCalls: 4, window: { durationMs: 10_000 } }),
  });
  const budget = new RetryBudget({ clock });
  const alerts: unknown[] = [];
  slo.events.on('alertStart', ({ alert }) =>
    alerts.push(['start', clock.now() - startMs, alert.severity]),
  );
  slo.events.on('alertEnd', ({ alert }) =>
    alerts.push(['end', clock.now() - startMs, alert.severity]),
  );
  const seen: unknown[] = [];
  for (const s of steps) {
    if (s.kind === 'wait') {
      await clock.advance(s.ms);
      seen.push(slo.sli(60_000), slo.burnRate(300_000), breaker.state);
      continue;
    }
    budget.recordRequest();
    const outcome = breaker
      .execute(async () => {
        await clock.advance(0);
        if (!s.ok) throw new Error('down');
        return 'ok';
      })
      .then(
        () => 'ok',
        (error: unknown) => (error as Error).name,
      );
    slo.recordCall(s.latencyMs, s.ok);
    seen.push(await outcome, breaker.state, budget.tryAcquireRetry());
  }
  seen.push(
    slo.totals(),
    slo.sli(),
    slo.burnRate(300_000),
    slo.burnRate(3_600_000),
    slo.budget().remaining,
    alerts,
  );
  slo.close();
  return seen;
}

describe('every window at any clock reading up to Number.MAX_SAFE_INTEGER', () => {
  it('behaves the same shifted by whole periods as from zero (property)', async () => {
    await fc.assert(
      fc.asyncProperty(
        fc.oneof(
          fc.integer({ min: 1, max: MAX_PERIODS }),
          fc.integer({ min: Math.floor(MAX_PERIODS / 2), max: MAX_PERIODS }),
          fc.constant(MAX_PERIODS),
        ),
        fc.array(step, { minLength: 10, maxLength: 40 }),
        async (periods, steps) => {
          expect(await run(periods * PERIOD_MS, steps)).toEqual(await run(0, steps));
        },
      ),
      { numRuns: 20 },
    );
  }, 60_000);
});
