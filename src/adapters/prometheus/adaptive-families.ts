import { Counter, Gauge } from 'prom-client';
import {
  LIMIT_REASONS,
  type ConcurrencyLimitTally,
  type ThrottleTally,
} from '../internal/adaptive-tally.js';
import { CONCURRENCY_LIMIT_METRICS, THROTTLE_METRICS } from '../internal/metric-catalog.js';
import { config, named, type FamilyGroup } from './family-group.js';

/**
 * The adaptive throttle families: local rejections, the rejection probability and the window
 * counts, per throttle, read when the registry is collected. @internal
 */
export function throttleFamilies(prefix: string): FamilyGroup<ThrottleTally> {
  const targets = new Map<string, ThrottleTally>();
  const m = THROTTLE_METRICS;
  const rejections: Counter<string> = new Counter({
    ...config(prefix, m.rejections),
    collect: () => {
      rejections.reset();
      for (const t of targets.values()) rejections.inc({ throttle: t.label }, t.rejections);
    },
  });
  const gauge = (
    spec: (typeof m)['probability' | 'requests' | 'accepts'],
    read: (t: ThrottleTally) => number,
  ): Gauge<string> => {
    const family: Gauge<string> = new Gauge({
      ...config(prefix, spec),
      collect: () => {
        family.reset();
        for (const t of targets.values()) family.set({ throttle: t.label }, read(t));
      },
    });
    return family;
  };
  const probability = gauge(m.probability, (t) => t.throttle.rejectionProbability);
  const requests = gauge(m.requests, (t) => t.throttle.requests);
  const accepts = gauge(m.accepts, (t) => t.throttle.accepts);
  return {
    targets,
    families: named(
      prefix,
      [m.rejections, rejections],
      [m.probability, probability],
      [m.requests, requests],
      [m.accepts, accepts],
    ),
    buckets: {},
  };
}

/**
 * The adaptive concurrency limit families: the limit, the calls running and queued, and the
 * calls turned away by reason, per limiter. @internal
 */
export function concurrencyLimitFamilies(prefix: string): FamilyGroup<ConcurrencyLimitTally> {
  const targets = new Map<string, ConcurrencyLimitTally>();
  const m = CONCURRENCY_LIMIT_METRICS;
  const rejections: Counter<string> = new Counter({
    ...config(prefix, m.rejections),
    collect: () => {
      rejections.reset();
      for (const t of targets.values()) {
        for (const reason of LIMIT_REASONS) {
          rejections.inc({ limiter: t.label, reason }, t.rejections[reason]);
        }
      }
    },
  });
  const gauge = (
    spec: (typeof m)['limit' | 'inFlight' | 'queued'],
    read: (t: ConcurrencyLimitTally) => number,
  ): Gauge<string> => {
    const family: Gauge<string> = new Gauge({
      ...config(prefix, spec),
      collect: () => {
        family.reset();
        for (const t of targets.values()) family.set({ limiter: t.label }, read(t));
      },
    });
    return family;
  };
  const limit = gauge(m.limit, (t) => t.limiter.limit);
  const inFlight = gauge(m.inFlight, (t) => t.limiter.inFlight);
  const queued = gauge(m.queued, (t) => t.limiter.queued);
  return {
    targets,
    families: named(
      prefix,
      [m.limit, limit],
      [m.inFlight, inFlight],
      [m.queued, queued],
      [m.rejections, rejections],
    ),
    buckets: {},
  };
}
