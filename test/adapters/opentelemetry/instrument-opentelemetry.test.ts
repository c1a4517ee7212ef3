import { Registry } from 'prom-client';
import { describe, expect, it } from 'vitest';
import {
  instrumentOpenTelemetry,
  type InstrumentedSlo,
} from '../../../src/adapters/opentelemetry/index.js';
import { instrumentPrometheus } from '../../../src/adapters/prometheus/index.js';
import { CircuitBreaker } from '../../../src/breaker/index.js';
import { TimeoutPolicy } from '../../../src/policy/index.js';
import { RetryPolicy, constant } from '../../../src/retry/index.js';
import { SloTracker } from '../../../src/slo/index.js';
import { VirtualClock } from '../../../src/testing/index.js';
import { FakeMeter, observed, type FakeInstrument } from '../fake-meter.js';
import { families, timedCall, usersBreaker } from '../helpers.js';

function setUp() {
  const clock = new VirtualClock();
  const meter = new FakeMeter();
  const breaker = usersBreaker(clock);
  return { clock, meter, breaker };
}

describe('instrumentOpenTelemetry: breakers', () => {
  it('observes counters and the state from the tallies, and records durations in seconds', async () => {
    const { clock, meter, breaker } = setUp();
    instrumentOpenTelemetry({ breakers: [breaker] }, { meter });

    let seen = await meter.collect();
    expect(observed(seen, 'ballast.breaker.calls', { breaker: 'users', outcome: 'success' })).toBe(
      0,
    );
    expect(observed(seen, 'ballast.breaker.state', { breaker: 'users', state: 'closed' })).toBe(1);

    await timedCall(breaker, clock, 30, true);
    await timedCall(breaker, clock, 200, false);
    await timedCall(breaker, clock, 10, false);
    await expect(breaker.execute(() => 1)).rejects.toThrow(/open/);

    seen = await meter.collect();
    const calls = (outcome: string) =>
      observed(seen, 'ballast.breaker.calls', { breaker: 'users', outcome });
    expect([calls('success'), calls('failure'), calls('rejected')]).toEqual([1, 2, 1]);
    expect(observed(seen, 'ballast.breaker.slow_calls', { breaker: 'users' })).toBe(1);
    expect(
      observed(seen, 'ballast.breaker.state_changes', {
        breaker: 'users',
        from: 'closed',
        to: 'open',
      }),
    ).toBe(1);
    expect(
      observed(seen, 'ballast.breaker.state_changes', {
        breaker: 'users',
        from: 'half-open',
        to: 'open',
      }),
    ).toBe(0);
    expect(observed(seen, 'ballast.breaker.state', { breaker: 'users', state: 'open' })).toBe(1);
    expect(observed(seen, 'ballast.breaker.state', { breaker: 'users', state: 'closed' })).toBe(0);

    const duration = meter.instrument('ballast.breaker.call.duration');
    expect(duration.records.map((r) => [r.value, r.attributes.outcome])).toEqual([
      [0.03, 'success'],
      [0.2, 'failure'],
      [0.01, 'failure'],
    ]);
    // One attribute object per target and outcome, made once: nothing allocated per call.
    expect(duration.records[1]!.attributes).toBe(duration.records[2]!.attributes);
    expect(Object.isFrozen(duration.records[0]!.attributes)).toBe(true);
  });

  it('describes its instruments: kinds, units, descriptions and bucket advice', () => {
    const { meter, breaker } = setUp();
    instrumentOpenTelemetry({ breakers: [breaker] }, { meter, durationBuckets: [0.1, 1] });
    const shape = (i: FakeInstrument) => [i.name, i.kind, i.options?.unit];
    expect(meter.instruments.map(shape)).toEqual([
      ['ballast.breaker.state', 'observableGauge', undefined],
      ['ballast.breaker.calls', 'observableCounter', '{call}'],
      ['ballast.breaker.shadow_rejections', 'observableCounter', '{call}'],
      ['ballast.breaker.slow_calls', 'observableCounter', '{call}'],
      ['ballast.breaker.state_changes', 'observableCounter', '{change}'],
      ['ballast.breaker.call.duration', 'histogram', 's'],
    ]);
    const duration = meter.instrument('ballast.breaker.call.duration');
    expect(duration.options?.advice).toEqual({ explicitBucketBoundaries: [0.1, 1] });
    expect(meter.instruments.every((i) => (i.options?.description ?? '').length > 10)).toBe(true);
  });

  it('skips the duration of a call that started before it was instrumented (NaN)', async () => {
    const clock = new VirtualClock();
    const meter = new FakeMeter();
    const breaker = new CircuitBreaker({ name: 'users', clock });
    let finish!: () => void;
    const call = breaker.execute(() => new Promise<void>((resolve) => (finish = resolve)));
    instrumentOpenTelemetry({ breakers: [breaker] }, { meter });
    finish();
    await call;
    const seen = await meter.collect();
    expect(observed(seen, 'ballast.breaker.calls', { breaker: 'users', outcome: 'success' })).toBe(
      1,
    );
    expect(meter.instrument('ballast.breaker.call.duration').records).toEqual([]);
  });
});

describe('instrumentOpenTelemetry: retry policies and SLO trackers', () => {
  it('observes retries, give-ups and successes, and records delays', async () => {
    const clock = new VirtualClock();
    const meter = new FakeMeter();
    const policy = new RetryPolicy({ clock, maxAttempts: 2, backoff: constant(250) });
    instrumentOpenTelemetry({ retries: { users: policy } }, { meter, prefix: 'shop.' });
    const runs = [
      policy.execute(({ attempt }) => (attempt === 1 ? Promise.reject(new Error('x')) : attempt)),
      policy.execute(() => Promise.reject(new Error('x'))).catch(() => 'gave up'),
    ];
    await clock.runAll();
    expect(await Promise.all(runs)).toEqual([2, 'gave up']);
    const seen = await meter.collect();
    expect(observed(seen, 'shop.retry.retries', { policy: 'users' })).toBe(2);
    expect(observed(seen, 'shop.retry.successes', { policy: 'users' })).toBe(1);
    expect(observed(seen, 'shop.retry.give_ups', { policy: 'users', reason: 'attempts' })).toBe(1);
    expect(observed(seen, 'shop.retry.give_ups', { policy: 'users', reason: 'budget' })).toBe(0);
    expect(meter.instrument('shop.retry.delay').records).toEqual([
      { value: 0.25, attributes: { policy: 'users' } },
      { value: 0.25, attributes: { policy: 'users' } },
    ]);
  });

  it('observes the SLO event counts since instrumentation and the tracker readings', async () => {
    const clock = new VirtualClock();
    const meter = new FakeMeter();
    const slo = new SloTracker({ name: 'checkout', objective: 0.99, clock });
    slo.record(false, 7); // before: not counted
    instrumentOpenTelemetry({ slos: [slo] }, { meter });
    slo.record(true, 90);
    slo.record(false, 10);
    await clock.advance(1_000);
    const seen = await meter.collect();
    const at = (name: string, extra: Record<string, string> = {}) =>
      observed(seen, `ballast.slo.${name}`, { slo: 'checkout', ...extra });
    expect(at('events', { outcome: 'good' })).toBe(90);
    expect(at('events', { outcome: 'bad' })).toBe(10);
    expect(at('objective')).toBe(0.99);
    expect(at('sli', { window: '1h' })).toBe(slo.sli(3_600_000));
    expect(at('burn_rate', { window: '5m' })).toBe(slo.burnRate(300_000));
    expect(at('sli', { window: '30d' })).toBe(slo.sli());
    expect(at('error_budget.remaining')).toBe(slo.budget().remaining);
    expect(at('alert.active', { severity: 'page' })).toBe(1);
    expect(at('alert.active', { severity: 'ticket' })).toBe(0);
    expect(seen.filter((o) => o.name === 'ballast.slo.sli')).toHaveLength(8);
    slo.close();
  });
});

/** OpenTelemetry's Prometheus compatibility rules, for the units the adapters use. */
function prometheusName(instrument: FakeInstrument): string {
  let name = instrument.name.replace(/[^a-zA-Z0-9_:]/g, '_');
  const unit = instrument.options?.unit ?? '';
  if (unit === 's') name += '_seconds';
  if (unit === '1' && instrument.kind === 'observableGauge') name += '_ratio';
  if (instrument.kind === 'observableCounter') name += '_total';
  return name;
}

describe('instrumentOpenTelemetry: lifecycle', () => {
  it('names its instruments so that they translate into the Prometheus adapter names', async () => {
    const clock = new VirtualClock();
    const meter = new FakeMeter();
    const registry = new Registry();
    const targets = {
      breakers: [new CircuitBreaker({ name: 'a', clock })],
      retries: { r: new RetryPolicy({ clock }) },
      timeouts: { t: new TimeoutPolicy(1_000, { clock }) },
      slos: [new SloTracker({ name: 's', objective: 0.9, clock })],
    };
    const otel = instrumentOpenTelemetry(targets, { meter });
    const prom = instrumentPrometheus(targets, { registry });
    // The SLO latency gauge is the Prometheus adapter's alone so far.
    const promOnly = new Set(['ballast_slo_latency_ms']);
    expect(meter.instruments.map(prometheusName).sort()).toEqual(
      families(await registry.metrics())
        .filter((name) => !promOnly.has(name))
        .sort(),
    );
    otel.detach();
    prom.detach();
    targets.slos[0]!.close();
  });

  it('detach removes the listeners and the batch callback; a second call does nothing', async () => {
    const { clock, meter, breaker } = setUp();
    const policy = new RetryPolicy({ clock });
    const metrics = instrumentOpenTelemetry(
      { breakers: [breaker], retries: { p: policy } },
      { meter },
    );
    expect(meter.callbacks).toHaveLength(1);
    expect(meter.callbacks[0]!.observables).toHaveLength(8);
    metrics.detach();
    metrics[Symbol.dispose]();
    expect(meter.callbacks).toHaveLength(0);
    expect(breaker.events.listenerCount() + policy.events.listenerCount()).toBe(0);
    await timedCall(breaker, clock, 10, true);
    expect(meter.instrument('ballast.breaker.call.duration').records).toEqual([]);
    expect(await meter.collect()).toEqual([]);
  });

  it('keeps labels unique per meter and prefix until detached', async () => {
    const { meter, breaker } = setUp();
    const other = new CircuitBreaker({ name: 'users' });
    const first = instrumentOpenTelemetry({ breakers: [breaker] }, { meter });
    expect(() => instrumentOpenTelemetry({ breakers: [other] }, { meter })).toThrow(
      new TypeError(
        'breakers: "users" is already instrumented through this meter under prefix "ballast."',
      ),
    );
    expect(other.events.listenerCount()).toBe(0);
    const elsewhere = instrumentOpenTelemetry({ breakers: [other] }, { meter, prefix: 'b.' });
    const second = instrumentOpenTelemetry({ breakers: { more: other } }, { meter });
    expect(meter.callbacks).toHaveLength(3);
    first.detach();
    const again = instrumentOpenTelemetry({ breakers: [other] }, { meter });
    for (const m of [elsewhere, second, again]) m.detach();
    expect(meter.callbacks).toHaveLength(0);
    expect(await meter.collect()).toEqual([]);
  });

  it('uses the global meter by default (a no-op until an SDK registers one)', () => {
    const breaker = new CircuitBreaker({ name: 'users' });
    const metrics = instrumentOpenTelemetry({ breakers: [breaker], retries: {} });
    expect(breaker.events.listenerCount()).toBe(7);
    metrics.detach();
    expect(breaker.events.listenerCount()).toBe(0);
    instrumentOpenTelemetry({}).detach(); // nothing to instrument, no callback
  });

  it.each([
    [null, TypeError, /^options must be an object, got null$/],
    [{ meter: null }, TypeError, /^meter must not be null \(omit it, or pass undefined/],
    [{ metre: {} }, TypeError, /^unknown option "metre" \(did you mean "meter"\?\)$/],
    [{ meter: { createHistogram: () => ({}) } }, TypeError, /without createObservableCounter, /],
    [
      { prefix: '.x' },
      TypeError,
      /^prefix must start an OpenTelemetry instrument name .*, got "\.x"$/,
    ],
    [{ prefix: 'a b' }, TypeError, /got "a b"$/],
    [{ prefix: 'x'.repeat(250) }, TypeError, /at most 229 characters/],
    [{ prefix: null }, TypeError, /^prefix must not be null/],
    [{ durationBuckets: [2, 1] }, RangeError, /^durationBuckets must be a non-empty array/],
    [{ delayBuckets: ['1'] }, RangeError, /^delayBuckets .* got \["1"\]$/],
  ])('rejects options %#', (options, type, message) => {
    const breaker = new CircuitBreaker({ name: 'users' });
    const act = () => instrumentOpenTelemetry({ breakers: [breaker] }, options as never);
    expect(act).toThrow(type);
    expect(act).toThrow(message);
    expect(breaker.events.listenerCount()).toBe(0);
  });

  it('rejects malformed targets like the Prometheus adapter', () => {
    const meter = new FakeMeter();
    expect(() =>
      instrumentOpenTelemetry({ retries: [new RetryPolicy()] } as never, { meter }),
    ).toThrow(/^retries must be a record of RetryPolicy/);
    expect(meter.instruments).toHaveLength(0);
  });
});

describe('instrumentOpenTelemetry: SLO alerts', () => {
  it('reports a firing ticket tier', async () => {
    const meter = new FakeMeter();
    const clock = new VirtualClock();
    const real = new SloTracker({ name: 'jobs', objective: 0.9, clock });
    const ticket = {
      severity: 'ticket' as const,
      burnRate: 1,
      longWindowMs: 3_600_000,
      shortWindowMs: 300_000,
    };
    // A tracker whose only firing tier is a ticket, as after a page has ended.
    const slo: InstrumentedSlo = {
      name: real.name,
      objective: real.objective,
      windowMs: real.windowMs,
      alerts: real.alerts,
      totals: () => real.totals(),
      sli: (ms) => real.sli(ms),
      burnRate: (ms) => real.burnRate(ms),
      budget: () => real.budget(),
      activeAlerts: () => [
        { slo: 'jobs', alert: ticket, since: 0, longBurnRate: 2, shortBurnRate: 2 },
      ],
    };
    instrumentOpenTelemetry({ slos: { jobs: slo } }, { meter });
    const seen = await meter.collect();
    expect(observed(seen, 'ballast.slo.alert.active', { slo: 'jobs', severity: 'ticket' })).toBe(1);
    expect(observed(seen, 'ballast.slo.alert.active', { slo: 'jobs', severity: 'page' })).toBe(0);
    real.close();
  });
});

describe('instrumentOpenTelemetry: timeouts, shadow rejections and ignored calls', () => {
  it('observes expired timeouts per policy, from 0', async () => {
    const clock = new VirtualClock();
    const meter = new FakeMeter();
    const users = new TimeoutPolicy(100, { clock });
    instrumentOpenTelemetry({ timeouts: { users } }, { meter });
    expect(meter.instrument('ballast.timeout').options?.unit).toBe('{timeout}');
    expect(observed(await meter.collect(), 'ballast.timeout', { policy: 'users' })).toBe(0);
    const late = users.execute(() => new Promise<never>(() => undefined)).catch(() => 'late');
    await clock.advance(100);
    expect(await late).toBe('late');
    expect(observed(await meter.collect(), 'ballast.timeout', { policy: 'users' })).toBe(1);
  });

  it('observes ignored calls as an outcome and shadow rejections apart', async () => {
    const { meter, breaker } = setUp();
    instrumentOpenTelemetry({ breakers: [breaker] }, { meter });
    let seen = await meter.collect();
    const users = { breaker: 'users' };
    expect(observed(seen, 'ballast.breaker.calls', { ...users, outcome: 'ignored' })).toBe(0);
    expect(observed(seen, 'ballast.breaker.shadow_rejections', users)).toBe(0);
    breaker.events.emit('ignored', { error: new Error('404'), durationMs: 3 });
    breaker.events.emit('shadowRejected', { state: 'open' });
    breaker.events.emit('success', { durationMs: 4 });
    seen = await meter.collect();
    expect(observed(seen, 'ballast.breaker.calls', { ...users, outcome: 'ignored' })).toBe(1);
    expect(observed(seen, 'ballast.breaker.calls', { ...users, outcome: 'success' })).toBe(1);
    expect(observed(seen, 'ballast.breaker.shadow_rejections', users)).toBe(1);
    // Only the counted call has a duration.
    expect(meter.instrument('ballast.breaker.call.duration').records).toHaveLength(1);
  });
});
