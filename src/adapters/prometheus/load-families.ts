import { Counter, Gauge } from 'prom-client';
import {
  BULKHEAD_METRICS,
  FALLBACK_METRICS,
  RATE_LIMIT_METRICS,
} from '../internal/load-metrics.js';
import {
  BULKHEAD_REJECT_REASONS,
  RATE_LIMIT_REJECT_REASONS,
  type BulkheadTally,
  type FallbackTally,
  type RateLimitTally,
} from '../internal/load-tally.js';
import { config, named, type FamilyGroup } from './family-group.js';

/** The bulkhead families: calls running and queued (read at collection), rejections. @internal */
export function bulkheadFamilies(prefix: string): FamilyGroup<BulkheadTally> {
  const targets = new Map<string, BulkheadTally>();
  const m = BULKHEAD_METRICS;
  const active: Gauge<string> = new Gauge({
    ...config(prefix, m.active),
    collect: () => {
      active.reset();
      for (const t of targets.values()) active.set({ policy: t.label }, t.bulkhead.active);
    },
  });
  const queued: Gauge<string> = new Gauge({
    ...config(prefix, m.queued),
    collect: () => {
      queued.reset();
      for (const t of targets.values()) queued.set({ policy: t.label }, t.bulkhead.queued);
    },
  });
  const rejections: Counter<string> = new Counter({
    ...config(prefix, m.rejections),
    collect: () => {
      rejections.reset();
      for (const t of targets.values()) {
        for (const reason of BULKHEAD_REJECT_REASONS) {
          rejections.inc({ policy: t.label, reason }, t.rejections[reason]);
        }
      }
    },
  });
  return {
    targets,
    families: named(prefix, [m.active, active], [m.queued, queued], [m.rejections, rejections]),
    buckets: {},
  };
}

/** The rate limiter families: calls waiting (read at collection), rejections. @internal */
export function rateLimitFamilies(prefix: string): FamilyGroup<RateLimitTally> {
  const targets = new Map<string, RateLimitTally>();
  const m = RATE_LIMIT_METRICS;
  const queued: Gauge<string> = new Gauge({
    ...config(prefix, m.queued),
    collect: () => {
      queued.reset();
      for (const t of targets.values()) queued.set({ policy: t.label }, t.limiter.queued);
    },
  });
  const rejections: Counter<string> = new Counter({
    ...config(prefix, m.rejections),
    collect: () => {
      rejections.reset();
      for (const t of targets.values()) {
        for (const reason of RATE_LIMIT_REJECT_REASONS) {
          rejections.inc({ policy: t.label, reason }, t.rejections[reason]);
        }
      }
    },
  });
  return {
    targets,
    families: named(prefix, [m.queued, queued], [m.rejections, rejections]),
    buckets: {},
  };
}

/** The fallback family: fallbacks served, per policy. @internal */
export function fallbackFamilies(prefix: string): FamilyGroup<FallbackTally> {
  const targets = new Map<string, FallbackTally>();
  const m = FALLBACK_METRICS;
  const fallbacks: Counter<string> = new Counter({
    ...config(prefix, m.fallbacks),
    collect: () => {
      fallbacks.reset();
      for (const t of targets.values()) fallbacks.inc({ policy: t.label }, t.fallbacks);
    },
  });
  return { targets, families: named(prefix, [m.fallbacks, fallbacks]), buckets: {} };
}
