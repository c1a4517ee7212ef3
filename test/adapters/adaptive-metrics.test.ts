import { Registry } from 'prom-client';
import { describe, expect, it } from 'vitest';
import { AdaptiveConcurrencyPolicy, AdaptiveThrottle } from '../../src/adaptive/index.js';
import { instrumentOpenTelemetry } from '../../src/adapters/opentelemetry/index.js';
import { instrumentPrometheus } from '../../src/adapters/prometheus/index.js';
import { sleep } from '../../src/clock/index.js';
import { VirtualClock } from '../../src/testing/index.js';
import { FakeMeter, observed } from './fake-meter.js';
import { families, sample } from './helpers.js';

const overloaded = Object.assign(new Error('busy'), { status: 503 });

function targets() {
  const clock = new VirtualClock();
  const throttle = new AdaptiveThrottle({ clock, name: 'users', random: () => 0 });
  const limiter = new AdaptiveConcurrencyPolicy({
    clock,
    name: 'users',
    initialLimit: 1,
    maxLimit: 1,
    maxQueue: 1,
  });
  return { clock, throttle, limiter };
}

/** One call refused by the backend, then one dropped by the throttle (probability 1/2). */
async function throttleSome(throttle: AdaptiveThrottle): Promise<void> {
  await throttle.execute(() => Promise.reject(overloaded)).catch(() => undefined);
  await throttle.execute(() => 1).catch(() => undefined);
}

/** One call running, one queued, one turned away for a full queue; all settled after 10 ms. */
async function limitSome(clock: VirtualClock, limiter: AdaptiveConcurrencyPolicy) {
  const calls = [
    limiter.execute(() => sleep(10, { clock })),
    limiter.execute(() => sleep(10, { clock })),
    limiter.execute(() => sleep(10, { clock })).catch(() => 'turned away'),
  ];
  await Promise.resolve();
  return async () => {
    await clock.advance(20);
    await Promise.all(calls);
  };
}

describe('instrumentPrometheus: throttles and concurrency limits', () => {
  it('counts local rejections and reads probability, window counts, limit, in flight and queue', async () => {
    const { clock, throttle, limiter } = targets();
    const registry = new Registry();
    const metrics = instrumentPrometheus(
      { throttles: [throttle], concurrencyLimits: { api: limiter } },
      { registry },
    );
    let text = await registry.metrics();
    expect(sample(text, 'ballast_throttle_rejections_total{throttle="users"}')).toBe(0);
    expect(sample(text, 'ballast_throttle_probability_ratio{throttle="users"}')).toBe(0);
    expect(sample(text, 'ballast_concurrency_rejections_total{limiter="api",reason="full"}')).toBe(
      0,
    );

    await throttleSome(throttle);
    const finish = await limitSome(clock, limiter);
    text = await registry.metrics();
    expect(sample(text, 'ballast_throttle_rejections_total{throttle="users"}')).toBe(1);
    expect(sample(text, 'ballast_throttle_window_requests{throttle="users"}')).toBe(2);
    expect(sample(text, 'ballast_throttle_window_accepts{throttle="users"}')).toBe(0);
    expect(sample(text, 'ballast_throttle_probability_ratio{throttle="users"}')).toBe(2 / 3);
    expect(sample(text, 'ballast_concurrency_limit{limiter="api"}')).toBe(1);
    expect(sample(text, 'ballast_concurrency_in_flight{limiter="api"}')).toBe(1);
    expect(sample(text, 'ballast_concurrency_queued{limiter="api"}')).toBe(1);
    expect(sample(text, 'ballast_concurrency_rejections_total{limiter="api",reason="full"}')).toBe(
      1,
    );
    expect(
      sample(text, 'ballast_concurrency_rejections_total{limiter="api",reason="deadline"}'),
    ).toBe(0);
    await finish();
    text = await registry.metrics();
    expect(sample(text, 'ballast_concurrency_in_flight{limiter="api"}')).toBe(0);

    metrics.detach();
    expect(families(await registry.metrics())).toEqual([]);
    expect(throttle.events.listenerCount()).toBe(0);
    expect(limiter.events.listenerCount()).toBe(0);
  });

  it('rejects a target of the wrong shape, or an unnamed one in an array', () => {
    expect(() =>
      instrumentPrometheus({ throttles: [new AdaptiveThrottle()] }, { registry: new Registry() }),
    ).toThrow('throttles[0] has no name to label its metrics');
    expect(() =>
      instrumentPrometheus(
        { concurrencyLimits: { api: new AdaptiveThrottle() as never } },
        { registry: new Registry() },
      ),
    ).toThrow('concurrencyLimits.api must be a AdaptiveConcurrencyPolicy');
  });
});

describe('instrumentOpenTelemetry: throttles and concurrency limits', () => {
  it('observes the same figures', async () => {
    const { clock, throttle, limiter } = targets();
    const meter = new FakeMeter();
    const metrics = instrumentOpenTelemetry(
      { throttles: { users: throttle }, concurrencyLimits: [limiter] },
      { meter },
    );
    expect(meter.instrument('ballast.throttle.probability').options?.unit).toBe('1');
    let seen = await meter.collect();
    expect(observed(seen, 'ballast.throttle.rejections', { throttle: 'users' })).toBe(0);
    await throttleSome(throttle);
    const finish = await limitSome(clock, limiter);
    seen = await meter.collect();
    expect(observed(seen, 'ballast.throttle.rejections', { throttle: 'users' })).toBe(1);
    expect(observed(seen, 'ballast.throttle.probability', { throttle: 'users' })).toBe(2 / 3);
    expect(observed(seen, 'ballast.throttle.window.requests', { throttle: 'users' })).toBe(2);
    expect(observed(seen, 'ballast.throttle.window.accepts', { throttle: 'users' })).toBe(0);
    expect(observed(seen, 'ballast.concurrency.limit', { limiter: 'users' })).toBe(1);
    expect(observed(seen, 'ballast.concurrency.in_flight', { limiter: 'users' })).toBe(1);
    expect(observed(seen, 'ballast.concurrency.queued', { limiter: 'users' })).toBe(1);
    expect(
      observed(seen, 'ballast.concurrency.rejections', { limiter: 'users', reason: 'full' }),
    ).toBe(1);
    await finish();
    metrics.detach();
    expect(throttle.events.listenerCount()).toBe(0);
    expect(limiter.events.listenerCount()).toBe(0);
  });
});
