import { Counter } from 'prom-client';
import { TIMEOUT_METRICS } from '../internal/metric-catalog.js';
import type { TimeoutTally } from '../internal/timeout-tally.js';
import { config, named, type FamilyGroup } from './family-group.js';

/** The timeout family: expired timeouts, per policy. @internal */
export function timeoutFamilies(prefix: string): FamilyGroup<TimeoutTally> {
  const targets = new Map<string, TimeoutTally>();
  const m = TIMEOUT_METRICS;
  const timeouts: Counter<string> = new Counter({
    ...config(prefix, m.timeouts),
    collect: () => {
      timeouts.reset();
      for (const tally of targets.values()) timeouts.inc({ policy: tally.label }, tally.timeouts);
    },
  });
  return { targets, families: named(prefix, [m.timeouts, timeouts]), buckets: {} };
}
