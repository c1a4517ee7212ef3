import { Counter } from 'prom-client';
import type { BucketTally } from '../internal/buckets.js';
import { RETRY_METRICS } from '../internal/metric-catalog.js';
import { GIVE_UP_REASONS, type RetryTally } from '../internal/retry-tally.js';
import { config, named, type FamilyGroup } from './family-group.js';
import { TallyHistogram, type TallySeries } from './tally-histogram.js';

/** A retry policy's tally and its delay histogram. @internal */
export interface PromRetry {
  readonly tally: RetryTally;
  readonly delays: BucketTally;
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
    families: named(
      prefix,
      [m.retries, retries],
      [m.giveUps, giveUps],
      [m.successes, successes],
      [m.delay, delays],
    ),
    buckets: { delayBuckets },
  };
}
