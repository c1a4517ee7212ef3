import { ValueType } from '@opentelemetry/api';
import {
  BULKHEAD_METRICS,
  FALLBACK_METRICS,
  RATE_LIMIT_METRICS,
} from '../internal/load-metrics.js';
import {
  BULKHEAD_REJECT_REASONS,
  BulkheadTally,
  FallbackTally,
  RATE_LIMIT_REJECT_REASONS,
  RateLimitTally,
} from '../internal/load-tally.js';
import type {
  InstrumentedBulkhead,
  InstrumentedFallback,
  InstrumentedRateLimiter,
} from '../internal/targets.js';
import type { Instruments, KindSetup } from './otel-reporters.js';

/** Bulkheads: calls running and queued, read when the meter collects; rejections. @internal */
export function setUpBulkheads(
  make: Instruments,
  bulkheads: readonly (readonly [string, InstrumentedBulkhead])[],
): KindSetup {
  const m = BULKHEAD_METRICS;
  const active = make.gauge(m.active, ValueType.INT);
  const queued = make.gauge(m.queued, ValueType.INT);
  const rejections = make.counter(m.rejections);
  const setup: KindSetup = {
    observables: [active, queued, rejections],
    reporters: [],
    detachers: [],
  };
  for (const [policy, target] of bulkheads) {
    const tally = new BulkheadTally(policy, target);
    const only = Object.freeze({ policy });
    const byReason = BULKHEAD_REJECT_REASONS.map(
      (reason) => [reason, Object.freeze({ policy, reason })] as const,
    );
    setup.detachers.push(() => tally.detach());
    setup.reporters.push((result) => {
      result.observe(active, target.active, only);
      result.observe(queued, target.queued, only);
      for (const [reason, attrs] of byReason) {
        result.observe(rejections, tally.rejections[reason], attrs);
      }
    });
  }
  return setup;
}

/** Rate limiters: calls waiting, read when the meter collects; rejections. @internal */
export function setUpRateLimiters(
  make: Instruments,
  limiters: readonly (readonly [string, InstrumentedRateLimiter])[],
): KindSetup {
  const m = RATE_LIMIT_METRICS;
  const queued = make.gauge(m.queued, ValueType.INT);
  const rejections = make.counter(m.rejections);
  const setup: KindSetup = { observables: [queued, rejections], reporters: [], detachers: [] };
  for (const [policy, target] of limiters) {
    const tally = new RateLimitTally(policy, target);
    const only = Object.freeze({ policy });
    const byReason = RATE_LIMIT_REJECT_REASONS.map(
      (reason) => [reason, Object.freeze({ policy, reason })] as const,
    );
    setup.detachers.push(() => tally.detach());
    setup.reporters.push((result) => {
      result.observe(queued, target.queued, only);
      for (const [reason, attrs] of byReason) {
        result.observe(rejections, tally.rejections[reason], attrs);
      }
    });
  }
  return setup;
}

/** Fallback policies: the count of fallbacks served. @internal */
export function setUpFallbacks(
  make: Instruments,
  policies: readonly (readonly [string, InstrumentedFallback])[],
): KindSetup {
  const fallbacks = make.counter(FALLBACK_METRICS.fallbacks);
  const setup: KindSetup = { observables: [fallbacks], reporters: [], detachers: [] };
  for (const [policy, target] of policies) {
    const tally = new FallbackTally(policy, target);
    const only = Object.freeze({ policy });
    setup.detachers.push(() => tally.detach());
    setup.reporters.push((result) => result.observe(fallbacks, tally.fallbacks, only));
  }
  return setup;
}
