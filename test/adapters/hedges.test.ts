import { Registry } from 'prom-client';
import { describe, expect, it } from 'vitest';
import { HedgeTally } from '../../src/adapters/internal/hedge-tally.js';
import { instrumentOpenTelemetry } from '../../src/adapters/opentelemetry/index.js';
import { instrumentPrometheus } from '../../src/adapters/prometheus/index.js';
import { sleep } from '../../src/clock/index.js';
import { Emitter } from '../../src/events/index.js';
import { HedgePolicy, type HedgeContext, type HedgeEvents } from '../../src/policy/index.js';
import { VirtualClock } from '../../src/testing/index.js';
import { FakeMeter, observed } from './fake-meter.js';
import { sample } from './helpers.js';

/** Three calls: the primary wins; the hedge wins; the budget refuses the hedge (primary wins). */
async function traffic(clock: VirtualClock, policy: HedgePolicy): Promise<void> {
  const latencies = [
    [10, 500],
    [500, 10],
    [300, 10],
  ];
  for (const [primary, hedge] of latencies) {
    const call = policy.execute(({ attempt, signal }: HedgeContext) =>
      sleep(attempt === 0 ? primary! : hedge!, { clock, signal }).then(() => attempt),
    );
    await clock.runAll();
    await call;
  }
}

describe('HedgeTally', () => {
  it('counts hedges, refusals by reason and wins by attempt, until detached', () => {
    const events = new Emitter<HedgeEvents>();
    const tally = new HedgeTally('h', { events, maxHedges: 2, name: undefined });
    expect(tally.wins).toEqual([0, 0, 0]);
    events.emit('hedge', { attempt: 1, trigger: 'delay' });
    events.emit('hedgeRefused', { attempt: 2, reason: 'deadline' });
    events.emit('win', { attempt: 1, attempts: 2 });
    events.emit('win', { attempt: 9, attempts: 10 }); // beyond the policy's attempts: ignored
    expect(tally.hedges).toBe(1);
    expect(tally.refused).toEqual({ budget: 0, deadline: 1 });
    expect(tally.wins).toEqual([0, 1, 0]);
    tally.detach();
    events.emit('hedge', { attempt: 1, trigger: 'failure' });
    expect(tally.hedges).toBe(1);
  });
});

describe('instrumentPrometheus: hedge policies', () => {
  it('counts hedges, refusals and wins per policy, from 0, labelled by name', async () => {
    const clock = new VirtualClock();
    const registry = new Registry();
    const policy = new HedgePolicy({ delayMs: 50, budget: { ratio: 0.5 }, clock, name: 'search' });
    const metrics = instrumentPrometheus({ hedges: [policy] }, { registry });
    let text = await registry.metrics();
    expect(sample(text, 'ballast_hedge_hedges_total{policy="search"}')).toBe(0);
    expect(sample(text, 'ballast_hedge_refused_total{policy="search",reason="budget"}')).toBe(0);
    expect(sample(text, 'ballast_hedge_wins_total{policy="search",attempt="1"}')).toBe(0);
    await traffic(clock, policy);
    text = await registry.metrics();
    expect(sample(text, 'ballast_hedge_hedges_total{policy="search"}')).toBe(1);
    expect(sample(text, 'ballast_hedge_refused_total{policy="search",reason="budget"}')).toBe(1);
    expect(sample(text, 'ballast_hedge_refused_total{policy="search",reason="deadline"}')).toBe(0);
    expect(sample(text, 'ballast_hedge_wins_total{policy="search",attempt="0"}')).toBe(2);
    expect(sample(text, 'ballast_hedge_wins_total{policy="search",attempt="1"}')).toBe(1);
    metrics.detach();
    expect(await registry.metrics()).not.toContain('hedge');
  });

  it('takes a record, and refuses an unnamed policy in an array', () => {
    const registry = new Registry();
    const unnamed = new HedgePolicy({ delayMs: 1 });
    expect(() => instrumentPrometheus({ hedges: [unnamed] }, { registry })).toThrow(
      'hedges[0] has no name to label its metrics: give it a name, or pass hedges as a record',
    );
    expect(() => instrumentPrometheus({ hedges: { x: {} as never } }, { registry })).toThrow(
      'hedges.x must be a HedgePolicy, got an object',
    );
    instrumentPrometheus({ hedges: { users: unnamed } }, { registry }).detach();
  });
});

describe('instrumentOpenTelemetry: hedge policies', () => {
  it('observes hedges, refusals and wins per policy, from 0', async () => {
    const clock = new VirtualClock();
    const meter = new FakeMeter();
    const policy = new HedgePolicy({ delayMs: 50, budget: { ratio: 0.5 }, clock });
    const metrics = instrumentOpenTelemetry({ hedges: { search: policy } }, { meter });
    expect(meter.instrument('ballast.hedge.hedges').options?.unit).toBe('{hedge}');
    let seen = await meter.collect();
    expect(observed(seen, 'ballast.hedge.hedges', { policy: 'search' })).toBe(0);
    await traffic(clock, policy);
    seen = await meter.collect();
    expect(observed(seen, 'ballast.hedge.hedges', { policy: 'search' })).toBe(1);
    expect(observed(seen, 'ballast.hedge.refused', { policy: 'search', reason: 'budget' })).toBe(1);
    expect(observed(seen, 'ballast.hedge.wins', { policy: 'search', attempt: '0' })).toBe(2);
    expect(observed(seen, 'ballast.hedge.wins', { policy: 'search', attempt: '1' })).toBe(1);
    metrics.detach();
  });
});
