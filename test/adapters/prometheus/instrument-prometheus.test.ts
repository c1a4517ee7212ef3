import { Registry } from 'prom-client';
import { describe, expect, it } from 'vitest';
import { instrumentPrometheus } from '../../../src/adapters/prometheus/index.js';
import { CircuitBreaker } from '../../../src/breaker/index.js';
import { sleep } from '../../../src/clock/index.js';
import { TimeoutPolicy } from '../../../src/policy/index.js';
import { RetryPolicy, constant } from '../../../src/retry/index.js';
import { SloTracker } from '../../../src/slo/index.js';
import { VirtualClock } from '../../../src/testing/index.js';
import { families, sample, samples, timedCall, usersBreaker } from '../helpers.js';

const B = (labels: string) => `{breaker="users",${labels}}`;

function setUp() {
  const clock = new VirtualClock();
  const registry = new Registry();
  const breaker = usersBreaker(clock);
  return { clock, registry, breaker };
}

describe('instrumentPrometheus: breakers', () => {
  it('counts outcomes, slow calls and state changes, and reads the state at scrape time', async () => {
    const { clock, registry, breaker } = setUp();
    instrumentPrometheus({ breakers: [breaker] }, { registry });

    let text = await registry.metrics();
    // Every series exists from the start, at 0, so that rate() sees the first event.
    expect(sample(text, `ballast_breaker_calls_total${B('outcome="success"')}`)).toBe(0);
    expect(sample(text, `ballast_breaker_state${B('state="closed"')}`)).toBe(1);
    expect(sample(text, `ballast_breaker_state_changes_total${B('from="closed",to="open"')}`)).toBe(
      0,
    );

    await timedCall(breaker, clock, 30, true);
    await timedCall(breaker, clock, 200, true); // slow
    await timedCall(breaker, clock, 20, false);
    await timedCall(breaker, clock, 300, false); // slow; trips the breaker
    await expect(breaker.execute(() => 1)).rejects.toThrow(/open/);

    text = await registry.metrics();
    expect(sample(text, `ballast_breaker_calls_total${B('outcome="success"')}`)).toBe(2);
    expect(sample(text, `ballast_breaker_calls_total${B('outcome="failure"')}`)).toBe(2);
    expect(sample(text, `ballast_breaker_calls_total${B('outcome="rejected"')}`)).toBe(1);
    expect(sample(text, 'ballast_breaker_slow_calls_total{breaker="users"}')).toBe(2);
    expect(sample(text, `ballast_breaker_state_changes_total${B('from="closed",to="open"')}`)).toBe(
      1,
    );
    expect(sample(text, `ballast_breaker_state${B('state="open"')}`)).toBe(1);
    expect(sample(text, `ballast_breaker_state${B('state="closed"')}`)).toBe(0);

    // Durations, in seconds, in cumulative buckets.
    const h = 'ballast_breaker_call_duration_seconds';
    expect(sample(text, `${h}_bucket${B('outcome="success",le="0.025"')}`)).toBe(0);
    expect(sample(text, `${h}_bucket${B('outcome="success",le="0.05"')}`)).toBe(1);
    expect(sample(text, `${h}_bucket${B('outcome="success",le="0.25"')}`)).toBe(2);
    expect(sample(text, `${h}_bucket${B('outcome="success",le="+Inf"')}`)).toBe(2);
    expect(sample(text, `${h}_sum${B('outcome="success"')}`)).toBeCloseTo(0.23, 12);
    expect(sample(text, `${h}_count${B('outcome="failure"')}`)).toBe(2);
    expect(sample(text, `${h}_sum${B('outcome="failure"')}`)).toBeCloseTo(0.32, 12);

    // The open -> half-open move happens on the next call; the gauge shows what the breaker says.
    await clock.advance(1_000);
    text = await registry.metrics();
    expect(sample(text, `ballast_breaker_state${B('state="open"')}`)).toBe(1);
    await timedCall(breaker, clock, 10, true);
    text = await registry.metrics();
    expect(sample(text, `ballast_breaker_state${B('state="closed"')}`)).toBe(1);
    expect(
      sample(text, `ballast_breaker_state_changes_total${B('from="open",to="half-open"')}`),
    ).toBe(1);
    expect(
      sample(text, `ballast_breaker_state_changes_total${B('from="half-open",to="closed"')}`),
    ).toBe(1);

    const release = breaker.isolate();
    text = await registry.metrics();
    expect(sample(text, `ballast_breaker_state${B('state="isolated"')}`)).toBe(1);
    release();
    text = await registry.metrics();
    expect(
      sample(text, `ballast_breaker_state_changes_total${B('from="isolated",to="closed"')}`),
    ).toBe(1);
  });

  it('skips the duration of a call that started before it was instrumented (NaN)', async () => {
    const clock = new VirtualClock();
    const registry = new Registry();
    // Without slowCallMs and without listeners, the breaker does not time its calls.
    const breaker = new CircuitBreaker({ name: 'users', clock });
    let finish!: () => void;
    const call = breaker.execute(() => new Promise<void>((resolve) => (finish = resolve)));
    instrumentPrometheus({ breakers: [breaker] }, { registry });
    finish();
    await call;
    const text = await registry.metrics();
    expect(sample(text, `ballast_breaker_calls_total${B('outcome="success"')}`)).toBe(1);
    expect(
      sample(text, `ballast_breaker_call_duration_seconds_count${B('outcome="success"')}`),
    ).toBe(0);
  });

  it('labels a record of breakers by key and keeps their series apart', async () => {
    const clock = new VirtualClock();
    const registry = new Registry();
    const a = new CircuitBreaker({ clock });
    const b = new CircuitBreaker({ clock, name: 'not-the-label' });
    instrumentPrometheus(
      { breakers: { a, b } },
      { registry, prefix: 'app_', durationBuckets: [1] },
    );
    await a.execute(() => 1);
    await a.execute(() => 1);
    await b.execute(() => 1);
    const text = await registry.metrics();
    expect(sample(text, 'app_breaker_calls_total{breaker="a",outcome="success"}')).toBe(2);
    expect(sample(text, 'app_breaker_calls_total{breaker="b",outcome="success"}')).toBe(1);
    expect(
      sample(
        text,
        'app_breaker_call_duration_seconds_bucket{breaker="a",outcome="success",le="1"}',
      ),
    ).toBe(2);
    expect(text).not.toContain('not-the-label');
    expect(families(text).every((name) => name.startsWith('app_breaker_'))).toBe(true);
  });
});

describe('instrumentPrometheus: retry policies', () => {
  it('counts retries, give-ups by reason and successes, and the delays', async () => {
    const clock = new VirtualClock();
    const registry = new Registry();
    const policy = new RetryPolicy({
      clock,
      maxAttempts: 3,
      backoff: constant(200),
      shouldRetry: (error) => (error as Error).message !== 'fatal',
    });
    instrumentPrometheus({ retries: { users: policy } }, { registry });

    const flaky =
      (failures: number) =>
      async ({ attempt }: { attempt: number }) => {
        if (attempt <= failures) throw new Error('flaky');
        return attempt;
      };
    const runs = [
      policy.execute(flaky(1)), // success after one retry
      policy.execute(flaky(5)).catch(() => 'gave up'), // attempts
      policy.execute(() => Promise.reject(new Error('fatal'))).catch(() => 'gave up'), // notRetryable
    ];
    await clock.runAll();
    expect(await Promise.all(runs)).toEqual([2, 'gave up', 'gave up']);

    const text = await registry.metrics();
    expect(sample(text, 'ballast_retry_retries_total{policy="users"}')).toBe(3);
    expect(sample(text, 'ballast_retry_successes_total{policy="users"}')).toBe(1);
    expect(sample(text, 'ballast_retry_give_ups_total{policy="users",reason="attempts"}')).toBe(1);
    expect(sample(text, 'ballast_retry_give_ups_total{policy="users",reason="notRetryable"}')).toBe(
      1,
    );
    expect(sample(text, 'ballast_retry_give_ups_total{policy="users",reason="budget"}')).toBe(0);
    expect(sample(text, 'ballast_retry_delay_seconds_bucket{policy="users",le="0.1"}')).toBe(0);
    expect(sample(text, 'ballast_retry_delay_seconds_bucket{policy="users",le="0.25"}')).toBe(3);
    expect(sample(text, 'ballast_retry_delay_seconds_sum{policy="users"}')).toBeCloseTo(0.6, 12);
    expect(sample(text, 'ballast_retry_delay_seconds_count{policy="users"}')).toBe(3);
  });
});

describe('instrumentPrometheus: SLO trackers', () => {
  it('exports good and bad events since instrumentation, and the tracker readings', async () => {
    const clock = new VirtualClock();
    const registry = new Registry();
    const slo = new SloTracker({ name: 'checkout', objective: 0.99, clock });
    slo.record(true, 50); // before instrumentation: not in the counters
    instrumentPrometheus({ slos: [slo] }, { registry });
    slo.record(true, 90);
    slo.record(false, 10);
    await clock.advance(1_000);

    const text = await registry.metrics();
    const S = (labels: string) => `{slo="checkout"${labels === '' ? '' : ','}${labels}}`;
    expect(sample(text, `ballast_slo_events_total${S('outcome="good"')}`)).toBe(90);
    expect(sample(text, `ballast_slo_events_total${S('outcome="bad"')}`)).toBe(10);
    expect(sample(text, `ballast_slo_objective_ratio${S('')}`)).toBe(0.99);
    const windows = ['5m', '30m', '1h', '2h', '6h', '1d', '3d', '30d'];
    for (const window of windows) {
      const ms = { m: 60_000, h: 3_600_000, d: 86_400_000 }[window.slice(-1) as 'm' | 'h' | 'd'];
      const length = Number(window.slice(0, -1)) * ms;
      expect(sample(text, `ballast_slo_sli_ratio${S(`window="${window}"`)}`)).toBe(slo.sli(length));
      expect(sample(text, `ballast_slo_burn_rate${S(`window="${window}"`)}`)).toBe(
        slo.burnRate(length),
      );
    }
    expect(
      [...samples(text).keys()].filter((k) => k.startsWith('ballast_slo_sli_ratio')),
    ).toHaveLength(windows.length);
    expect(sample(text, `ballast_slo_error_budget_remaining_ratio${S('')}`)).toBe(
      slo.budget().remaining,
    );
    // 10 % bad burns at 10x: under the 14.4x page tier, over the 6x one (6 h and 30 min).
    expect(slo.activeAlerts().map((a) => a.alert.severity)).toEqual(['page']);
    expect(sample(text, `ballast_slo_alert_active${S('severity="page"')}`)).toBe(1);
    expect(sample(text, `ballast_slo_alert_active${S('severity="ticket"')}`)).toBe(0);
    slo.close();
  });

  it('reads only the windows within the period, plus the alert windows, for a record of trackers', async () => {
    const clock = new VirtualClock();
    const registry = new Registry();
    const slo = new SloTracker({
      name: 'ignored',
      objective: 0.9,
      windowMs: 7_200_000,
      alerts: [{ severity: 'ticket', burnRate: 2, longWindowMs: 5_400_000, shortWindowMs: 90_000 }],
      clock,
    });
    instrumentPrometheus({ slos: { jobs: slo } }, { registry });
    const text = await registry.metrics();
    const windows = [...samples(text).keys()]
      .filter((k) => k.startsWith('ballast_slo_sli_ratio'))
      .map((k) => /window="([^"]+)"/.exec(k)![1]);
    expect(windows).toEqual(['90s', '5m', '90m', '1h', '2h'].sort((a, b) => toMs(a) - toMs(b)));
    expect(sample(text, 'ballast_slo_events_total{slo="jobs",outcome="bad"}')).toBe(0);
    expect(sample(text, 'ballast_slo_alert_active{slo="jobs",severity="ticket"}')).toBe(0);
    slo.close();
  });
});

function toMs(window: string): number {
  const units: Record<string, number> = { s: 1_000, m: 60_000, h: 3_600_000, d: 86_400_000 };
  return Number(window.slice(0, -1)) * units[window.slice(-1)]!;
}

describe('instrumentPrometheus: timeout policies', () => {
  it('counts expired timeouts per policy, from 0 at instrumentation', async () => {
    const clock = new VirtualClock();
    const registry = new Registry();
    const fixed = new TimeoutPolicy(100, { clock });
    const generated = new TimeoutPolicy(() => 50, { clock, strategy: 'cooperative' });
    instrumentPrometheus({ timeouts: { users: fixed, reports: generated } }, { registry });

    let text = await registry.metrics();
    expect(sample(text, 'ballast_timeout_total{policy="users"}')).toBe(0);
    expect(sample(text, 'ballast_timeout_total{policy="reports"}')).toBe(0);
    expect(text).toContain('# TYPE ballast_timeout_total counter');

    const hang = () => new Promise<never>(() => undefined);
    const runs = [
      fixed.execute(hang).catch(() => 'timed out'),
      fixed.execute(hang, { timeoutMs: 300 }).catch(() => 'timed out'),
      fixed.execute(() => sleep(50, { clock }).then(() => 'in time')),
      generated.execute(({ signal }) => sleep(500, { clock, signal }).catch(() => 'stopped')),
    ];
    await clock.advance(300);
    expect(await Promise.all(runs)).toEqual(['timed out', 'timed out', 'in time', 'stopped']);

    text = await registry.metrics();
    expect(sample(text, 'ballast_timeout_total{policy="users"}')).toBe(2);
    expect(sample(text, 'ballast_timeout_total{policy="reports"}')).toBe(1);
  });
});

describe('instrumentPrometheus: shadow rejections and ignored calls', () => {
  it('counts ignored calls as an outcome and shadow rejections in a counter of their own', async () => {
    const { registry, breaker } = setUp();
    instrumentPrometheus({ breakers: [breaker] }, { registry });
    let text = await registry.metrics();
    expect(sample(text, `ballast_breaker_calls_total${B('outcome="ignored"')}`)).toBe(0);
    expect(sample(text, 'ballast_breaker_shadow_rejections_total{breaker="users"}')).toBe(0);

    // The breaker emits these once it has shadow mode and ignores errors; the adapter only
    // listens, so the events are emitted here directly.
    breaker.events.emit('ignored', { error: new Error('404'), durationMs: 12 });
    breaker.events.emit('ignored', { error: new Error('404'), durationMs: 30 });
    breaker.events.emit('shadowRejected', { state: 'open' });
    breaker.events.emit('success', { durationMs: 5 }); // the shadow-rejected call, which ran
    breaker.events.emit('shadowRejected', { state: 'half-open' });
    breaker.events.emit('failure', { error: new Error('down'), durationMs: 7 });

    text = await registry.metrics();
    const calls = (outcome: string) =>
      sample(text, `ballast_breaker_calls_total${B(`outcome="${outcome}"`)}`);
    expect([calls('success'), calls('failure'), calls('ignored'), calls('rejected')]).toEqual([
      1, 1, 2, 0,
    ]);
    expect(sample(text, 'ballast_breaker_shadow_rejections_total{breaker="users"}')).toBe(2);
    // Ignored calls have no duration series: the histogram holds the counted calls.
    expect(text).not.toMatch(/ballast_breaker_call_duration_seconds_count\{[^}]*ignored/);
    expect(
      sample(text, `ballast_breaker_call_duration_seconds_count${B('outcome="success"')}`),
    ).toBe(1);
  });
});
