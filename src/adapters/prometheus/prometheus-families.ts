import { Counter, Gauge } from 'prom-client';
import type { BucketTally } from '../internal/buckets.js';
import { BREAKER_STATES, type BreakerTally } from '../internal/breaker-tally.js';
import { BREAKER_METRICS, RETRY_METRICS, SLO_METRICS } from '../internal/metric-catalog.js';
import { GIVE_UP_REASONS, type RetryTally } from '../internal/retry-tally.js';
import type { SloSeries } from '../internal/slo-series.js';
import { TallyHistogram, type TallySeries } from './tally-histogram.js';

/** A breaker's tally and its duration histograms. @internal */
export interface PromBreaker {
  readonly tally: BreakerTally;
  readonly success: BucketTally;
  readonly failure: BucketTally;
}

/** A retry policy's tally and its delay histogram. @internal */
export interface PromRetry {
  readonly tally: RetryTally;
  readonly delays: BucketTally;
}

/**
 * A metric family and the name it was registered under (kept apart because an OpenMetrics
 * registry renames counters in place when it exposes them). @internal
 */
export interface Family {
  readonly name: string;
  readonly metric: object;
}

/**
 * The metric families of one kind of target in one registry under one prefix, and the targets
 * they report, by label. Every family reads its targets when the registry is collected.
 *
 * @internal
 */
export interface FamilyGroup<T> {
  readonly targets: Map<string, T>;
  readonly families: readonly Family[];
  /** The histogram bounds the group was made with, by option name. */
  readonly buckets: Readonly<Record<string, readonly number[]>>;
}

/** The breaker families: state, calls, slow calls, state changes and call durations. @internal */
export function breakerFamilies(
  prefix: string,
  durationBuckets: readonly number[],
): FamilyGroup<PromBreaker> {
  const targets = new Map<string, PromBreaker>();
  const m = BREAKER_METRICS;
  const state: Gauge<string> = new Gauge({
    ...config(prefix, m.state),
    collect: () => {
      state.reset();
      for (const { tally } of targets.values()) {
        const current = tally.stateIndex();
        BREAKER_STATES.forEach((name, i) => {
          state.set({ breaker: tally.label, state: name }, i === current ? 1 : 0);
        });
      }
    },
  });
  const calls: Counter<string> = new Counter({
    ...config(prefix, m.calls),
    collect: () => {
      calls.reset();
      for (const { tally } of targets.values()) {
        const breaker = tally.label;
        calls.inc({ breaker, outcome: 'success' }, tally.success);
        calls.inc({ breaker, outcome: 'failure' }, tally.failure);
        calls.inc({ breaker, outcome: 'rejected' }, tally.rejected);
      }
    },
  });
  const slow: Counter<string> = new Counter({
    ...config(prefix, m.slowCalls),
    collect: () => {
      slow.reset();
      for (const { tally } of targets.values()) slow.inc({ breaker: tally.label }, tally.slow);
    },
  });
  const changes: Counter<string> = new Counter({
    ...config(prefix, m.stateChanges),
    collect: () => {
      changes.reset();
      for (const { tally } of targets.values()) {
        for (const { from, to, count } of tally.stateChanges()) {
          changes.inc({ breaker: tally.label, from, to }, count);
        }
      }
    },
  });
  const durations = new TallyHistogram(
    prefix + m.duration.prom,
    m.duration.help,
    durationBuckets,
    function* (): Iterable<TallySeries> {
      for (const { tally, success, failure } of targets.values()) {
        yield { labels: { breaker: tally.label, outcome: 'success' }, tally: success };
        yield { labels: { breaker: tally.label, outcome: 'failure' }, tally: failure };
      }
    },
  );
  return {
    targets,
    families: families(
      prefix,
      [m.state, state],
      [m.calls, calls],
      [m.slowCalls, slow],
      [m.stateChanges, changes],
      [m.duration, durations],
    ),
    buckets: { durationBuckets },
  };
}

/** The retry families: retries, give-ups, successes and delays. @internal */
export function retryFamilies(
  prefix: string,
  delayBuckets: readonly number[],
): FamilyGroup<PromRetry> {
  const targets = new Map<string, PromRetry>();
  const m = RETRY_METRICS;
  const retries: Counter<string> = new Counter({
    ...config(prefix, m.retries),
    collect: () => {
      retries.reset();
      for (const { tally } of targets.values()) retries.inc({ policy: tally.label }, tally.retries);
    },
  });
  const giveUps: Counter<string> = new Counter({
    ...config(prefix, m.giveUps),
    collect: () => {
      giveUps.reset();
      for (const { tally } of targets.values()) {
        for (const reason of GIVE_UP_REASONS) {
          giveUps.inc({ policy: tally.label, reason }, tally.giveUps[reason]);
        }
      }
    },
  });
  const successes: Counter<string> = new Counter({
    ...config(prefix, m.successes),
    collect: () => {
      successes.reset();
      for (const { tally } of targets.values()) {
        successes.inc({ policy: tally.label }, tally.successes);
      }
    },
  });
  const delays = new TallyHistogram(
    prefix + m.delay.prom,
    m.delay.help,
    delayBuckets,
    function* (): Iterable<TallySeries> {
      for (const { tally, delays } of targets.values()) {
        yield { labels: { policy: tally.label }, tally: delays };
      }
    },
  );
  return {
    targets,
    families: families(
      prefix,
      [m.retries, retries],
      [m.giveUps, giveUps],
      [m.successes, successes],
      [m.delay, delays],
    ),
    buckets: { delayBuckets },
  };
}

/**
 * The SLO families: the good and bad event counters the Prometheus rules read, and gauges of the
 * in-process readings. @internal
 */
export function sloFamilies(prefix: string): FamilyGroup<SloSeries> {
  const targets = new Map<string, SloSeries>();
  const m = SLO_METRICS;
  const events: Counter<string> = new Counter({
    ...config(prefix, m.events),
    collect: () => {
      events.reset();
      for (const series of targets.values()) {
        const { good, bad } = series.events();
        events.inc({ slo: series.label, outcome: 'good' }, good);
        events.inc({ slo: series.label, outcome: 'bad' }, bad);
      }
    },
  });
  const gauge = (
    spec: (typeof m)[keyof typeof m],
    read: (series: SloSeries, set: (labels: Record<string, string>, value: number) => void) => void,
  ): Gauge<string> => {
    const family: Gauge<string> = new Gauge({
      ...config(prefix, spec),
      collect: () => {
        family.reset();
        const set = (labels: Record<string, string>, value: number): void =>
          family.set(labels, value);
        for (const series of targets.values()) read(series, set);
      },
    });
    return family;
  };
  const objective = gauge(m.objective, (s, set) => set({ slo: s.label }, s.slo.objective));
  const sli = gauge(m.sli, (s, set) => {
    for (const w of s.windows) set({ slo: s.label, window: w.label }, s.slo.sli(w.ms));
  });
  const burnRate = gauge(m.burnRate, (s, set) => {
    for (const w of s.windows) set({ slo: s.label, window: w.label }, s.slo.burnRate(w.ms));
  });
  const remaining = gauge(m.budgetRemaining, (s, set) =>
    set({ slo: s.label }, s.slo.budget().remaining),
  );
  const alerts = gauge(m.alertActive, (s, set) => {
    const { page, ticket } = s.alertsActive();
    set({ slo: s.label, severity: 'page' }, page ? 1 : 0);
    set({ slo: s.label, severity: 'ticket' }, ticket ? 1 : 0);
  });
  return {
    targets,
    families: families(
      prefix,
      [m.events, events],
      [m.objective, objective],
      [m.sli, sli],
      [m.burnRate, burnRate],
      [m.budgetRemaining, remaining],
      [m.alertActive, alerts],
    ),
    buckets: {},
  };
}

function config(
  prefix: string,
  spec: { readonly prom: string; readonly help: string; readonly labels: readonly string[] },
): { name: string; help: string; labelNames: readonly string[]; registers: [] } {
  // Registered by the caller once every name is known to be free, so a clash leaves nothing behind.
  return { name: prefix + spec.prom, help: spec.help, labelNames: spec.labels, registers: [] };
}

function families(
  prefix: string,
  ...pairs: (readonly [{ readonly prom: string }, object])[]
): Family[] {
  return pairs.map(([spec, metric]) => ({ name: prefix + spec.prom, metric }));
}
