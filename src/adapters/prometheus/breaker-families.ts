import { Counter, Gauge } from 'prom-client';
import type { BucketTally } from '../internal/buckets.js';
import { BREAKER_STATES, type BreakerTally } from '../internal/breaker-tally.js';
import { BREAKER_METRICS } from '../internal/metric-catalog.js';
import { config, named, type FamilyGroup } from './family-group.js';
import { TallyHistogram, type TallySeries } from './tally-histogram.js';

/** A breaker's tally and its duration histograms. @internal */
export interface PromBreaker {
  readonly tally: BreakerTally;
  readonly success: BucketTally;
  readonly failure: BucketTally;
}

/**
 * The breaker families: state, calls, shadow rejections, slow calls, state changes and call
 * durations. @internal
 */
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
        calls.inc({ breaker, outcome: 'ignored' }, tally.ignored);
        calls.inc({ breaker, outcome: 'rejected' }, tally.rejected);
      }
    },
  });
  const shadow: Counter<string> = new Counter({
    ...config(prefix, m.shadowRejections),
    collect: () => {
      shadow.reset();
      for (const { tally } of targets.values()) {
        shadow.inc({ breaker: tally.label }, tally.shadowRejected);
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
    families: named(
      prefix,
      [m.state, state],
      [m.calls, calls],
      [m.shadowRejections, shadow],
      [m.slowCalls, slow],
      [m.stateChanges, changes],
      [m.duration, durations],
    ),
    buckets: { durationBuckets },
  };
}
