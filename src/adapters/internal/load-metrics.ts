import type { MetricSpec } from './metric-catalog.js';

// The metrics of the load policies (bulkhead, rate limiter, fallback), beside the others of
// metric-catalog.ts and named by the same rules.

/** @internal */
export const BULKHEAD_METRICS = {
  active: {
    prom: 'bulkhead_active',
    otel: 'bulkhead.active',
    unit: '{call}',
    help: 'Calls running in the bulkhead now.',
    labels: ['policy'],
  },
  queued: {
    prom: 'bulkhead_queued',
    otel: 'bulkhead.queued',
    unit: '{call}',
    help: 'Calls waiting in the bulkhead queue for a slot now.',
    labels: ['policy'],
  },
  rejections: {
    prom: 'bulkhead_rejections_total',
    otel: 'bulkhead.rejections',
    unit: '{call}',
    help: 'Calls the bulkhead refused, by reason (full: no slot and no room in the queue; deadline).',
    labels: ['policy', 'reason'],
  },
} as const satisfies Record<string, MetricSpec>;

/** @internal */
export const RATE_LIMIT_METRICS = {
  queued: {
    prom: 'rate_limiter_queued',
    otel: 'rate_limiter.queued',
    unit: '{call}',
    help: 'Calls waiting for a token of the rate limiter now.',
    labels: ['policy'],
  },
  rejections: {
    prom: 'rate_limiter_rejections_total',
    otel: 'rate_limiter.rejections',
    unit: '{call}',
    help: 'Calls the rate limiter refused, by reason (limit, queue, deadline).',
    labels: ['policy', 'reason'],
  },
} as const satisfies Record<string, MetricSpec>;

/** @internal */
export const FALLBACK_METRICS = {
  fallbacks: {
    prom: 'fallback_total',
    otel: 'fallback',
    unit: '{call}',
    help: 'Failed calls the fallback policy answered with its fallback.',
    labels: ['policy'],
  },
} as const satisfies Record<string, MetricSpec>;

/** Every metric of the load policies. @internal */
export const LOAD_METRICS: readonly MetricSpec[] = [
  ...Object.values<MetricSpec>(BULKHEAD_METRICS),
  ...Object.values<MetricSpec>(RATE_LIMIT_METRICS),
  ...Object.values<MetricSpec>(FALLBACK_METRICS),
];
