import { Registry } from 'prom-client';
import { describe, expect, it } from 'vitest';
import { instrumentOpenTelemetry } from '../../src/adapters/opentelemetry/index.js';
import { instrumentPrometheus } from '../../src/adapters/prometheus/index.js';
import { BulkheadPolicy, fallback, RateLimitPolicy } from '../../src/policy/index.js';
import { VirtualClock } from '../../src/testing/index.js';
import { FakeMeter, observed } from './fake-meter.js';
import { families, sample } from './helpers.js';

function setUp() {
  const clock = new VirtualClock();
  const bulkhead = new BulkheadPolicy({ maxConcurrent: 1, maxQueue: 1, clock, name: 'db' });
  const limiter = new RateLimitPolicy({ limit: 1, intervalMs: 1_000, maxWaitMs: 1_000, clock });
  const safe = fallback('cached');
  return { clock, bulkhead, limiter, safe };
}

/** One call running and one queued in the bulkhead, one shed; one waiting and one refused by the limiter; one fallback. */
async function load({ clock, bulkhead, limiter, safe }: ReturnType<typeof setUp>) {
  let release!: () => void;
  const running = bulkhead.execute(() => new Promise<void>((resolve) => (release = resolve)));
  const queued = bulkhead.execute(() => 'queued');
  await bulkhead.execute(() => 'shed').catch(() => undefined);
  await limiter.execute(() => 'first');
  const waiting = limiter.execute(() => 'waiting');
  await limiter.execute(() => 'refused').catch(() => undefined);
  await limiter.execute(() => 'late', { deadline: clock.now() }).catch(() => undefined);
  await safe.execute(() => Promise.reject(new Error('down')));
  return {
    async finish() {
      release();
      await Promise.all([running, queued]);
      await clock.advance(1_000);
      await waiting;
    },
  };
}

describe('instrumentPrometheus: bulkheads, rate limiters and fallbacks', () => {
  it('exports running and queued calls, rejections by reason and fallbacks, from 0', async () => {
    const targets = setUp();
    const registry = new Registry();
    const { bulkhead, limiter, safe } = targets;
    const instrumentation = instrumentPrometheus(
      { bulkheads: [bulkhead], rateLimiters: { partner: limiter }, fallbacks: { users: safe } },
      { registry },
    );
    let text = await registry.metrics();
    expect(families(text)).toEqual([
      'ballast_bulkhead_active',
      'ballast_bulkhead_queued',
      'ballast_bulkhead_rejections_total',
      'ballast_rate_limiter_queued',
      'ballast_rate_limiter_rejections_total',
      'ballast_fallback_total',
    ]);
    expect(sample(text, 'ballast_bulkhead_active{policy="db"}')).toBe(0);
    expect(sample(text, 'ballast_bulkhead_rejections_total{policy="db",reason="full"}')).toBe(0);
    expect(
      sample(text, 'ballast_rate_limiter_rejections_total{policy="partner",reason="queue"}'),
    ).toBe(0);
    expect(sample(text, 'ballast_fallback_total{policy="users"}')).toBe(0);

    const running = await load(targets);
    text = await registry.metrics();
    expect(sample(text, 'ballast_bulkhead_active{policy="db"}')).toBe(1);
    expect(sample(text, 'ballast_bulkhead_queued{policy="db"}')).toBe(1);
    expect(sample(text, 'ballast_bulkhead_rejections_total{policy="db",reason="full"}')).toBe(1);
    expect(sample(text, 'ballast_bulkhead_rejections_total{policy="db",reason="deadline"}')).toBe(
      0,
    );
    expect(sample(text, 'ballast_rate_limiter_queued{policy="partner"}')).toBe(1);
    expect(
      sample(text, 'ballast_rate_limiter_rejections_total{policy="partner",reason="limit"}'),
    ).toBe(1);
    expect(
      sample(text, 'ballast_rate_limiter_rejections_total{policy="partner",reason="deadline"}'),
    ).toBe(1);
    expect(sample(text, 'ballast_fallback_total{policy="users"}')).toBe(1);
    await running.finish();
    text = await registry.metrics();
    expect(sample(text, 'ballast_bulkhead_active{policy="db"}')).toBe(0);
    expect(sample(text, 'ballast_rate_limiter_queued{policy="partner"}')).toBe(0);

    instrumentation.detach();
    expect((await registry.metrics()).trim()).toBe('');
    expect(bulkhead.events.listenerCount()).toBe(0);
    expect(limiter.events.listenerCount()).toBe(0);
    expect(safe.events.listenerCount()).toBe(0);
  });

  it('rejects targets of the wrong shape or without a label', () => {
    const registry = new Registry();
    const { limiter, safe } = setUp();
    expect(() =>
      instrumentPrometheus({ bulkheads: { db: limiter } } as never, { registry }),
    ).toThrow('bulkheads.db must be a BulkheadPolicy, got a RateLimitPolicy');
    expect(() => instrumentPrometheus({ rateLimiters: [limiter] }, { registry })).toThrow(
      'rateLimiters[0] has no name to label its metrics',
    );
    expect(() => instrumentPrometheus({ fallbacks: [safe] } as never, { registry })).toThrow(
      'fallbacks must be a record of FallbackPolicy',
    );
    expect(() => instrumentPrometheus({ fallbacks: { x: {} } } as never, { registry })).toThrow(
      'fallbacks.x must be a FallbackPolicy, got an object',
    );
    expect(() => instrumentPrometheus({ bulkhead: {} } as never, { registry })).toThrow(
      'unknown option "targets.bulkhead" (did you mean "targets.bulkheads"?)',
    );
  });
});

describe('instrumentOpenTelemetry: bulkheads, rate limiters and fallbacks', () => {
  it('observes running and queued calls, rejections by reason and fallbacks, from 0', async () => {
    const targets = setUp();
    const meter = new FakeMeter();
    const { bulkhead, limiter, safe } = targets;
    const instrumentation = instrumentOpenTelemetry(
      {
        bulkheads: { db: bulkhead },
        rateLimiters: { partner: limiter },
        fallbacks: { users: safe },
      },
      { meter },
    );
    expect(meter.instrument('ballast.bulkhead.active').kind).toBe('observableGauge');
    expect(meter.instrument('ballast.bulkhead.rejections').options?.unit).toBe('{call}');
    let seen = await meter.collect();
    expect(observed(seen, 'ballast.bulkhead.queued', { policy: 'db' })).toBe(0);
    expect(observed(seen, 'ballast.fallback', { policy: 'users' })).toBe(0);

    const running = await load(targets);
    seen = await meter.collect();
    expect(observed(seen, 'ballast.bulkhead.active', { policy: 'db' })).toBe(1);
    expect(observed(seen, 'ballast.bulkhead.queued', { policy: 'db' })).toBe(1);
    expect(observed(seen, 'ballast.bulkhead.rejections', { policy: 'db', reason: 'full' })).toBe(1);
    expect(observed(seen, 'ballast.rate_limiter.queued', { policy: 'partner' })).toBe(1);
    expect(
      observed(seen, 'ballast.rate_limiter.rejections', { policy: 'partner', reason: 'limit' }),
    ).toBe(1);
    expect(observed(seen, 'ballast.fallback', { policy: 'users' })).toBe(1);
    await running.finish();

    instrumentation.detach();
    expect(meter.callbacks).toHaveLength(0);
    expect(bulkhead.events.listenerCount() + limiter.events.listenerCount()).toBe(0);
    expect(safe.events.listenerCount()).toBe(0);
  });
});
