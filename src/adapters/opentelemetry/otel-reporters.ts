import {
  ValueType,
  type Attributes,
  type BatchObservableResult,
  type Histogram,
  type Meter,
  type Observable,
} from '@opentelemetry/api';
import { BREAKER_STATES, BreakerTally } from '../internal/breaker-tally.js';
import {
  BREAKER_METRICS,
  RETRY_METRICS,
  SLO_METRICS,
  TIMEOUT_METRICS,
  type MetricSpec,
} from '../internal/metric-catalog.js';
import { GIVE_UP_REASONS, RetryTally } from '../internal/retry-tally.js';
import { SloSeries } from '../internal/slo-series.js';
import type {
  InstrumentedBreaker,
  InstrumentedRetry,
  InstrumentedSlo,
  InstrumentedTimeout,
} from '../internal/targets.js';
import { TimeoutTally } from '../internal/timeout-tally.js';

/** Observes one target's values into a batch callback's result. @internal */
export type Reporter = (result: BatchObservableResult) => void;

/** What one kind of target adds to an instrumentation. @internal */
export interface KindSetup {
  readonly observables: Observable[];
  readonly reporters: Reporter[];
  readonly detachers: (() => void)[];
}

/** Instrument factories bound to a meter and a prefix. @internal */
export class Instruments {
  constructor(
    readonly meter: Meter,
    readonly prefix: string,
  ) {}

  counter(spec: MetricSpec): Observable {
    return this.meter.createObservableCounter(this.prefix + spec.otel, {
      ...describe(spec),
      valueType: ValueType.INT,
    });
  }

  gauge(spec: MetricSpec, valueType: ValueType = ValueType.DOUBLE): Observable {
    return this.meter.createObservableGauge(this.prefix + spec.otel, {
      ...describe(spec),
      valueType,
    });
  }

  histogram(spec: MetricSpec, bounds: readonly number[]): Histogram {
    return this.meter.createHistogram(this.prefix + spec.otel, {
      ...describe(spec),
      advice: { explicitBucketBoundaries: [...bounds] },
    });
  }
}

function describe(spec: MetricSpec): { description: string; unit?: string } {
  return spec.unit === ''
    ? { description: spec.help }
    : { description: spec.help, unit: spec.unit };
}

/** Breakers: counters and the state gauge observed, durations recorded as calls end. @internal */
export function setUpBreakers(
  make: Instruments,
  breakers: readonly (readonly [string, InstrumentedBreaker])[],
  durationBuckets: readonly number[],
): KindSetup {
  const m = BREAKER_METRICS;
  const state = make.gauge(m.state, ValueType.INT);
  const calls = make.counter(m.calls);
  const shadow = make.counter(m.shadowRejections);
  const slow = make.counter(m.slowCalls);
  const changes = make.counter(m.stateChanges);
  const duration = make.histogram(m.duration, durationBuckets);
  const setup: KindSetup = {
    observables: [state, calls, shadow, slow, changes],
    reporters: [],
    detachers: [],
  };
  for (const [breaker, target] of breakers) {
    const success = attributes({ breaker, outcome: 'success' });
    const failure = attributes({ breaker, outcome: 'failure' });
    const ignored = attributes({ breaker, outcome: 'ignored' });
    const rejected = attributes({ breaker, outcome: 'rejected' });
    const only = attributes({ breaker });
    const states = BREAKER_STATES.map((name) => attributes({ breaker, state: name }));
    const tally = new BreakerTally(
      breaker,
      target,
      { observe: (seconds) => duration.record(seconds, success) },
      { observe: (seconds) => duration.record(seconds, failure) },
    );
    setup.detachers.push(() => tally.detach());
    setup.reporters.push((result) => {
      const current = tally.stateIndex();
      states.forEach((attrs, i) => result.observe(state, i === current ? 1 : 0, attrs));
      result.observe(calls, tally.success, success);
      result.observe(calls, tally.failure, failure);
      result.observe(calls, tally.ignored, ignored);
      result.observe(calls, tally.rejected, rejected);
      result.observe(shadow, tally.shadowRejected, only);
      result.observe(slow, tally.slow, only);
      for (const { from, to, count } of tally.stateChanges()) {
        result.observe(changes, count, { breaker, from, to });
      }
    });
  }
  return setup;
}

/** Retry policies: counters observed, delays recorded as retries are scheduled. @internal */
export function setUpRetries(
  make: Instruments,
  policies: readonly (readonly [string, InstrumentedRetry])[],
  delayBuckets: readonly number[],
): KindSetup {
  const m = RETRY_METRICS;
  const retries = make.counter(m.retries);
  const giveUps = make.counter(m.giveUps);
  const successes = make.counter(m.successes);
  const delay = make.histogram(m.delay, delayBuckets);
  const setup: KindSetup = {
    observables: [retries, giveUps, successes],
    reporters: [],
    detachers: [],
  };
  for (const [policy, target] of policies) {
    const only = attributes({ policy });
    const reasons = GIVE_UP_REASONS.map(
      (reason) => [reason, attributes({ policy, reason })] as const,
    );
    const tally = new RetryTally(policy, target, {
      observe: (seconds) => delay.record(seconds, only),
    });
    setup.detachers.push(() => tally.detach());
    setup.reporters.push((result) => {
      result.observe(retries, tally.retries, only);
      for (const [reason, attrs] of reasons) result.observe(giveUps, tally.giveUps[reason], attrs);
      result.observe(successes, tally.successes, only);
    });
  }
  return setup;
}

/** Timeout policies: the count of expired timeouts, observed. @internal */
export function setUpTimeouts(
  make: Instruments,
  policies: readonly (readonly [string, InstrumentedTimeout])[],
): KindSetup {
  const timeouts = make.counter(TIMEOUT_METRICS.timeouts);
  const setup: KindSetup = { observables: [timeouts], reporters: [], detachers: [] };
  for (const [policy, target] of policies) {
    const only = attributes({ policy });
    const tally = new TimeoutTally(policy, target);
    setup.detachers.push(() => tally.detach());
    setup.reporters.push((result) => result.observe(timeouts, tally.timeouts, only));
  }
  return setup;
}

/** SLO trackers: everything read from the tracker when the meter collects. @internal */
export function setUpSlos(
  make: Instruments,
  slos: readonly (readonly [string, InstrumentedSlo])[],
): KindSetup {
  const m = SLO_METRICS;
  const events = make.counter(m.events);
  const objective = make.gauge(m.objective);
  const sli = make.gauge(m.sli);
  const burnRate = make.gauge(m.burnRate);
  const remaining = make.gauge(m.budgetRemaining);
  const alertActive = make.gauge(m.alertActive, ValueType.INT);
  const setup: KindSetup = {
    observables: [events, objective, sli, burnRate, remaining, alertActive],
    reporters: [],
    detachers: [],
  };
  for (const [slo, target] of slos) {
    const series = new SloSeries(slo, target);
    const only = attributes({ slo });
    const good = attributes({ slo, outcome: 'good' });
    const bad = attributes({ slo, outcome: 'bad' });
    const page = attributes({ slo, severity: 'page' });
    const ticket = attributes({ slo, severity: 'ticket' });
    const windows = series.windows.map(
      (w) => [w.ms, attributes({ slo, window: w.label })] as const,
    );
    setup.reporters.push((result) => {
      const counts = series.events();
      result.observe(events, counts.good, good);
      result.observe(events, counts.bad, bad);
      result.observe(objective, target.objective, only);
      for (const [ms, attrs] of windows) {
        result.observe(sli, target.sli(ms), attrs);
        result.observe(burnRate, target.burnRate(ms), attrs);
      }
      result.observe(remaining, target.budget().remaining, only);
      const active = series.alertsActive();
      result.observe(alertActive, active.page ? 1 : 0, page);
      result.observe(alertActive, active.ticket ? 1 : 0, ticket);
    });
  }
  return setup;
}

/** Frozen, so the objects handed to the SDK on every record are never changed. */
function attributes(values: Attributes): Attributes {
  return Object.freeze(values);
}
