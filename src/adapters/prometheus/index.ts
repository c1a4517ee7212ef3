export { instrumentPrometheus, type InstrumentPrometheusOptions } from './instrument-prometheus.js';
export { sloSelectors, type SloSelectorsOptions } from './slo-selectors.js';
export type { Instrumentation } from '../internal/instrumentation.js';
export type {
  InstrumentTargets,
  InstrumentedBreaker,
  InstrumentedRetry,
  InstrumentedSlo,
  InstrumentedTimeout,
  InstrumentedBulkhead,
  InstrumentedRateLimiter,
  InstrumentedFallback,
  InstrumentedThrottle,
  InstrumentedConcurrencyLimit,
} from '../internal/targets.js';
