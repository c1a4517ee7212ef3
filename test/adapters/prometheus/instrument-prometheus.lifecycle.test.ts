import { Counter, Registry, register, type OpenMetricsContentType } from 'prom-client';
import { afterEach, describe, expect, it } from 'vitest';
import {
  instrumentPrometheus,
  type Instrumentation,
} from '../../../src/adapters/prometheus/index.js';
import { CircuitBreaker } from '../../../src/breaker/index.js';
import { Emitter } from '../../../src/events/index.js';
import { TimeoutPolicy } from '../../../src/policy/index.js';
import { RetryPolicy } from '../../../src/retry/index.js';
import { SloTracker } from '../../../src/slo/index.js';
import { VirtualClock } from '../../../src/testing/index.js';
import { families, sample } from '../helpers.js';

const clock = new VirtualClock();
const breaker = (name?: string) =>
  new CircuitBreaker(name === undefined ? { clock } : { name, clock });
const listeners = (b: CircuitBreaker) => b.events.listenerCount();

describe('instrumentPrometheus: detach', () => {
  it('removes its listeners and its series, and unregisters families left empty', async () => {
    const registry = new Registry();
    const users = breaker('users');
    const policy = new RetryPolicy({ clock });
    const timeout = new TimeoutPolicy(1_000, { clock });
    const slo = new SloTracker({ name: 'checkout', objective: 0.99, clock });
    const metrics = instrumentPrometheus(
      { breakers: [users], retries: { users: policy }, timeouts: { users: timeout }, slos: [slo] },
      { registry },
    );
    expect(listeners(users)).toBe(7);
    expect(policy.events.listenerCount()).toBe(3);
    expect(timeout.events.listenerCount()).toBe(1);
    await users.execute(() => 1);
    expect(families(await registry.metrics())).toHaveLength(18); // 17 and the SLO latency gauge

    metrics.detach();
    expect(listeners(users)).toBe(0);
    expect(policy.events.listenerCount()).toBe(0);
    expect(timeout.events.listenerCount()).toBe(0);
    expect(await registry.metrics()).toBe('\n');
    metrics.detach(); // a second call does nothing
    metrics[Symbol.dispose]();

    // Instrumenting again starts from 0 under the same names.
    const again = instrumentPrometheus({ breakers: [users] }, { registry });
    expect(
      sample(
        await registry.metrics(),
        'ballast_breaker_calls_total{breaker="users",outcome="success"}',
      ),
    ).toBe(0);
    again.detach();
    slo.close();
  });

  it('lets several calls share a registry and prefix, each with its own series', async () => {
    const registry = new Registry();
    const a = breaker('a');
    const b = breaker('b');
    const first = instrumentPrometheus({ breakers: [a] }, { registry });
    const second = instrumentPrometheus(
      { breakers: [b] },
      { registry, durationBuckets: [0.005, 0.01, 0.025, 0.05, 0.1, 0.25, 0.5, 1, 2.5, 5, 10] },
    );
    await a.execute(() => 1);
    await b.execute(() => 1);
    await b.execute(() => 1);
    let text = await registry.metrics();
    expect(sample(text, 'ballast_breaker_calls_total{breaker="a",outcome="success"}')).toBe(1);
    expect(sample(text, 'ballast_breaker_calls_total{breaker="b",outcome="success"}')).toBe(2);

    expect(() => instrumentPrometheus({ breakers: { a: b } }, { registry })).toThrow(
      new TypeError(
        'breakers: "a" is already instrumented in this registry under prefix "ballast_"',
      ),
    );
    expect(() =>
      instrumentPrometheus({ breakers: { c: b } }, { registry, durationBuckets: [1] }),
    ).toThrow(
      /^durationBuckets must match the buckets already in this registry under prefix "ballast_" \(\[0.005, .*\]\), got \[1\]$/,
    );
    // Another prefix is another set of families.
    const other = instrumentPrometheus(
      { breakers: { a } },
      { registry, prefix: 'other_', durationBuckets: [1] },
    );

    first.detach();
    text = await registry.metrics();
    expect(text).not.toMatch(/^ballast_.*breaker="a"/m);
    expect(text).toMatch(/^other_.*breaker="a"/m);
    expect(sample(text, 'ballast_breaker_calls_total{breaker="b",outcome="success"}')).toBe(2);
    expect(listeners(a)).toBe(7); // the 'other_' instrumentation's
    second.detach();
    other.detach();
    expect(await registry.metrics()).toBe('\n');
    expect(listeners(a) + listeners(b)).toBe(0);
  });

  it('uses the global registry by default', async () => {
    const users = breaker('global-users');
    const metrics = instrumentPrometheus({ breakers: [users] });
    try {
      expect(await register.metrics()).toContain(
        'ballast_breaker_calls_total{breaker="global-users",outcome="success"} 0',
      );
    } finally {
      metrics.detach();
    }
    expect(register.getSingleMetric('ballast_breaker_calls_total')).toBeUndefined();
  });

  it('works with an OpenMetrics registry, and still unregisters after it renamed the counters', async () => {
    const registry = new Registry<OpenMetricsContentType>();
    registry.setContentType(Registry.OPENMETRICS_CONTENT_TYPE);
    const users = breaker('users');
    const metrics = instrumentPrometheus({ breakers: [users] }, { registry });
    await users.execute(() => 1);
    const text = await registry.metrics();
    expect(text).toContain('# TYPE ballast_breaker_calls counter');
    expect(text).toContain('ballast_breaker_calls_total{breaker="users",outcome="success"} 1');
    expect(text).toContain(
      'ballast_breaker_call_duration_seconds_bucket{breaker="users",outcome="success",le="+Inf"} 1',
    );
    metrics.detach();
    expect(registry.getMetricsAsArray()).toHaveLength(0);
  });

  it('gives the histograms to getMetricsAsJSON and ignores resetMetrics, as the counters do', async () => {
    const registry = new Registry();
    const users = breaker('users');
    const metrics = instrumentPrometheus({ breakers: [users] }, { registry, durationBuckets: [1] });
    await users.execute(() => 1);
    registry.resetMetrics();
    const json = await registry.getMetricsAsJSON();
    const histogram = json.find((m) => m.name === 'ballast_breaker_call_duration_seconds')!;
    expect(histogram.type).toBe('histogram');
    expect(histogram.values).toContainEqual({
      metricName: 'ballast_breaker_call_duration_seconds_count',
      labels: { breaker: 'users', outcome: 'success' },
      value: 1,
    });
    const calls = json.find((m) => m.name === 'ballast_breaker_calls_total')!;
    expect(calls.values).toContainEqual({
      labels: { breaker: 'users', outcome: 'success' },
      value: 1,
    });
    metrics.detach();
  });

  it('registers its families again after registry.clear()', async () => {
    const registry = new Registry();
    const a = breaker('a');
    const first = instrumentPrometheus({ breakers: [a] }, { registry });
    registry.clear();
    const second = instrumentPrometheus({ breakers: [breaker('b')] }, { registry });
    const text = await registry.metrics();
    expect(text).toContain('breaker="a"');
    expect(text).toContain('breaker="b"');
    first.detach();
    second.detach();
  });

  it('leaves alone a metric other code registered under its name after registry.clear()', () => {
    const registry = new Registry();
    const metrics = instrumentPrometheus({ breakers: [breaker('a')] }, { registry });
    registry.clear();
    const theirs = new Counter({
      name: 'ballast_breaker_calls_total',
      help: 'x',
      registers: [registry],
    });
    metrics.detach();
    expect(registry.getSingleMetric('ballast_breaker_calls_total')).toBe(theirs);
  });
});

describe('instrumentPrometheus: bad input', () => {
  const registry = new Registry();
  let live: Instrumentation | undefined;
  afterEach(() => live?.detach());

  it.each([
    [
      null,
      /^targets must be an object with any of breakers, retries, timeouts, slos, bulkheads, rateLimiters, fallbacks, hedges, throttles, concurrencyLimits, got null$/,
    ],
    [[], /^targets must be an object .* got an array$/],
    [{ breaker: [] }, /^unknown option "targets\.breaker" \(did you mean "targets\.breakers"\?\)$/],
    [{ slos: null }, /^targets\.slos must not be null/],
    [
      { breakers: 'users' },
      /^breakers must be an array or a record of CircuitBreaker, got "users"$/,
    ],
    [{ breakers: [{}] }, /^breakers\[0\] must be a CircuitBreaker, got an object$/],
    [
      { breakers: { x: new RetryPolicy() } },
      /^breakers\.x must be a CircuitBreaker, got a RetryPolicy$/,
    ],
    [
      { breakers: [breaker()] },
      /^breakers\[0\] has no name to label its metrics: give it a name, or pass breakers as a record$/,
    ],
    [{ breakers: [breaker('x'), breaker('x')] }, /^breakers has two targets labelled "x"$/],
    [{ breakers: { '': breaker() } }, /^breakers has an empty label$/],
    [
      { retries: [new RetryPolicy()] },
      /^retries must be a record of RetryPolicy \(label: RetryPolicy\), got an array$/,
    ],
    [{ retries: { x: breaker() } }, /^retries\.x must be a RetryPolicy, got a CircuitBreaker$/],
    [{ retries: 3 }, /^retries must be a record of RetryPolicy, got 3$/],
    [
      { timeouts: [new TimeoutPolicy(1)] },
      /^timeouts must be a record of TimeoutPolicy \(label: TimeoutPolicy\), got an array$/,
    ],
    [
      { timeouts: { x: new RetryPolicy() } },
      /^timeouts\.x must be a TimeoutPolicy, got a RetryPolicy$/,
    ],
    [
      { retries: { x: new TimeoutPolicy(1) } },
      /^retries\.x must be a RetryPolicy, got a TimeoutPolicy$/,
    ],
    [
      { timeouts: { x: { events: {}, timeoutMs: 1 } } },
      /^timeouts\.x must be a TimeoutPolicy, got an object$/,
    ],
    [
      { timeouts: { x: { events: new Emitter(), timeoutMs: '1' } } },
      /^timeouts\.x must be a TimeoutPolicy/,
    ],
    [{ slos: [breaker('x')] }, /^slos\[0\] must be a SloTracker, got a CircuitBreaker$/],
    [{ slos: { x: () => 1 } }, /^slos\.x must be a SloTracker, got a function$/],
  ])('rejects targets %#', (targets, message) => {
    expect(() => (live = instrumentPrometheus(targets as never, { registry }))).toThrow(message);
    expect(registry.getMetricsAsArray()).toHaveLength(0);
  });

  it.each([
    [null, TypeError, /^options must be an object, got null$/],
    [{ registry: {} }, TypeError, /^registry must be a prom-client Registry/],
    [{ registry: null }, TypeError, /^registry must not be null/],
    [{ prefx: 'a_' }, TypeError, /^unknown option "prefx" \(did you mean "prefix"\?\)$/],
    [{ prefix: null }, TypeError, /^prefix must not be null/],
    [{ prefix: '9x' }, TypeError, /^prefix must start a Prometheus metric name .*, got "9x"$/],
    [{ prefix: 'a-b' }, TypeError, /got "a-b"$/],
    [{ prefix: 3 }, TypeError, /got 3$/],
    [
      { durationBuckets: [] },
      RangeError,
      /^durationBuckets must be a non-empty array .*, got \[\]$/,
    ],
    [{ durationBuckets: [1, 1] }, RangeError, /got \[1, 1\]$/],
    [{ durationBuckets: [0.1, Number.NaN] }, RangeError, /got \[0.1, NaN\]$/],
    [{ delayBuckets: [-1] }, RangeError, /^delayBuckets .* got \[-1\]$/],
    [{ delayBuckets: 5 }, RangeError, /^delayBuckets .* got 5$/],
  ])('rejects options %#', (options, type, message) => {
    const users = breaker('users');
    const act = () => (live = instrumentPrometheus({ breakers: [users] }, options as never));
    expect(act).toThrow(type);
    expect(act).toThrow(message);
    expect(listeners(users)).toBe(0);
  });

  it('refuses a name some other code registered, and leaves nothing behind', () => {
    const taken = new Registry();
    new Counter({ name: 'ballast_slo_events_total', help: 'not ours', registers: [taken] });
    const users = breaker('users');
    const slo = new SloTracker({ name: 'checkout', objective: 0.99, clock });
    expect(() =>
      instrumentPrometheus({ breakers: [users], slos: [slo] }, { registry: taken }),
    ).toThrow(
      new TypeError(
        'prefix: a metric named ballast_slo_events_total is already registered by other code; pass another prefix or registry',
      ),
    );
    expect(taken.getMetricsAsArray()).toHaveLength(1);
    expect(listeners(users)).toBe(0);
    // The breaker families were rolled back too: instrumenting the breaker alone works.
    instrumentPrometheus({ breakers: [users] }, { registry: taken }).detach();
    slo.close();
  });
});
