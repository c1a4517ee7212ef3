export {
  instrumentOpenTelemetry,
  type InstrumentOpenTelemetryOptions,
} from './instrument-opentelemetry.js';
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
